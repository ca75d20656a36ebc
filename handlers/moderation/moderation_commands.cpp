#include "handlers/moderation/moderation_commands.hpp"

#include <algorithm>
#include <ctime>

#include "base/duration.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/args.hpp"
#include "handlers/moderation/moderation.hpp"

namespace fanbase::handlers {
namespace {

constexpr std::int64_t min_sanction_ms = minute_ms;  // shorter is a typo, not a sanction
constexpr std::int64_t max_sanction_ms = 3650 * day_ms;  // where the platform sets no limit of its own
constexpr int modlog_default = 10;
constexpr int modlog_max = 50;
constexpr int warns_shown = 10;

// The arguments from `next` on, joined: the free-text reason.
std::string rest(const CommandContext& ctx, std::size_t next) {
  std::string out;
  for (std::size_t i = next; i < ctx.args().size(); ++i) {
    if (!out.empty()) out += ' ';
    out += ctx.args()[i];
  }
  return out;
}

std::string stamp(const CommandContext& ctx, std::int64_t at_ms) {
  const int offset = ctx.services.config.bot.utc_offset_minutes;
  const std::time_t secs = static_cast<std::time_t>((at_ms + std::int64_t{offset} * minute_ms) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[24];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

// The command's target, refused (with the reply said) when missing, unknown or staff.
std::optional<storage::MemberRow> staff_checked_target(CommandContext& ctx, std::size_t& next) {
  auto target = ctx.take_target(next);
  if (!target) {
    ctx.refuse(target.error());
    return std::nullopt;
  }
  if (Moderation(ctx.services).is_staff(ctx.turn, *target)) {
    ctx.say("mod.cannot_target_staff", {display_name(*target)});
    return std::nullopt;
  }
  return *target;
}

// A duration at args[next] within 1 minute and the platform's limit (Capabilities); refused with its reply otherwise.
std::optional<std::int64_t> duration_at(CommandContext& ctx, std::size_t& next, bool required) {
  if (next >= ctx.args().size()) {
    if (required) ctx.say("mod.need_duration");
    return required ? std::nullopt : std::optional<std::int64_t>(0);
  }
  const std::string& token = ctx.args()[next];
  // The platform's own limits (Telegram: a restriction over 366 days or under 30 s is forever) keep a timed
  // sanction timed.
  const Capabilities& caps = ctx.turn.caps;
  const std::int64_t lo = std::max(min_sanction_ms, caps.min_sanction_ms);
  const std::int64_t hi = caps.max_sanction_ms > 0 ? std::min(max_sanction_ms, caps.max_sanction_ms) : max_sanction_ms;
  auto refuse = [&] {
    // The upper limit in days, as members think of it ("366d", not "52w 2d").
    const std::string upper = hi % day_ms == 0 ? std::to_string(hi / day_ms) + "d" : format_duration(hi);
    ctx.say("mod.bad_duration", {std::string(text::prefix_codepoints(token, 32)), format_duration(lo), upper});
  };
  const auto ms = parse_duration_ms(token);
  if (!ms) {
    // /ban @user spamming: no duration, the rest is the reason. But "10x", "30", "3年" meant a duration: a typo
    // must not turn a short ban into a permanent one.
    const bool looks_like_duration = !token.empty() && token[0] >= '0' && token[0] <= '9';
    if (!required && !looks_like_duration) return 0;
    refuse();
    return std::nullopt;
  }
  if (*ms < lo || *ms > hi) {
    refuse();
    return std::nullopt;
  }
  ++next;
  return *ms;
}

// "mod.warn" → "warn" / "警告" (the catalogue's "log.<action>" text; an action without one shows as stored).
std::string action_name(const CommandContext& ctx, const std::string& action) {
  const std::string key = "log." + action;
  return ctx.services.catalog.has(key) ? ctx.services.text(ctx.turn, key) : action;
}

// The message this command replies to, when it is a member's (its text, for the log).
std::string replied_text(const CommandContext& ctx) {
  const Event& ev = ctx.event();
  return ev.reply_to ? ev.reply_to->text : std::string();
}

void warn(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = staff_checked_target(ctx, next);
  if (!target) return;
  Moderation(ctx.services).warn(ctx.turn, *target, &ctx.turn.member, rest(ctx, next), replied_text(ctx));
}

void unwarn(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = ctx.take_target(next);
  if (!target) return ctx.refuse(target.error());
  if (!Moderation(ctx.services).unwarn(ctx.turn, *target, &ctx.turn.member)) {
    ctx.say("mod.no_warnings", {display_name(*target)});
  }
}

void warns(CommandContext& ctx) {
  std::size_t next = 0;
  storage::MemberRow who = ctx.turn.member;
  if (!ctx.args().empty() || (ctx.event().reply_to && ctx.turn.role >= Role::moderator)) {
    auto target = ctx.take_target(next);
    if (!target) return ctx.refuse(target.error());
    if (target->id != ctx.turn.member.id && ctx.turn.role < Role::moderator) {
      return ctx.refuse_role("/warns " + ctx.services.text(ctx.turn, "arg.member"), Role::moderator);
    }
    who = *target;
  }
  Moderation mod(ctx.services);
  const std::int64_t since = mod.warnings_since(ctx.turn);
  const auto rows = ctx.services.store.moderation.warnings(who.id, since, warns_shown);
  if (rows.empty()) return ctx.say("mod.no_warnings", {display_name(who)});
  const std::int64_t active = ctx.services.store.moderation.active_warnings(who.id, since);
  std::string text = ctx.services.text(ctx.turn, "mod.warns_header", {display_name(who), std::to_string(active)});
  for (const auto& w : rows) {
    text += "\n" + ctx.services.text(ctx.turn, "mod.warns_line",
                                     {stamp(ctx, w.at), mod.reason_or_default(ctx.turn, w.reason),
                                      w.actor_name.empty() ? ctx.services.text(ctx.turn, "mod.by_bot") : w.actor_name});
  }
  ctx.turn.reply(std::move(text));
}

void mute(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = staff_checked_target(ctx, next);
  if (!target) return;
  auto duration = duration_at(ctx, next, true);
  if (!duration) return;
  Moderation(ctx.services).mute(ctx.turn, *target, &ctx.turn.member, *duration, rest(ctx, next), replied_text(ctx));
}

void unmute(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = ctx.take_target(next);
  if (!target) return ctx.refuse(target.error());
  Moderation mod(ctx.services);
  if (!mod.is_muted(ctx.turn, *target)) return ctx.say("mod.not_muted", {display_name(*target)});
  mod.unmute(ctx.turn, *target, &ctx.turn.member);
}

void kick(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = staff_checked_target(ctx, next);
  if (!target) return;
  Moderation(ctx.services).kick(ctx.turn, *target, &ctx.turn.member, rest(ctx, next), replied_text(ctx));
}

void ban(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = staff_checked_target(ctx, next);
  if (!target) return;
  auto duration = duration_at(ctx, next, false);
  if (!duration) return;
  Moderation(ctx.services).ban(ctx.turn, *target, &ctx.turn.member, *duration, rest(ctx, next), replied_text(ctx));
}

void unban(CommandContext& ctx) {
  std::size_t next = 0;
  auto target = ctx.take_target(next);
  if (!target) return ctx.refuse(target.error());
  Moderation mod(ctx.services);
  if (!mod.is_banned(ctx.turn, *target)) return ctx.say("mod.not_banned", {display_name(*target)});
  mod.unban(ctx.turn, *target, &ctx.turn.member);
}

void del(CommandContext& ctx) {
  const Event& ev = ctx.event();
  if (!ev.reply_to) return ctx.say("mod.del_needs_reply");
  std::optional<storage::MemberRow> author;
  if (ev.reply_to->author && !ev.reply_to->author->is_bot) {
    author = ctx.services.store.members.by_user_id(ctx.turn.community_id, ev.reply_to->author->id);
  }
  Moderation mod(ctx.services);
  mod.delete_message(ctx.turn, ev.reply_to->message_id, author ? &*author : nullptr, &ctx.turn.member,
                     rest(ctx, 0), ev.reply_to->text);
  ctx.turn.act(ActionKind::delete_message).message_id = ev.message_id;  // and the command itself, as bots do
}

void modlog(CommandContext& ctx) {
  std::size_t next = 0;
  std::optional<storage::MemberRow> who;
  if (ctx.names_member_at(next)) {
    auto target = ctx.member_at(next);
    if (!target) return ctx.refuse(target.error());
    who = *target;
  }
  std::int64_t n = modlog_default;
  if (next < ctx.args().size()) {
    auto parsed = parse_amount(ctx.args()[next], 1, modlog_max);
    if (!parsed) return ctx.refuse(parsed.error());
    n = *parsed;
    ++next;
  }
  if (next < ctx.args().size()) return ctx.usage();
  const auto rows = ctx.services.store.audit.recent(ctx.turn.community_id,
                                                    who ? std::optional(who->id) : std::nullopt, static_cast<int>(n));
  if (rows.empty()) return ctx.say("mod.modlog_empty");
  std::string text = ctx.services.text(ctx.turn, "mod.modlog_header",
                                       {who ? display_name(*who) : std::to_string(rows.size())});
  for (const auto& r : rows) {
    text += "\n" + ctx.services.text(ctx.turn, "mod.modlog_line",
                                     {std::to_string(r.id), stamp(ctx, r.at),
                                      r.actor_name.empty() ? ctx.services.text(ctx.turn, "mod.by_bot") : r.actor_name,
                                      r.target_name.empty() ? "-" : r.target_name,
                                      r.detail.empty() ? action_name(ctx, r.action)
                                                       : action_name(ctx, r.action) + " · " + r.detail});
    if (!r.excerpt.empty()) text += "\n" + ctx.services.text(ctx.turn, "mod.modlog_excerpt", {r.excerpt});
  }
  ctx.turn.reply(std::move(text));
}

void report(CommandContext& ctx) {
  const Event& ev = ctx.event();
  if (!ev.reply_to) return ctx.say("mod.report_needs_reply");
  // Reports reach the moderators' chat: a member may file a few an hour, not flood it.
  constexpr int reports_per_hour = 5;
  if (ctx.services.store.audit.count_recent(ctx.turn.community_id, ctx.turn.member.id, "mod.report",
                                            ev.at_ms - hour_ms) >= reports_per_hour) {
    return ctx.say("mod.report_limit", {std::to_string(reports_per_hour)});
  }
  std::optional<storage::MemberRow> author;
  std::string author_name = "?";
  if (ev.reply_to->author) {
    author = ctx.services.store.members.by_user_id(ctx.turn.community_id, ev.reply_to->author->id);
    author_name = author ? display_name(*author) : ev.reply_to->author->display_name;
  }
  Moderation mod(ctx.services);
  const std::string excerpt = Moderation::excerpt_of(ev.reply_to->text);
  mod.record(ctx.turn, "mod.report", author ? &*author : nullptr, &ctx.turn.member, rest(ctx, 0), ev.reply_to->text,
             ctx.services.text(ctx.turn, "mod.report_mirror", {display_name(ctx.turn.member), author_name}));
  ctx.say("mod.reported", {display_name(ctx.turn.member)});
}

}  // namespace

void register_moderation_commands(CommandRouter& router) {
  // The target may be the author of the message the command replies to.
  const ArgSpec target{.name = "member", .kind = ArgKind::member, .by_reply = true};
  const ArgSpec reason{.name = "reason", .kind = ArgKind::rest, .optional = true};
  const auto mod = Role::moderator;
  router.add({.name = "warn", .min_role = mod, .args = {target, reason}, .summary_key = "cmd.warn.summary",
              .run = warn});
  router.add({.name = "warns", .aliases = {"warnings"},
              .args = {{.name = "member", .kind = ArgKind::member, .optional = true}},  // absent: the caller
              .summary_key = "cmd.warns.summary", .run = warns});
  router.add({.name = "unwarn", .min_role = mod, .args = {target}, .summary_key = "cmd.unwarn.summary",
              .run = unwarn});
  router.add({.name = "mute", .min_role = mod,
              .args = {target, {.name = "duration", .kind = ArgKind::duration, .own_refusal = true}, reason},
              .summary_key = "cmd.mute.summary", .run = mute});
  router.add({.name = "unmute", .min_role = mod, .args = {target}, .summary_key = "cmd.unmute.summary",
              .run = unmute});
  router.add({.name = "kick", .min_role = mod, .args = {target, reason}, .summary_key = "cmd.kick.summary",
              .run = kick});
  router.add({.name = "ban", .min_role = mod,
              .args = {target, {.name = "duration", .kind = ArgKind::duration, .optional = true}, reason},  // none: for good
              .summary_key = "cmd.ban.summary", .run = ban});
  router.add({.name = "unban", .min_role = mod, .args = {target}, .summary_key = "cmd.unban.summary",
              .run = unban});
  // /del and /report act on the message they reply to: no argument names it, so the usage line says so.
  router.add({.name = "del", .aliases = {"delete"}, .min_role = mod, .args = {reason}, .usage_key = "usage.reply_reason",
              .summary_key = "cmd.del.summary", .run = del});
  router.add({.name = "modlog", .min_role = mod,
              .args = {{.name = "member", .kind = ArgKind::member, .optional = true},
                       {.name = "count", .kind = ArgKind::number, .optional = true, .min = 1, .max = modlog_max}},
              .summary_key = "cmd.modlog.summary", .run = modlog});
  router.add({.name = "report", .args = {reason}, .usage_key = "usage.reply_reason", .summary_key = "cmd.report.summary",
              .run = report});
}

}  // namespace fanbase::handlers
