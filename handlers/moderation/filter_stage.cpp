#include "handlers/moderation/filter_stage.hpp"

#include <algorithm>

#include "base/duration.hpp"
#include "base/filter_text.hpp"
#include "base/links.hpp"
#include "base/time.hpp"
#include "config/load_config.hpp"
#include "handlers/moderation/moderation.hpp"

namespace fanbase::handlers {

namespace {
constexpr std::int64_t raid_mode_ms = 10 * minute_ms;
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

bool FilterStage::applies(const config::FilterRule& rule, const Turn& turn) {
  if (!rule.enabled) return false;
  const std::string& id = turn.event.author.id;
  return std::find(rule.exempt_users.begin(), rule.exempt_users.end(), id) == rule.exempt_users.end();
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
  const std::string& normalised = turn.text().filter_text;  // analysed once, off the storage thread
  Hit hit = check_text(turn, normalised);
  // Commands repeat by nature (/checkin, /top) and their replies are the bot's own: only chat counts as flood.
  if (hit.rule == nullptr && ev.kind == EventKind::message && !turn.is_command) hit = check_rate(turn, normalised);
  if (hit.rule != nullptr) apply(turn, hit);
}

FilterStage::Hit FilterStage::check_text(const Turn& turn, const std::string& normalised) const {
  const config::FiltersConfig& f = s_.config.filters;
  const Event& ev = turn.event;
  if (applies(f.blocklist, turn) && blocklist_.first_match(normalised)) {
    return {&f.blocklist, "blocklist", s_.text(turn, "filter.blocklist")};
  }
  if (applies(f.links, turn)) {
    const bool new_member = f.links_new_member_hours > 0 &&
                            ev.at_ms - turn.member.joined_at < std::int64_t{f.links_new_member_hours} * hour_ms;
    if (f.links_block_all || new_member) {
      for (const std::string& host : turn.text().link_hosts) {
        if (!new_member && host_allowed(host, f.allowed_domains)) continue;  // new members: no link at all
        return {&f.links, "links", s_.text(turn, new_member ? "filter.new_member_links" : "filter.links")};
      }
    }
  }
  if (applies(f.mentions, turn)) {
    const std::size_t mentions = turn.text().mentions + ev.mentions.size();
    if (mentions > static_cast<std::size_t>(f.max_mentions)) {
      return {&f.mentions, "mentions", s_.text(turn, "filter.mentions", {std::to_string(mentions)})};
    }
  }
  if (applies(f.caps, turn)) {
    const TextAnalysis& text = turn.text();
    if (text.cased_letters >= static_cast<std::size_t>(f.caps_min_letters) && text.caps_ratio >= f.caps_ratio) {
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
      const auto& seen = it->second.seen;
      it = (seen.empty() || seen.back().at < at - std::max(window, std::int64_t{f.repeat_seconds} * 1000))
               ? recent_.erase(it)
               : std::next(it);
    }
  }
  Recent& r = recent_[turn.member.id];
  const std::uint64_t key = std::hash<std::string>{}(turn.event.key);
  const std::uint64_t text_hash = std::hash<std::string>{}(normalised);
  const std::size_t keep = static_cast<std::size_t>(std::max(f.flood_messages + 1, f.repeat_count)) + 1;
  const std::int64_t repeat_gap = std::int64_t{f.repeat_seconds} * 1000;
  if (std::none_of(r.seen.begin(), r.seen.end(), [&](const Seen& s) { return s.key == key; })) {
    const auto pos = std::upper_bound(r.seen.begin(), r.seen.end(), at,
                                      [](std::int64_t t, const Seen& s) { return t < s.at; });
    r.seen.insert(pos, Seen{at, key, text_hash});
    if (r.seen.size() > keep) r.seen.erase(r.seen.begin());
  }
  // Flood: this member's messages in (at - window, at]; once per burst (a retried event decides the same).
  if (applies(f.flood, turn)) {
    const auto n = std::count_if(r.seen.begin(), r.seen.end(), [&](const Seen& s) { return s.at > at - window && s.at <= at; });
    const bool fresh = r.flood_key == key || r.flood_at == 0 || at - r.flood_at >= window;
    if (n > f.flood_messages && fresh) {
      r.flood_key = key;
      r.flood_at = at;
      return {&f.flood, "flood", s_.text(turn, "filter.flood", {std::to_string(n), std::to_string(f.flood_seconds)})};
    }
  }
  // Repeats: the run of identical texts ending with this message, each within repeat_gap of the one before, not
  // counting what a previous hit already punished.
  if (applies(f.repeat, turn) && !normalised.empty()) {
    auto it = std::find_if(r.seen.begin(), r.seen.end(), [&](const Seen& s) { return s.key == key; });
    int run = 0;
    std::int64_t next_at = at;
    for (auto j = std::make_reverse_iterator(std::next(it)); j != r.seen.rend(); ++j) {
      if (j->text != text_hash || next_at - j->at > repeat_gap) break;
      if (r.repeat_key != key && r.repeat_at != 0 && j->at <= r.repeat_at) break;
      ++run;
      next_at = j->at;
    }
    if (run >= f.repeat_count) {
      r.repeat_key = key;
      r.repeat_at = at;
      return {&f.repeat, "repeat", s_.text(turn, "filter.repeat", {std::to_string(run)})};
    }
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
  turn.act(ActionKind::delete_message).message_id = ev.message_id;
  // One audit row for the hit (with the excerpt); the mod chat hears of it once: from the sanction that follows,
  // or, for a plain deletion (silent in the group), from here.
  const std::string mirror = hit.rule->action == config::Sanction::del
                                 ? s_.text(turn, "filter.deleted", {display_name(member), hit.reason})
                                 : std::string();
  mod.record(turn, action.c_str(), &member, nullptr, hit.reason, ev.text, mirror);
  switch (hit.rule->action) {
    case config::Sanction::warn: mod.warn(turn, member, nullptr, hit.reason, ev.text); break;
    case config::Sanction::mute:
      mod.mute(turn, member, nullptr, std::int64_t{hit.rule->mute_minutes} * minute_ms, hit.reason, ev.text);
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
  const std::uint64_t key = std::hash<std::string>{}(ev.key);
  if (std::none_of(raid.joins.begin(), raid.joins.end(), [&](const auto& j) { return j.second == key; })) {
    for (std::size_t i = 0; i < ev.subjects.size(); ++i) raid.joins.emplace_back(ev.at_ms, key);
  }
  while (!raid.joins.empty() && raid.joins.front().first <= ev.at_ms - window) raid.joins.pop_front();
  const bool was_raid = ev.at_ms < raid.until && raid.started_by != key;  // a retried start alerts again
  if (!was_raid && raid.joins.size() > static_cast<std::size_t>(f.raid_joins)) {
    raid.until = ev.at_ms + raid_mode_ms;
    raid.started_by = key;
    const std::string alert = s_.text(turn, "filter.raid_alert",
                                      {std::to_string(raid.joins.size()), std::to_string(f.raid_seconds),
                                       format_duration(std::int64_t{f.raid_mute_minutes} * minute_ms)});
    Moderation(s_).record(turn, "filter.raid", nullptr, nullptr, alert, "", alert);
    turn.reply(alert, false);
  }
  if (ev.at_ms >= raid.until) return;
  // In raid mode every joiner is muted, quietly (the alert said so once).
  const std::int64_t until = ev.at_ms + std::int64_t{f.raid_mute_minutes} * minute_ms;
  const std::string reason = s_.text(turn, "filter.raid_muted");
  for (const UserInfo& u : ev.subjects) {
    if (u.is_bot || exempt_users_.count(u.id) > 0) continue;
    if (s_.config.filters.exempt_moderators &&
        s_.communities.role_of(ev.platform, ev.chat_id, u.id) >= Role::moderator) {
      continue;
    }
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
