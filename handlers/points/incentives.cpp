#include "handlers/points/incentives.hpp"

#include "base/text.hpp"
#include "handlers/core/text_analyser.hpp"
#include "ml/text_fingerprint.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "handlers/points/leaderboard_cache.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {
namespace {

config::BadgeMetric metric_of(Kind kind) {
  using M = config::BadgeMetric;
  switch (kind) {
    case Kind::message: return M::messages;
    case Kind::reply: return M::replies;
    case Kind::reaction_received: return M::reactions_received;
    case Kind::question: return M::questions;
    case Kind::answer: return M::answers;
    case Kind::accepted_answer: return M::accepted_answers;
    case Kind::upvote_received: return M::upvotes_received;
    case Kind::topic_started: return M::topics_started;
    case Kind::checkin: return M::checkins;
    case Kind::topic_post: return M::topic_posts;
  }
  return M::messages;
}

}  // namespace

const char* to_string(Kind kind) noexcept {
  switch (kind) {
    case Kind::message: return "message";
    case Kind::reply: return "reply";
    case Kind::reaction_received: return "reaction_received";
    case Kind::question: return "question";
    case Kind::answer: return "answer";
    case Kind::accepted_answer: return "accepted_answer";
    case Kind::upvote_received: return "upvote_received";
    case Kind::topic_started: return "topic_started";
    case Kind::checkin: return "checkin";
    case Kind::topic_post: return "topic_post";
  }
  return "message";
}

const config::RuleConfig& Incentives::rule(Kind kind) const {
  const auto& p = config_.points;
  switch (kind) {
    case Kind::message: return p.message;
    case Kind::reply: return p.reply;
    case Kind::reaction_received: return p.reaction_received;
    case Kind::question: return p.question;
    case Kind::answer: return p.answer;
    case Kind::accepted_answer: return p.accepted_answer;
    case Kind::upvote_received: return p.upvote_received;
    case Kind::topic_started: return p.topic_started;
    case Kind::topic_post: return p.topic_post;
    case Kind::checkin: break;
  }
  static const config::RuleConfig none{false, 0, 0, 0, 0};
  return none;
}

std::int64_t Incentives::today(std::int64_t at_ms) const {
  return text::local_day(at_ms, config_.bot.utc_offset_minutes);
}

int Incentives::level_for(std::int64_t earned) const {
  int index = 0;
  for (int i = 0; i < level_count(); ++i) {
    if (earned >= config_.levels[static_cast<std::size_t>(i)].threshold) index = i;
  }
  return index;
}

TextRule Incentives::check_text(const TextAnalysis& text, int min_length, std::string_view previous) const {
  if (text.folded_codepoints < static_cast<std::size_t>(std::max(min_length, 0))) return TextRule::too_short;
  const auto before = text::TextFingerprint::from_bytes(previous);  // empty: nothing to repeat
  if (!before.empty() && ml::similarity(text.fingerprint, before) >= config_.points.near_duplicate) {
    return TextRule::near_duplicate;
  }
  return TextRule::ok;
}

Kind Incentives::message_kind(const Event& ev) {
  const bool reply = ev.reply_to && ev.reply_to->author && !ev.reply_to->author->is_bot &&
                     ev.reply_to->author->id != ev.author.id;
  return reply ? Kind::reply : Kind::message;
}

TextRule Incentives::message_rules(const Turn& turn) const {
  // The "message" activity row holds the previous message's fingerprint; replies share it, so alternating
  // between replying and posting the same text does not escape the check.
  return check_text(turn.text(), rule(message_kind(turn.event)).min_length, turn.member.messages.last_text);
}

std::int64_t Incentives::content_interaction(Turn& turn, storage::MemberRow& member, Kind kind,
                                             const std::string& reference, std::string_view text) {
  // An answer written as a reply is the event's text, analysed already; a command's argument (/ask …) is a text
  // of its own, analysed here (commands are rare).
  const bool own_text = text != turn.event.text;
  const TextAnalysis own = own_text ? analyse_text(text, false) : TextAnalysis{};
  const TextAnalysis& analysed = own_text ? own : turn.text();
  storage::ActivityRow act = services_->store.activity.get(member.id, to_string(kind));
  if (check_text(analysed, rule(kind).min_length, act.last_text) != TextRule::ok) return 0;
  act.last_text = analysed.fingerprint.bytes();
  return interaction(turn, member, kind, reference, &act);
}

