#include "handlers/topics/topic_rules.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/args.hpp"
#include "handlers/core/tags.hpp"
#include "handlers/personal/content_catalog.hpp"

namespace fanbase::handlers::topics {
namespace {

constexpr std::int64_t max_topic_id = 1'000'000'000'000'000;
constexpr std::string_view subject_prefix = "topic:";

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : (a - b + 1) / b; }


}  // namespace

double decayed(double hot, std::int64_t hot_at, std::int64_t at, std::int64_t half_life_ms) {
  if (at <= hot_at || half_life_ms <= 0) return hot;
  return hot * std::exp2(-static_cast<double>(at - hot_at) / static_cast<double>(half_life_ms));
}

Heat with_post(double hot, std::int64_t hot_at, std::int64_t post_at, std::int64_t half_life_ms) {
  if (post_at >= hot_at) return {decayed(hot, hot_at, post_at, half_life_ms) + 1.0, post_at};
  return {hot + std::exp2(-static_cast<double>(hot_at - post_at) / static_cast<double>(half_life_ms)), hot_at};
}

Result<Draft> parse_draft(const std::vector<std::string>& args, std::size_t from, std::size_t max_title) {
  std::size_t end = args.size();
  while (end > from && tag_of(args[end - 1])) --end;
  Draft draft;
  for (std::size_t i = from; i < end; ++i) {
    if (!draft.title.empty()) draft.title += ' ';
    draft.title += args[i];
  }
  draft.title = std::string(text::trim(draft.title));
  if (draft.title.empty()) return user_error(Errc::bad_input, "topics.need_title");
  if (text::codepoints(draft.title) > max_title) {
    return user_error(Errc::bad_input, "topics.title_too_long", {std::to_string(max_title)});
  }
  for (std::size_t i = end; i < args.size(); ++i) {
    std::string tag = *tag_of(args[i]);
    if (!tag_fits(tag, max_tag_length)) {
      return user_error(Errc::bad_input, "topics.tag_too_long", {std::to_string(max_tag_length)});
    }
    bool seen = false;
    for (const auto& t : draft.tags) seen = seen || t == tag;
    if (!seen) draft.tags.push_back(std::move(tag));
  }
  if (draft.tags.size() > max_tags) return user_error(Errc::bad_input, "topics.too_many_tags", {std::to_string(max_tags)});
  return draft;
}

Result<std::int64_t> parse_topic_id(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '#') digits.remove_prefix(1);
  const bool numeric = !digits.empty() && digits.size() <= 16 &&
                       digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!numeric) return user_error(Errc::bad_input, "topics.bad_id", {std::string(text::prefix_codepoints(text, 32))});
  const auto id = parse_amount(digits, 1, max_topic_id);
  if (!id) return user_error(Errc::bad_input, "topics.bad_id", {std::string(text::prefix_codepoints(text, 32))});
  return *id;
}

std::string subject_of(std::int64_t id) { return std::string(subject_prefix) + std::to_string(id); }

std::optional<std::int64_t> id_from_subject(std::string_view subject) {
  if (subject.substr(0, subject_prefix.size()) != subject_prefix) return std::nullopt;
  const auto id = parse_topic_id(subject.substr(subject_prefix.size()));
  if (!id) return std::nullopt;
  return *id;
}

std::string stored_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::string shown_tags(std::string_view stored) {
  std::string out;
  std::size_t start = 0;
  while (start < stored.size()) {
    std::size_t end = stored.find(' ', start);
    if (end == std::string_view::npos) end = stored.size();
    if (end > start) {
      out += " #";
      out += stored.substr(start, end - start);
    }
    start = end + 1;
  }
  return out;
}

std::int64_t local_week(std::int64_t at_ms, int utc_offset_minutes) {
  return floor_div(text::local_day(at_ms, utc_offset_minutes) + 3, 7);  // day 0 is a Thursday
}

std::int64_t scheduled_at(std::int64_t week, int weekday, int minute_of_day, int utc_offset_minutes) {
  const std::int64_t day = week * 7 - 3 + weekday;  // the Monday of week w is local day 7w - 3
  return day * day_ms + std::int64_t{minute_of_day} * 60'000 - std::int64_t{utc_offset_minutes} * 60'000;
}

std::string local_stamp(std::int64_t at_ms, int utc_offset_minutes) {
  const auto secs = static_cast<std::time_t>(floor_div(local_ms(at_ms, utc_offset_minutes), 1000));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min);
  return buf;
}

std::int64_t start_topic(Services& services, Turn& turn, const StartTopic& start) {
  auto& repo = services.store.topics;
  storage::NewTopic topic;
  topic.community_id = start.community_id;
  topic.title = start.draft.title;
  topic.tags = stored_tags(start.draft.tags);
  if (start.starter != nullptr) topic.starter_id = start.starter->id;
  topic.thread_id = start.thread_id;
  topic.reference = turn.event.key;
  topic.at = turn.event.at_ms;
  const std::int64_t id = repo.create(topic);
  catalog_topic(services, turn, start.community_id, id, topic.title, topic.tags, topic.starter_id);
  if (start.starter != nullptr) repo.follow(id, start.starter->id, turn.event.at_ms);

  const std::string shown = shown_tags(topic.tags);
  const std::string text =
      start.starter != nullptr
          ? services.catalog.render(start.language, "topics.announce",
                                    {std::to_string(id), topic.title, shown, display_name(*start.starter)})
          : services.catalog.render(start.language, "topics.announce_weekly", {std::to_string(id), topic.title, shown});
  Action& a = turn.act(ActionKind::send_message);
  a.platform = start.platform;
  a.chat_id = start.chat_id;
  a.thread_id = start.thread_id;
  a.text = text;
  a.subject = subject_of(id);
  return id;
}

}  // namespace fanbase::handlers::topics
