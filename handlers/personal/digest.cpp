#include "handlers/personal/digest.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/personal/recommender.hpp"

namespace fanbase::handlers {
namespace {

constexpr int candidates = 500;

int local_hour(std::int64_t at, int offset_minutes) {
  const std::int64_t local = local_ms(at, offset_minutes);
  return static_cast<int>(((local % day_ms + day_ms) % day_ms) / hour_ms);
}

std::int64_t local_week(std::int64_t day) { return (day + 3) / 7; }  // 1970-01-01 was a Thursday: weeks from Monday

bool quiet(const config::DigestConfig& d, int hour) {
  if (d.quiet_start_hour == d.quiet_end_hour) return false;
  if (d.quiet_start_hour < d.quiet_end_hour) return hour >= d.quiet_start_hour && hour < d.quiet_end_hour;
  return hour >= d.quiet_start_hour || hour < d.quiet_end_hour;  // over midnight
}

std::set<std::string> tags_of(const std::string& tags) {
  std::set<std::string> out;
  std::istringstream in(tags);
  std::string t;
  while (in >> t) out.insert(t);
  return out;
}

}  // namespace

std::vector<storage::ContentItem> digest_picks(Services& services, std::int64_t community_id, std::int64_t member_id,
                                               std::int64_t since, int n) {
  auto& content = services.store.content;
  if (services.recommender != nullptr && services.config.recommender.enabled) {
    // The recommender's ranking (ALS, tag similarity, popularity, exclusions, diversity), kept to what is new.
    Recommender& rec = *services.recommender;
    const Catalog& catalog = rec.catalog(content, community_id);
    const auto model = rec.model(community_id);
    RankRequest req;
    req.member_id = member_id;
    req.history = content.items_of(member_id);
    req.n = std::max(n * 10, 50);
    req.cold_start_interactions = services.config.recommender.cold_start_interactions;
    req.diversity = services.config.recommender.diversity;
    std::vector<storage::ContentItem> out;
    for (const Pick& pick : rank_picks(req, catalog, model.get())) {
      const Catalog::Item* item = catalog.find(pick.item_id);
      if (item == nullptr || item->created_at <= since) continue;
      if (auto row = content.by_id(pick.item_id)) out.push_back(std::move(*row));
      if (static_cast<int>(out.size()) >= n) break;
    }
    if (!out.empty()) return out;
    // The ranking's top slots were all older items: fall back to the new ones by interest overlap, so a digest
    // never says "nothing new" when there is something new.
  }
  std::set<std::int64_t> seen;
  for (const auto& [item, negative] : content.items_of(member_id)) seen.insert(item);
  std::set<std::string> interests;
  for (const auto& tags : services.store.segments.interest_tags(member_id, 200)) {
    for (const auto& t : tags_of(tags)) interests.insert(t);
  }
  std::vector<std::pair<std::size_t, storage::ContentItem>> scored;
  for (auto& item : content.live(community_id, candidates)) {
    if (item.created_at <= since || seen.count(item.id) || (item.author_id && *item.author_id == member_id)) continue;
    std::size_t overlap = 0;
    for (const auto& t : tags_of(item.tags)) overlap += interests.count(t);
    scored.emplace_back(overlap, std::move(item));
  }
  // Overlap first, then newest (live() is newest first and stable_sort keeps that order among equals).
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<storage::ContentItem> out;
  for (auto& [overlap, item] : scored) {
    if (static_cast<int>(out.size()) >= n) break;
    out.push_back(std::move(item));
  }
  return out;
}

void send_digests(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  const config::DigestConfig& d = services_.config.digest;
  const int offset = services_.config.bot.utc_offset_minutes;
  const int hour = local_hour(ev.at_ms, offset);
  if (quiet(d, hour)) return;
  const std::int64_t today = text::local_day(ev.at_ms, offset);
  const std::int64_t week = local_week(today);
  auto& repo = services_.store.digests;
  for (std::int64_t community : services_.store.segments.communities(ev.platform)) {
    std::vector<storage::DigestRow> due;
    for (auto& sub : repo.subscribed(community)) {
      if (hour < sub.hour) continue;
      const bool sent_today = sub.last_sent_at != 0 && text::local_day(sub.last_sent_at, offset) == today;
      if (sub.frequency == "daily" ? sent_today : sub.last_sent_at != 0 && ev.at_ms - sub.last_sent_at < 7 * day_ms) {
        continue;
      }
      if (sub.last_check_at > sub.last_sent_at && text::local_day(sub.last_check_at, offset) == today) continue;
      const int sent_in_week = sub.week == week ? sub.sent_in_week : 0;
      if (sent_in_week >= d.max_per_week) continue;
      sub.sent_in_week = sent_in_week;
      due.push_back(std::move(sub));
    }
    if (due.empty()) continue;
    const auto where = repo.community(community);
    const std::string& title = where.title;
    const std::string& platform = where.platform;
    const std::string& language = services_.communities.language(platform, where.chat_id);
    for (const auto& sub : due) {
      const auto picks = digest_picks(services_, community, sub.member_id, sub.last_sent_at, d.max_items);
      if (picks.empty()) {  // nothing new: no digest, and no new look today
        repo.checked(community, sub.member_id, ev.at_ms);
        continue;
      }
      std::string text = services_.catalog.render(language, "digest.header", {title});
      for (const auto& item : picks) {
        std::string tags;
        for (const auto& t : tags_of(item.tags)) tags += " #" + t;
        text += "\n" + services_.catalog.render(language, "digest.line",
                                                {item.title, item.url.empty() ? "" : " " + item.url, tags});
      }
      text += "\n" + services_.catalog.render(language, "digest.footer");
      turn.direct(platform, sub.user_id, std::move(text));
      repo.sent(community, sub.member_id, ev.at_ms, week, sub.sent_in_week + 1);
    }
  }
}

namespace {

void digest(CommandContext& ctx) {
  Services& s = ctx.services;
  Turn& turn = ctx.turn;
  const config::DigestConfig& d = s.config.digest;
  const auto& args = ctx.args();
  if (args.empty()) {
    const auto sub = s.store.digests.of(turn.community_id, turn.member.id);
    if (!sub || sub->frequency == "off") return ctx.say("digest.none");
    return ctx.say(sub->frequency == "daily" ? "digest.on_daily" : "digest.on_weekly",
                   {std::to_string(sub->hour)});
  }
  const std::string frequency = text::lower_ascii(args[0]);
  if (frequency != "daily" && frequency != "weekly" && frequency != "off") return ctx.usage();
  if (frequency == "off") {
    return ctx.say(s.store.digests.set(turn.community_id, turn.member.id, "off", 0) ? "digest.off" : "digest.none");
  }
  int hour = d.default_hour;
  if (args.size() > 1) {
    const std::string& h = args[1];
    auto [p, ec] = std::from_chars(h.data(), h.data() + h.size(), hour);
    if (ec != std::errc{} || p != h.data() + h.size() || hour < 0 || hour > 23) {
      return ctx.say("digest.bad_hour", {std::string(text::prefix_codepoints(h, 16))});
    }
  }
  if (args.size() > 2) return ctx.usage();
  if (quiet(d, hour)) {
    return ctx.say("digest.quiet_hour", {std::to_string(hour), std::to_string(d.quiet_start_hour),
                                         std::to_string(d.quiet_end_hour)});
  }
  s.store.digests.set(turn.community_id, turn.member.id, frequency, hour);
  ctx.say(frequency == "daily" ? "digest.on_daily" : "digest.on_weekly", {std::to_string(hour)});
}

}  // namespace

void register_digest_commands(CommandRouter& router) {
  router.add({.name = "digest",
              .args = {{.name = "frequency", .kind = ArgKind::choice, .optional = true, .choices = {"daily", "weekly", "off"}},
                       {.name = "hour", .kind = ArgKind::number, .optional = true, .min = 0, .max = 23}},
              .summary_key = "cmd.digest.summary",
              .run = digest});
}

}  // namespace fanbase::handlers