std::int64_t Incentives::interaction(Turn& turn, storage::MemberRow& member, Kind kind, const std::string& reference,
                                     storage::ActivityRow* activity, const storage::ActivityRow* messages) {
  auto& store = services_->store;
  const char* kind_name = to_string(kind);
  const std::int64_t at = turn.event.at_ms;
  const std::int64_t day = today(at);
  storage::ActivityRow loaded;
  if (activity == nullptr) {
    loaded = store.activity.get(member.id, kind_name);
    activity = &loaded;
  }
  storage::ActivityRow& act = *activity;
  const std::int64_t count_before = act.count;
  act.count += 1;
  // An event dated before the day the counters are on (a late delivery) counts, but pays nothing: its own
  // day's totals are gone, and resetting them to its day would reopen today's caps.
  const bool late = day < act.day || day < member.day;
  if (act.day < day) {
    act.day = day;
    act.day_points = 0;
  }

  std::int64_t pay = 0;
  const config::RuleConfig& r = rule(kind);
  const bool cooled = act.last_award_at == 0 || at - act.last_award_at >= std::int64_t{r.cooldown_seconds} * 1000;
  const std::int64_t member_day_points = member.day == day ? member.day_points : 0;
  if (r.enabled && r.points > 0 && cooled && !late) {
    pay = r.points;
    if (r.daily_cap > 0) pay = std::min<std::int64_t>(pay, r.daily_cap - act.day_points);
    if (config_.points.daily_cap > 0) pay = std::min<std::int64_t>(pay, config_.points.daily_cap - member_day_points);
    pay = std::max<std::int64_t>(pay, 0);
    if (pay > 0) {
      act.last_award_at = at;
      act.day_points += pay;
    }
  }
  // A paid message writes its counters with the balance (one UPDATE of the member row); otherwise save them now.
  const bool with_balance = pay > 0 && kind == Kind::message;
  if (!with_balance) store.activity.save(act);
  if (messages != nullptr && pay == 0) store.activity.save(*messages);
  check_badges(turn, member, metric_of(kind), count_before, act.count);
  if (pay > 0) {
    change_automatic(turn, member, pay, kind_name, reference, day, member_day_points + pay,
                     with_balance ? &act : messages);
  }
  return pay;
}

std::int64_t Incentives::change(Turn& turn, storage::MemberRow& member, std::int64_t delta, const char* reason,
                                const std::string& reference, std::optional<std::int64_t> actor_id,
                                const std::string& note, bool counts_as_earned) {
  storage::PointsChange c;
  c.delta = delta;
  c.reason = reason;
  c.reference = &reference;
  c.actor_id = actor_id;
  c.note = note;
  c.counts_as_earned = counts_as_earned;
  return apply(turn, member, c);
}

std::int64_t Incentives::change_automatic(Turn& turn, storage::MemberRow& member, std::int64_t delta,
                                          const char* reason, const std::string& reference, std::int64_t day,
                                          std::int64_t day_points, const storage::ActivityRow* message_activity) {
  storage::PointsChange c;
  c.delta = delta;
  c.reason = reason;
  c.reference = &reference;
  c.day = day;
  c.day_points = day_points;
  c.message_activity = message_activity;
  return apply(turn, member, c);
}

std::int64_t Incentives::apply(Turn& turn, storage::MemberRow& member, const storage::PointsChange& change) {
  storage::PointsChange c = change;
  c.community_id = member.community_id;
  c.member_id = member.id;
  c.at = turn.event.at_ms;
  c.seen_at = member.seen_pending;
  const std::int64_t earned_before = member.earned;
  services_->store.ledger.apply(c);
  member.seen_pending = 0;  // written with the balance
  services_->leaderboards.record(c.community_id, c.member_id, c.delta, today(c.at));
  member.points += c.delta;
  if (c.counts_as_earned) member.earned += c.delta;
  const std::int64_t points = member.points;
  const std::int64_t earned = member.earned;
  if (c.day) {
    member.day = *c.day;
    member.day_points = c.day_points;
  }
  after_points(turn, member, *c.reference);
  check_badges(turn, member, config::BadgeMetric::points, earned_before, earned);
  return points;
}

void Incentives::after_points(Turn& turn, storage::MemberRow& member, const std::string& reference) {
  const int level = level_for(member.earned);
  if (level == member.level) return;
  auto& store = services_->store;
  store.members.set_level(member.id, level);
  if (level > member.level) {
    store.badges.record_level_up(member.id, level, turn.event.at_ms, reference);
    services_->say(turn, "level.up", {display_name(member), std::to_string(level + 1), this->level(level).title_in(turn.language)}, false);
  }
  member.level = level;
}

void Incentives::check_badges(Turn& turn, const storage::MemberRow& member, config::BadgeMetric metric,
                              std::int64_t before, std::int64_t after) {
  if (after <= before) return;
  for (const auto& badge : config_.badges) {
    if (badge.metric != metric || badge.at <= before || badge.at > after) continue;
    if (services_->store.badges.award(member.id, badge.id, turn.event.at_ms, turn.event.key)) {
      services_->say(turn, "badge.awarded", {display_name(member), badge.name_in(turn.language), badge.description_in(turn.language)}, false);
    }
  }
}

}  // namespace fanbase::handlers
