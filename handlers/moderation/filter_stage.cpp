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

Blocklist compile_blocklist(const config::Config& config) {
  const config::FiltersConfig& f = config.filters;
  Blocklist out;
  std::vector<config::Problem> problems;
  for (std::size_t i = 0; i < f.words.size(); ++i) {
    const std::string word = normalize_for_filter(f.words[i].text);
    if (out.text.add_word(word)) {
      problems.push_back(config::problem_at(f.words[i].where, "filters.blocklist.words[" + std::to_string(i) + "]",
                                            "the word is empty once normalised"));
      continue;
    }
    // Its spaced-out form, for the runs join_spaced_runs marked ("fr ee crypto"). A word of symbols only has none.
    out.joined.add_spaced_word(word, spaced_joint);
  }
  for (std::size_t i = 0; i < f.patterns.size(); ++i) {
    if (auto error = out.text.add_regex(f.patterns[i].text)) {
      problems.push_back(config::problem_at(f.patterns[i].where, "filters.blocklist.patterns[" + std::to_string(i) + "]",
                                            "not a usable regular expression: " + *error));
    }
  }
  if (!problems.empty()) throw config::ConfigError(std::move(problems));
  if (!out.text.compile() || !out.joined.compile()) {
    throw config::ConfigError({config::problem_at(config.source, "filters.blocklist.patterns",
                                                  "the patterns together are too large to compile")});
  }
  return out;
}

bool Blocklist::matches(const TextAnalysis& analysis) const {
  if (text.first_match(analysis.filter_text)) return true;
  return !analysis.filter_joined.empty() && joined.first_match(analysis.filter_joined).has_value();
}

FilterStage::FilterStage(Services& services) : s_(services) { configure(); }

void FilterStage::configure() {
  blocklist_ = compile_blocklist(s_.config);  // a reload validated it before it was swapped in
  const config::FiltersConfig& f = s_.config.filters;
  exempt_users_.clear();
  exempt_users_.insert(f.exempt_users.begin(), f.exempt_users.end());
  generation_ = s_.config_generation;
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
  if (generation_ != s_.config_generation) configure();  // the configuration was reloaded since the last event
  if (ev.kind == EventKind::member_joined) return on_joins(turn);
  if (ev.kind != EventKind::message && ev.kind != EventKind::edited_message) return;
  const config::FiltersConfig& f = s_.config.filters;
  if (!f.blocklist.enabled && !f.links.enabled && !f.mentions.enabled && !f.caps.enabled && !f.flood.enabled &&
      !f.repeat.enabled) {
    return;  // every message filter off: not even the normalisation
  }
  if (exempt(turn)) return;
  const std::string& normalised = turn.text().filter_text;  // analysed once, off the storage thread
  Hit hit = check_text(turn);
  // Commands repeat by nature (/checkin, /top) and their replies are the bot's own: only chat counts as flood.
  if (hit.rule == nullptr && ev.kind == EventKind::message && !turn.is_command) hit = check_rate(turn, normalised);
  if (hit.rule != nullptr) apply(turn, hit);
}

FilterStage::Hit FilterStage::check_text(const Turn& turn) const {
  const config::FiltersConfig& f = s_.config.filters;
  const Event& ev = turn.event;
  if (applies(f.blocklist, turn) && blocklist_.matches(turn.text())) {
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
  // Repeats: the run of identical texts ending with this message, each within repeat_gap of the one before. The
  // repeat_count-th copy trips it and so does every copy after it, as long as the run goes on (the copies
  // already removed still count: a run is not reset by its own punishment).
  if (applies(f.repeat, turn) && !normalised.empty()) {
    auto it = std::find_if(r.seen.begin(), r.seen.end(), [&](const Seen& s) { return s.key == key; });
    int run = 0;
    std::int64_t next_at = at;
    for (auto j = std::make_reverse_iterator(std::next(it)); j != r.seen.rend(); ++j) {
      if (j->text != text_hash || next_at - j->at > repeat_gap) break;
      ++run;
      next_at = j->at;
    }
    if (run >= f.repeat_count) {
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
  if (std::none_of(raid.joins.begin(), raid.joins.end(), [&](const Join& j) { return j.key == key; })) {
    for (const UserInfo& u : ev.subjects) raid.joins.push_back({ev.at_ms, key, u});
  }
  while (!raid.joins.empty() && raid.joins.front().at <= ev.at_ms - window) raid.joins.pop_front();
  const bool was_raid = ev.at_ms < raid.until && raid.started_by != key;  // a retried start alerts again
  const std::int64_t until = ev.at_ms + std::int64_t{f.raid_mute_minutes} * minute_ms;
  if (!was_raid && raid.joins.size() > static_cast<std::size_t>(f.raid_joins)) {
    raid.until = ev.at_ms + raid_mode_ms;
    raid.started_by = key;
    const std::string alert = s_.text(turn, "filter.raid_alert",
                                      {std::to_string(raid.joins.size()), std::to_string(f.raid_seconds),
                                       format_duration(std::int64_t{f.raid_mute_minutes} * minute_ms)});
    Moderation(s_).record(turn, "filter.raid", nullptr, nullptr, alert, "", alert);
    turn.reply(alert, false);
    // The raiders who triggered it are restrained too, not only those who come after: every member who joined
    // within the burst (this window) is muted like a joiner in raid mode (Combot's and Rose's anti-raid act on
    // the joins of the raid; we mute, as [filters.raid] always did, until mute_minutes after the alert).
    std::unordered_set<std::string> done;
    for (const Join& j : raid.joins) {
      if (done.insert(j.user.id).second) restrain_joiner(turn, j.user, until);
    }
    return;
  }
  if (ev.at_ms >= raid.until) return;
  // In raid mode every joiner is muted, quietly (the alert said so once).
  for (const UserInfo& u : ev.subjects) restrain_joiner(turn, u, until);
}

void FilterStage::restrain_joiner(Turn& turn, const UserInfo& u, std::int64_t until) {
  const Event& ev = turn.event;
  if (u.is_bot || exempt_users_.count(u.id) > 0) return;
  if (s_.config.filters.exempt_moderators && s_.communities.role_of(ev.platform, ev.chat_id, u.id) >= Role::moderator) {
    return;
  }
  auto member = s_.store.members.by_user_id(turn.community_id, u.id);
  if (!member || member->status != "member") return;  // gone again (left, or banned meanwhile)
  const std::string reason = s_.text(turn, "filter.raid_muted");
  s_.store.moderation.set_sanction(turn.community_id, member->id, "mute", until, reason, std::nullopt, ev.at_ms);
  Action& a = turn.act(ActionKind::restrict_member);
  a.user_id = u.id;
  a.until_ms = until;
  Moderation(s_).record(turn, "filter.raid_mute", &*member, nullptr, reason, "", "");
}

}  // namespace fanbase::handlers
