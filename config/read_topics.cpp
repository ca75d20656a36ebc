// [topics]: who may start topics, the hot ranking, digests and the topics of the week.
#include "config/section_readers.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanbase::config::detail {

namespace {

constexpr std::array<std::string_view, 7> weekday_names{"monday", "tuesday",  "wednesday", "thursday",
                                                         "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 2> topic_starter_names{"members", "moderators"};

// "HH:MM" (24-hour clock) → minutes after midnight.
std::optional<int> parse_clock_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

void read_weekly_topics(const toml::array& array, const std::string& path, Problems& problems,
                        std::vector<WeeklyTopicConfig>& out) {
  out.clear();
  for (const auto& [table, element] : tables_of(array, path, problems)) {
    TableReader t(*table, element, problems);
    WeeklyTopicConfig entry;
    if (t.require("title") != nullptr) t.read_string("title", entry.title, true);
    std::vector<std::string> tags;
    t.read_strings("tags", tags, true);
    for (auto& tag : tags) {
      while (!tag.empty() && tag.front() == '#') tag.erase(0, 1);
      if (!tag.empty()) entry.tags.push_back(std::move(tag));
    }
    if (t.require("weekday") != nullptr) t.read_enum("weekday", entry.weekday, weekday_names);
    if (const auto* node = t.require("time")) {
      if (const auto text = to_string_value(*node, t.path_of("time"), true, problems)) {
        if (const auto minutes = parse_clock_time(*text)) {
          entry.minute_of_day = *minutes;
        } else {
          problems.add(node->source(), t.path_of("time"),
                       "expected a time \"HH:MM\" from 00:00 to 23:59 (got " + quoted(*text) + ")");
        }
      }
    }
    t.read_name("platform", entry.platform, platform_names);
    if (t.require("chat_id") != nullptr) {
      if (auto id = to_id(*t.get("chat_id"), t.path_of("chat_id"), problems)) entry.chat_id = std::move(*id);
    }
    t.finish();
    out.push_back(std::move(entry));
  }
}

}  // namespace

void read_topics(TableReader t, TopicsConfig& topics) {
  if (const auto* node = t.get("who_can_start")) {
    if (const auto i = to_choice(*node, t.path_of("who_can_start"), topic_starter_names, t.problems())) {
      topics.members_can_start = *i == 0;
    }
  }
  t.read_int("hot_half_life_hours", topics.hot_half_life_hours, 1, 24 * 365);
  t.read_int("digest_minutes", topics.digest_minutes, 1, 7 * 24 * 60);
  t.read_int("list_size", topics.list_size, 1, 50);
  t.read_int("max_title_length", topics.max_title_length, 10, 500);
  if (const auto* a = t.array("weekly")) read_weekly_topics(*a, t.path_of("weekly"), t.problems(), topics.weekly);
  t.finish();
}

}  // namespace fanbase::config::detail
