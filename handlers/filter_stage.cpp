#include "handlers/filter_stage.hpp"

#include "base/moderation_text.hpp"
#include "config/load_config.hpp"
#include "handlers/moderation.hpp"

namespace fanbase::handlers {

namespace {
constexpr std::int64_t raid_mode_ms = 10 * 60'000;
constexpr std::size_t max_tracked_members = 100'000;  // the flood/repeat map is swept beyond this
}  // namespace

ml::PatternSet compile_blocklist(const config::Config& config) {
  const config::FiltersConfig& f = config.filters;
  ml::PatternSet set;
  std::vector<config::Problem> problems;
  for (std::size_t i = 0; i < f.words.size(); ++i) {
    if (set.add_literal(normalize_for_filter(f.words[i].text))) {
      problems.push_back(config::problem_at(f.words[i].where, "filters.blocklist.words[" + std::to_string(i) + "]",
                                            "the word is empty once normalised"));
    }
  }
  for (std::size_t i = 0; i < f.patterns.size(); ++i) {
    if (auto error = set.add_regex(f.patterns[i].text)) {
      problems.push_back(config::problem_at(f.patterns[i].where, "filters.blocklist.patterns[" + std::to_string(i) + "]",
                                            "not a usable regular expression: " + *error));
    }
  }
  if (!problems.empty()) throw config::ConfigError(std::move(problems));
  if (!set.compile()) {
    throw config::ConfigError({config::problem_at(config.source, "filters.blocklist.patterns",
                                                  "the patterns together are too large to compile")});
  }
  return set;
}

FilterStage::FilterStage(Services& services) : s_(services), blocklist_(compile_blocklist(services.config)) {
  const config::FiltersConfig& f = s_.config.filters;
  exempt_users_.insert(f.exempt_users.begin(), f.exempt_users.end());
}

bool FilterStage::exempt(const Turn& turn) const {
  if (turn.event.author.is_bot || turn.member.id == 0) return true;
  if (s_.config.filters.exempt_moderators && turn.role >= Role::moderator) return true;
  return exempt_users_.count(turn.event.author.id) > 0;
}

void FilterStage::run(Turn& turn) {
  const Event& ev = turn.event;
  if (turn.community_id == 0) return;
  if (ev.kind == EventKind::member_joined) return on_joins(turn);
  if (ev.kind != EventKind::message && ev.kind != EventKind::edited_message) return;
  const config::FiltersConfig& f = s_.config.filters;
  if (!f.blocklist.enabled && !f.links.enabled && !f.mentions.enabled && !f.caps.enabled && !f.flood.enabled &&
      !f.repeat.enabled) {
    return;  // every message filter off: not even the normalisation
  }
  if (exempt(turn)) return;
  const std::string normalised = normalize_for_filter(ev.text);
  Hit hit = check_text(turn, normalised);
  // Commands repeat by nature (/checkin, /top) and their replies are the bot's own: only chat counts as flood.
  if (hit.rule == nullptr && ev.kind == EventKind::message && !turn.is_command) hit = check_rate(turn, normalised);
  if (hit.rule != nullptr) apply(turn, hit);
}

FilterStage::Hit FilterStage::check_text(const Turn& turn, const std::string& normalised) const {
  const config::FiltersConfig& f = s_.config.filters;
  const Event& ev = turn.event;
  if (f.blocklist.enabled && blocklist_.first_match(normalised)) {
    return {&f.blocklist, "blocklist", s_.text(turn, "filter.blocklist")};
  }
  if (f.links.enabled) {
    const bool new_member = f.links_new_member_hours > 0 &&
                            ev.at_ms - turn.member.joined_at < std::int64_t{f.links_new_member_hours} * 3'600'000;
    if (f.links_block_all || new_member) {
      for (const std::string& host : find_link_hosts(normalised)) {
        if (host_allowed(host, f.allowed_domains)) continue;
        return {&f.links, "links", s_.text(turn, f.links_block_all ? "filter.links" : "filter.new_member_links")};
      }
    }
  }
  if (f.mentions.enabled) {
    const std::size_t mentions = count_mentions(ev.text) + ev.mentions.size();
    if (mentions > static_cast<std::size_t>(f.max_mentions)) {
      return {&f.mentions, "mentions", s_.text(turn, "filter.mentions", {std::to_string(mentions)})};
    }
  }
  if (f.caps.enabled) {
    std::size_t letters = 0;
    const double ratio = caps_ratio(ev.text, letters);
    if (letters >= static_cast<std::size_t>(f.caps_min_letters) && ratio >= f.caps_ratio) {
      return {&f.caps, "caps", s_.text(turn, "filter.caps")};
    }
  }
  return {};
}

FilterStage::Hit FilterStage::check_rate(const Turn& turn, const std::string& normalised) {
  const config::FiltersConfig& f = s_.config.filters;
  if (!f.flood.enabled && !f.repeat.enabled) return {};
  const std::int64_t at = turn.event.at_ms;
  const std::int64_t window = std::int64_t{f.flood_seconds} * 1000;
  if (recent_.size() >= max_tracked_members) {  // forget members quiet for longer than the window
    for (auto it = recent_.begin(); it != recent_.end();) {
      it = (it->second.times.empty() || it->second.times.back() < at - window) ? recent_.erase(it) : std::next(it);
    }
  }
  Recent& r = recent_[turn.member.id];
  std::erase_if(r.times, [&](std::int64_t t) { return t <= at - window; });
  if (r.times.size() > static_cast<std::size_t>(f.flood_messages)) r.times.erase(r.times.begin());
  r.times.push_back(at);
  const std::uint64_t hash = std::hash<std::string>{}(normalised);
  const bool again = !normalised.empty() && hash == r.last_hash &&
                     at - r.last_at <= std::int64_t{f.repeat_seconds} * 1000;
  r.repeats = again ? r.repeats + 1 : 1;
  r.last_hash = hash;
  r.last_at = at;
  if (f.flood.enabled && r.times.size() > static_cast<std::size_t>(f.flood_messages)) {
    const std::string count = std::to_string(r.times.size());
    r.times.clear();  // one sanction per burst
    return {&f.flood, "flood", s_.text(turn, "filter.flood", {count, std::to_string(f.flood_seconds)})};
  }
  if (f.repeat.enabled && r.repeats >= f.repeat_count) {
    const int repeats = r.repeats;
    r.repeats = 0;
    return {&f.repeat, "repeat", s_.text(turn, "filter.repeat", {std::to_string(repeats)})};
  }
  return {};
}

void FilterStage::apply(Turn& turn, const Hit& hit) {
  const Event& ev = turn.event;
  Moderation mod(s_);
  storage::MemberRow& member = turn.member;
  const std::string action = std::string("filter.") + hit.name;
  if (hit.rule->action == config::Sanction::log) {
    mod.record(turn, action.c_str(), &member, nullptr, hit.reason, ev.text, "");
    return;  // recorded only: the message stays and counts as usual
  }
  turn.stop = true;  // no points, no command
  mod.delete_message(turn, ev.message_id, &member, nullptr, hit.reason, ev.text);
  const std::string mirror = s_.text(turn, "filter.deleted", {display_name(member), hit.reason});
  mod.record(turn, action.c_str(), &member, nullptr, hit.reason, ev.text, mirror);
  switch (hit.rule->action) {
    case config::Sanction::warn: mod.warn(turn, member, nullptr, hit.reason, ev.text); break;
    case config::Sanction::mute:
      mod.mute(turn, member, nullptr, std::int64_t{hit.rule->mute_minutes} * 60'000, hit.reason, ev.text);
      break;
    case config::Sanction::kick: mod.kick(turn, member, nullptr, hit.reason, ev.text); break;
    case config::Sanction::ban: mod.ban(turn, member, nullptr, 0, hit.reason, ev.text); break;
    default: break;  // delete: silent in the chat (in the log and the mod chat)
  }
}

void FilterStage::on_joins(Turn& turn) {
  const config::FiltersConfig& f = s_.config.filters;
  if (!f.raid_enabled) return;
  const Event& ev = turn.event;
  Raid& raid = raids_[turn.community_id];
  const std::int64_t window = std::int64_t{f.raid_seconds} * 1000;
  for (std::size_t i = 0; i < ev.subjects.size(); ++i) raid.joins.push_back(ev.at_ms);
  while (!raid.joins.empty() && raid.joins.front() <= ev.at_ms - window) raid.joins.pop_front();
  const bool was_raid = ev.at_ms < raid.until;
  if (!was_raid && raid.joins.size() > static_cast<std::size_t>(f.raid_joins)) {
    raid.until = ev.at_ms + raid_mode_ms;
    const std::string alert = s_.text(turn, "filter.raid_alert",
                                      {std::to_string(raid.joins.size()), std::to_string(f.raid_seconds),
                                       format_duration(std::int64_t{f.raid_mute_minutes} * 60'000)});
    Moderation(s_).record(turn, "filter.raid", nullptr, nullptr, alert, "", alert);
    turn.reply(alert, false);
  }
  if (ev.at_ms >= raid.until) return;
  // In raid mode every joiner is muted, quietly (the alert said so once).
  const std::int64_t until = ev.at_ms + std::int64_t{f.raid_mute_minutes} * 60'000;
  const std::string reason = s_.text(turn, "filter.raid_muted");
  for (const UserInfo& u : ev.subjects) {
    if (u.is_bot) continue;
    auto member = s_.store.members.by_user_id(turn.community_id, u.id);
    if (!member) continue;
    s_.store.moderation.set_sanction(turn.community_id, member->id, "mute", until, reason, std::nullopt, ev.at_ms);
    Action& a = turn.act(ActionKind::restrict_member);
    a.user_id = u.id;
    a.until_ms = until;
    Moderation(s_).record(turn, "filter.raid_mute", &*member, nullptr, reason, "", "");
  }
}

}  // namespace fanbase::handlers
