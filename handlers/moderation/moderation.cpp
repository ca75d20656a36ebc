#include "handlers/moderation/moderation.hpp"

#include <algorithm>

#include "base/duration.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/plural.hpp"
#include "handlers/points/incentives.hpp"

namespace fanbase::handlers {

namespace {
constexpr std::size_t max_excerpt_chars = 200;

std::optional<std::int64_t> actor_id(Actor actor) {
  return actor != nullptr && actor->id != 0 ? std::optional(actor->id) : std::nullopt;
}
}  // namespace

bool Moderation::is_staff(const Turn& turn, const storage::MemberRow& target) const {
  const Event& ev = turn.event;
  if (s_.communities.role_of(ev.platform, ev.chat_id, target.user_id) >= Role::moderator) return true;
  return target.platform_admin && s_.config.moderation.trust_platform_admins;
}

std::int64_t Moderation::warnings_since(const Turn& turn) const {
  const int days = s_.config.moderation.warn_expire_days;
  return days == 0 ? 0 : turn.event.at_ms - std::int64_t{days} * day_ms;
}

std::string Moderation::reason_or_default(const Turn& turn, const std::string& reason) const {
  return reason.empty() ? s_.text(turn, "mod.no_reason") : reason;
}

std::string Moderation::excerpt_of(const std::string& text) {
  std::string one_line;
  one_line.reserve(std::min(text.size(), max_excerpt_chars * 4));
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size() && chars < max_excerpt_chars; ++chars) {
    std::size_t len = 1;
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    len = std::min(len, text.size() - i);
    if (len == 1 && (text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
      one_line += ' ';
    } else {
      one_line.append(text, i, len);
    }
    i += len;
    if (i < text.size() && chars + 1 == max_excerpt_chars) one_line += "…";
  }
  return one_line;
}

void Moderation::record(Turn& turn, const char* action, const storage::MemberRow* target, Actor actor,
                        const std::string& detail, const std::string& excerpt, const std::string& mirror_text) {
  const Event& ev = turn.event;
  s_.store.audit.record({turn.community_id, actor_id(actor), action,
                         target != nullptr && target->id != 0 ? std::optional(target->id) : std::nullopt, detail,
                         ev.key, ev.at_ms, excerpt_of(excerpt)});
  const std::string& mod_chat = s_.config.moderation.mod_chat;
  if (mirror_text.empty() || mod_chat.empty() || mod_chat == ev.chat_id) return;
  Action& a = turn.act(ActionKind::send_message);
  a.chat_id = mod_chat;
  std::string text = s_.text(turn, "mod.mirror", {ev.chat_title.empty() ? ev.chat_id : ev.chat_title, mirror_text});
  if (!excerpt.empty()) text = s_.text(turn, "mod.mirror_excerpt", {text, excerpt_of(excerpt)});
  a.text = std::move(text);
}

void Moderation::penalty(Turn& turn, storage::MemberRow& target, Actor actor, int points, const char* what,
                         const std::string& reason) {
  const std::int64_t delta = std::min<std::int64_t>(points, target.points);  // a balance never goes below 0
  if (delta <= 0) return;
  // Announcements of the change itself (none for a loss) stay; the ledger row carries the reason.
  s_.incentives.change(turn, target, -delta, "penalty", turn.event.key, actor_id(actor),
                       s_.text(turn, "mod.penalty_note", {s_.text(turn, std::string("log.mod.") + what), reason}),
                       false);
}

void Moderation::warn(Turn& turn, storage::MemberRow& target, Actor actor, const std::string& reason,
                      const std::string& excerpt) {
  const Event& ev = turn.event;
  const std::string why = reason_or_default(turn, reason);
  s_.store.moderation.add_warning(turn.community_id, target.id, actor_id(actor), reason, ev.key, ev.at_ms);
  const std::int64_t active = s_.store.moderation.active_warnings(target.id, warnings_since(turn));
  penalty(turn, target, actor, s_.config.moderation.warn_penalty, "warn", why);
  // The next step of the policy, so the member knows what comes.
  const config::EscalationStep* next = nullptr;
  for (const auto& step : s_.config.moderation.escalation) {
    if (step.warnings > active) {
      next = &step;
      break;
    }
  }
  std::string text;
  if (next != nullptr) {
    std::string what;
    switch (next->action) {
      case config::Sanction::mute: what = s_.text(turn, "mod.step_mute", {format_duration(next->duration_ms)}); break;
      case config::Sanction::kick: what = s_.text(turn, "mod.step_kick"); break;
      default:
        what = next->duration_ms > 0 ? s_.text(turn, "mod.step_ban_for", {format_duration(next->duration_ms)})
                                     : s_.text(turn, "mod.step_ban");
    }
    text = s_.text(turn, "mod.warned_next",
                   {display_name(target), why, std::to_string(active), std::to_string(next->warnings), what});
  } else {
    text = s_.text(turn, "mod.warned", {display_name(target), why, std::to_string(active)});
  }
  record(turn, "mod.warn", &target, actor, reason, excerpt, text);
  turn.reply(text, false);  // said in the chat, not as a reply
  escalate(turn, target, active, why);
}

void Moderation::escalate(Turn& turn, storage::MemberRow& target, std::int64_t active, const std::string& last_reason) {
  for (const auto& step : s_.config.moderation.escalation) {
    if (step.warnings != active) continue;
    const std::string reason =
        s_.text(turn, count_key("mod.escalation", active), {display_name(target), std::to_string(active)}) + " " + last_reason;
    switch (step.action) {
      case config::Sanction::mute: mute(turn, target, nullptr, step.duration_ms, reason); break;
      case config::Sanction::kick: kick(turn, target, nullptr, reason); break;
      case config::Sanction::ban: ban(turn, target, nullptr, step.duration_ms, reason); break;
      default: break;
    }
    return;
  }
}

bool Moderation::unwarn(Turn& turn, storage::MemberRow& target, Actor actor) {
  const Event& ev = turn.event;
  const std::int64_t since = warnings_since(turn);
  if (!s_.store.moderation.revoke_latest_warning(target.id, since, actor_id(actor), ev.at_ms)) return false;
  const std::int64_t active = s_.store.moderation.active_warnings(target.id, since);
  const std::string text = s_.text(turn, "mod.unwarned", {display_name(target), std::to_string(active)});
  record(turn, "mod.unwarn", &target, actor, "", "", text);
  turn.reply(text, false);  // said in the chat, not as a reply
  return true;
}

void Moderation::mute(Turn& turn, storage::MemberRow& target, Actor actor, std::int64_t duration_ms,
                      const std::string& reason, const std::string& excerpt) {
  const Event& ev = turn.event;
  const std::string why = reason_or_default(turn, reason);
  const std::int64_t until = ev.at_ms + duration_ms;
  s_.store.moderation.set_sanction(turn.community_id, target.id, "mute", until, reason, actor_id(actor), ev.at_ms);
  Action& a = turn.act(ActionKind::restrict_member);
  a.user_id = target.user_id;
  a.until_ms = until;
  penalty(turn, target, actor, s_.config.moderation.mute_penalty, "mute", why);
  const std::string text = s_.text(turn, "mod.muted", {display_name(target), format_duration(duration_ms), why});
  record(turn, "mod.mute", &target, actor, format_duration(duration_ms) + " " + reason, excerpt, text);
  turn.reply(text, false);  // said in the chat, not as a reply
}

bool Moderation::is_muted(const Turn& turn, const storage::MemberRow& target) const {
  return s_.store.moderation.sanction(turn.community_id, target.id, "mute", turn.event.at_ms).has_value();
}

bool Moderation::is_banned(const Turn& turn, const storage::MemberRow& target) const {
  return s_.store.moderation.sanction(turn.community_id, target.id, "ban", turn.event.at_ms).has_value();
}

bool Moderation::unmute(Turn& turn, storage::MemberRow& target, Actor actor) {
  // Lifted on the platform in any case (a mute set by hand in Telegram is lifted too); said only when ours.
  const bool ours = s_.store.moderation.clear_sanction(turn.community_id, target.id, "mute");
  Action& a = turn.act(ActionKind::unrestrict_member);
  a.user_id = target.user_id;
  const std::string text = s_.text(turn, "mod.unmuted", {display_name(target)});
  record(turn, "mod.unmute", &target, actor, "", "", text);
  turn.reply(text, false);  // said in the chat, not as a reply
  return ours;
}

void Moderation::kick(Turn& turn, storage::MemberRow& target, Actor actor, const std::string& reason,
                      const std::string& excerpt) {
  const std::string why = reason_or_default(turn, reason);
  // Telegram has no kick: a ban lifted at once removes the member and lets them rejoin.
  turn.act(ActionKind::ban_member).user_id = target.user_id;
  turn.act(ActionKind::unban_member).user_id = target.user_id;
  s_.store.members.set_status(target.id, "left");
  penalty(turn, target, actor, s_.config.moderation.ban_penalty, "kick", why);
  const std::string text = s_.text(turn, "mod.kicked", {display_name(target), why});
  record(turn, "mod.kick", &target, actor, reason, excerpt, text);
  turn.reply(text, false);  // said in the chat, not as a reply
}

void Moderation::ban(Turn& turn, storage::MemberRow& target, Actor actor, std::int64_t duration_ms,
                     const std::string& reason, const std::string& excerpt) {
  const Event& ev = turn.event;
  const std::string why = reason_or_default(turn, reason);
  const std::int64_t until = duration_ms > 0 ? ev.at_ms + duration_ms : 0;
  s_.store.moderation.set_sanction(turn.community_id, target.id, "ban", until, reason, actor_id(actor), ev.at_ms);
  Action& a = turn.act(ActionKind::ban_member);
  a.user_id = target.user_id;
  a.until_ms = until;
  s_.store.members.set_status(target.id, "left");
  penalty(turn, target, actor, s_.config.moderation.ban_penalty, "ban", why);
  const std::string text = duration_ms > 0
      ? s_.text(turn, "mod.banned_for", {display_name(target), format_duration(duration_ms), why})
      : s_.text(turn, "mod.banned", {display_name(target), why});
  record(turn, "mod.ban", &target, actor, (duration_ms > 0 ? format_duration(duration_ms) + " " : "") + reason, excerpt,
         text);
  turn.reply(text, false);  // said in the chat, not as a reply
}

bool Moderation::unban(Turn& turn, storage::MemberRow& target, Actor actor) {
  const bool ours = s_.store.moderation.clear_sanction(turn.community_id, target.id, "ban");
  turn.act(ActionKind::unban_member).user_id = target.user_id;
  const std::string text = s_.text(turn, "mod.unbanned", {display_name(target)});
  record(turn, "mod.unban", &target, actor, "", "", text);
  turn.reply(text, false);  // said in the chat, not as a reply
  return ours;
}

void Moderation::delete_message(Turn& turn, const std::string& message_id, const storage::MemberRow* author,
                                Actor actor, const std::string& reason, const std::string& excerpt) {
  turn.act(ActionKind::delete_message).message_id = message_id;
  record(turn, "mod.delete", author, actor, reason, excerpt, actor != nullptr ? s_.text(turn, "mod.deleted_log") : "");
}

}  // namespace fanbase::handlers
