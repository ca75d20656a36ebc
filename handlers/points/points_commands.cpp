#include "handlers/points/points_commands.hpp"

#include <cstdio>
#include <ctime>

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/args.hpp"
#include "handlers/core/plural.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/points/leaderboard_cache.hpp"

namespace fanbase::handlers {
namespace {

constexpr int max_top = 25;
constexpr int history_size = 10;

Incentives& incentives(CommandContext& ctx) { return ctx.services.incentives; }

// "LvN Title" pieces and the "next level" line for a member.
std::string progress_line(CommandContext& ctx, const storage::MemberRow& m) {
  const int next = incentives(ctx).level_for(m.earned) + 1;
  if (next >= incentives(ctx).level_count()) return ctx.services.text(ctx.turn, "points.max_level");
  const auto& lv = incentives(ctx).level(next);
  return ctx.services.text(ctx.turn, "points.next_level",
                           {std::to_string(lv.threshold - m.earned), std::to_string(next + 1),
                            lv.title_in(ctx.turn.language)});
}

// The member the arguments name, or the caller when there are none.
Result<storage::MemberRow> subject(CommandContext& ctx) {
  if (ctx.args().empty()) return ctx.turn.member;
  std::size_t next = 0;
  return ctx.member_at(next);
}

void points(CommandContext& ctx) {
  auto m = subject(ctx);
  if (!m) return ctx.refuse(m.error());
  // Shown from lifetime points and the ladder as configured now (the stored level may predate a change).
  const int level = incentives(ctx).level_for(m->earned);
  const auto& lv = incentives(ctx).level(level);
  std::string text = ctx.services.text(ctx.turn, "points.balance",
                                       {display_name(*m), std::to_string(m->points),
                                        std::to_string(m->earned), std::to_string(level + 1),
                                        lv.title_in(ctx.turn.language)});
  text += "\n" + progress_line(ctx, *m);
  ctx.turn.reply(std::move(text));
}

void rank(CommandContext& ctx) {
  auto m = subject(ctx);
  if (!m) return ctx.refuse(m.error());
  const auto [position, total] = ctx.services.store.ledger.rank_of(*m);
  const int level = incentives(ctx).level_for(m->earned);
  const auto& lv = incentives(ctx).level(level);
  std::string text = ctx.services.text(
      ctx.turn, "points.rank",
      {display_name(*m), std::to_string(position), std::to_string(total), std::to_string(m->earned),
       std::to_string(level + 1), lv.title_in(ctx.turn.language)});
  text += "\n" + progress_line(ctx, *m);
  ctx.turn.reply(std::move(text));
}

const char* period_name(Period p) {
  switch (p) {
    case Period::week: return "week";
    case Period::month: return "month";
    case Period::all: return "all";
  }
  return "all";
}

// The leaderboard's text for a window, or the "nobody yet" text.
std::string top_text(Services& services, const Turn& turn, std::int64_t n, Period period) {
  std::vector<storage::Standing> rows;
  if (period == Period::all) {
    rows = services.store.ledger.top(turn.community_id, static_cast<int>(n));
  } else {
    const std::int64_t at = turn.event.at_ms;
    const int offset = services.config.bot.utc_offset_minutes;
    const std::int64_t today = text::local_day(at, offset);
    const std::int64_t today_start = at + text::ms_until_next_day(at, offset) - day_ms;
    rows = services.leaderboards.top(services.store.ledger, turn.community_id, period == Period::week ? 7 : 30, today,
                                     today_start, static_cast<int>(n));
  }
  if (rows.empty()) return services.text(turn, "points.top_empty");
  std::string text =
      services.text(turn, "points.top_header", {std::to_string(n), services.text(turn, period_key(period))});
  int position = 0;
  for (const auto& s : rows) {
    storage::MemberRow m;
    m.display_name = s.display_name;
    m.username = s.username;
    text += "\n" + services.text(turn, "points.top_line",
                                 {std::to_string(++position), display_name(m), std::to_string(s.points)});
  }
  return text;
}

// Buttons to switch the window ("top:<N>:<period>"); the shown one is marked.
Keyboard top_keyboard(Services& services, const Turn& turn, std::int64_t n, Period shown) {
  std::vector<Button> row;
  for (Period p : {Period::week, Period::month, Period::all}) {
    std::string label = services.text(turn, std::string("points.top_button_") + period_name(p));
    if (p == shown) label = "• " + label;
    row.push_back({std::move(label), "top:" + std::to_string(n) + ":" + period_name(p)});
  }
  return {std::move(row)};
}

void top(CommandContext& ctx) {
  std::int64_t n = 10;
  Period period = Period::all;
  for (const std::string& arg : ctx.args()) {
    if (!arg.empty() && (arg[0] == '+' || (arg[0] >= '0' && arg[0] <= '9'))) {
      auto parsed = parse_amount(arg, 1, max_top);
      if (!parsed) return ctx.refuse(parsed.error());
      n = *parsed;
    } else if (auto p = parse_period(arg)) {
      period = *p;
    } else {
      return ctx.refuse(user_error(Errc::bad_input, "args.bad_period", {arg}));
    }
  }
  ctx.turn.reply(top_text(ctx.services, ctx.turn, n, period)).keyboard = top_keyboard(ctx.services, ctx.turn, n, period);
}

// A press on one of /top's buttons: the same message shows the chosen window.
void top_button(ButtonContext& ctx) {
  if (ctx.fields.size() != 2 || ctx.turn.community_id == 0) return ctx.answer(ctx.services.text(ctx.turn, "button.expired"));
  auto n = parse_amount(ctx.fields[0], 1, max_top);
  auto period = parse_period(ctx.fields[1]);
  if (!n || !period) return ctx.answer(ctx.services.text(ctx.turn, "button.expired"));
  ctx.edit(top_text(ctx.services, ctx.turn, *n, *period), top_keyboard(ctx.services, ctx.turn, *n, *period));
}

std::string local_stamp(std::int64_t at_ms, int offset_minutes) {
  const std::time_t secs = static_cast<std::time_t>(local_ms(at_ms, offset_minutes) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
  return buf;
}

void history(CommandContext& ctx) {
  storage::MemberRow m = ctx.turn.member;
  if (!ctx.args().empty()) {
    if (ctx.turn.role < Role::moderator) {
      return ctx.refuse_role("/history " + ctx.services.text(ctx.turn, "arg.member"), Role::moderator);
    }
    std::size_t next = 0;
    auto other = ctx.member_at(next);
    if (!other) return ctx.refuse(other.error());
    m = *other;
  }
  const auto entries = ctx.services.store.ledger.history(m.id, history_size);
  if (entries.empty()) return ctx.say("points.history_empty", {display_name(m)});
  std::string text = ctx.services.text(ctx.turn, count_key("points.history_header", std::ssize(entries)),
                                       {display_name(m), std::to_string(entries.size())});
  const int offset = ctx.services.config.bot.utc_offset_minutes;
  for (const auto& e : entries) {
    const std::string delta = (e.delta > 0 ? "+" : "") + std::to_string(e.delta);
    const std::string reason_key = "reason." + e.reason;
    const std::string reason = ctx.services.catalog.has(reason_key) ? ctx.services.text(ctx.turn, reason_key) : e.reason;
    if (e.note.empty()) {
      text += "\n" + ctx.services.text(ctx.turn, "points.history_line", {local_stamp(e.at, offset), delta, reason});
    } else {
      // An automatic change (a filter's penalty, an escalation) has no actor to name.
      text += "\n" + ctx.services.text(ctx.turn, e.actor_name.empty() ? "points.history_note_bot" : "points.history_note",
                                       {local_stamp(e.at, offset), delta, reason, e.note, e.actor_name});
    }
  }
  ctx.turn.reply(std::move(text));
}

void badges(CommandContext& ctx) {
  auto m = subject(ctx);
  if (!m) return ctx.refuse(m.error());
  const auto earned = ctx.services.store.badges.of(m->id);
  const auto& all = ctx.services.config.badges;
  std::string text = ctx.services.text(
      ctx.turn, "badges.header",
      {display_name(*m), std::to_string(earned.size()), std::to_string(all.size())});
  for (const auto& b : all) {
    bool has = false;
    for (const auto& [id, at] : earned) has = has || id == b.id;
    text += "\n" + ctx.services.text(ctx.turn, has ? "badges.earned_line" : "badges.locked_line",
                                     {b.name_in(ctx.turn.language), b.description_in(ctx.turn.language)});
  }
  ctx.turn.reply(std::move(text));
}

void levels(CommandContext& ctx) {
  std::string text = ctx.services.text(ctx.turn, "levels.header");
  const storage::MemberRow& me = ctx.turn.member;
  for (int i = 0; i < incentives(ctx).level_count(); ++i) {
    const auto& lv = incentives(ctx).level(i);
    if (i == incentives(ctx).level_for(me.earned)) {
      text += "\n" + ctx.services.text(ctx.turn, count_key("levels.current", lv.threshold),
                                       {std::to_string(i + 1), lv.title_in(ctx.turn.language), std::to_string(lv.threshold),
                                        display_name(me)});
    } else {
      text += "\n" + ctx.services.text(ctx.turn, count_key("levels.line", lv.threshold),
                                       {std::to_string(i + 1), lv.title_in(ctx.turn.language), std::to_string(lv.threshold)});
    }
  }
  ctx.turn.reply(std::move(text));
}

void checkin(CommandContext& ctx) {
  auto& store = ctx.services.store;
  const auto& rule = ctx.services.config.points.checkin;
  const std::int64_t at = ctx.event().at_ms;
  const std::int64_t day = incentives(ctx).today(at);
  storage::ActivityRow act = store.activity.get(ctx.turn.member.id, "checkin");
  if (act.count > 0 && act.day >= day) {
    const std::int64_t left = text::ms_until_next_day(at, ctx.services.config.bot.utc_offset_minutes);
    const std::int64_t minutes = (left + 59'999) / 60'000;
    return ctx.say("checkin.already", {ctx.services.text(ctx.turn, "duration.hm",
                                                         {std::to_string(minutes / 60), std::to_string(minutes % 60)})});
  }
  const std::int64_t streak_before = act.streak;
  act.streak = (act.count > 0 && act.day == day - 1) ? act.streak + 1 : 1;
  act.best_streak = std::max(act.best_streak, act.streak);
  act.day = day;
  act.last_award_at = at;
  const std::int64_t count_before = act.count;
  act.count += 1;
  const std::int64_t bonus_steps = std::min<std::int64_t>(act.streak - 1, rule.streak_bonus_max);
  const std::int64_t pay = rule.points + bonus_steps * rule.streak_bonus;
  act.day_points = pay;
  store.activity.save(act);

  storage::MemberRow& me = ctx.turn.member;
  // The confirmation goes before any level-up or badge announcement it caused.
  std::vector<Action> announcements;
  std::swap(announcements, ctx.turn.actions);
  std::int64_t balance = me.points;
  if (pay > 0) balance = incentives(ctx).change(ctx.turn, me, pay, "checkin", ctx.event().key, std::nullopt, "", true);
  std::swap(announcements, ctx.turn.actions);
  ctx.say("checkin.done", {display_name(me), std::to_string(pay), std::to_string(act.streak),
                           std::to_string(balance)});
  for (auto& a : announcements) ctx.turn.actions.push_back(std::move(a));
  incentives(ctx).check_badges(ctx.turn, me, config::BadgeMetric::checkins, count_before, act.count);
  incentives(ctx).check_badges(ctx.turn, me, config::BadgeMetric::checkin_streak,
                               act.streak > streak_before ? streak_before : 0, act.streak);
}

// /award and /revoke share everything but the sign and the balance check.
void adjust(CommandContext& ctx, bool award) {
  std::size_t next = 0;
  auto target = ctx.take_target(next);
  if (!target) return ctx.refuse(target.error());
  if (next >= ctx.args().size()) return ctx.usage();
  auto amount = parse_amount(ctx.args()[next], 1, ctx.services.config.points.max_award);
  if (!amount) return ctx.refuse(amount.error());
  const std::string reason(text::trim(ctx.command.rest_from(next + 1)));
  if (reason.empty()) return ctx.say("args.need_reason");
  if (target->id == ctx.turn.member.id) return ctx.say("points.not_yourself");
  if (!award && target->points < *amount) {
    return ctx.say("points.not_enough_to_revoke", {display_name(*target), std::to_string(target->points)});
  }
  const std::int64_t delta = award ? *amount : -*amount;
  const char* what = award ? "award" : "revoke";
  // Both sides of the change are recorded: the ledger (why the balance moved) and the audit log (who did it).
  std::vector<Action> announcements;
  std::swap(announcements, ctx.turn.actions);
  const std::int64_t balance =
      incentives(ctx).change(ctx.turn, *target, delta, what, ctx.event().key, ctx.turn.member.id, reason, true);
  std::swap(announcements, ctx.turn.actions);
  ctx.services.store.audit.record({ctx.turn.community_id, ctx.turn.member.id, award ? "points.award" : "points.revoke",
                                   target->id, std::to_string(delta) + " " + reason, ctx.event().key,
                                   ctx.event().at_ms, {}});
  ctx.say(count_key(award ? "points.awarded" : "points.revoked", *amount),
          {display_name(ctx.turn.member), std::to_string(*amount), display_name(*target), reason,
           std::to_string(balance)});
  for (auto& a : announcements) ctx.turn.actions.push_back(std::move(a));
}

}  // namespace

void register_points_commands(CommandRouter& router) {
  const ArgSpec someone{.name = "member", .kind = ArgKind::member, .optional = true};  // absent: the caller
  router.add({.name = "points", .aliases = {"p", "balance"}, .args = {someone}, .summary_key = "cmd.points.summary",
              .run = points});
  router.add({.name = "rank", .args = {someone}, .summary_key = "cmd.rank.summary", .run = rank});
  router.add({.name = "top",
              .aliases = {"leaderboard", "lb"},
              .args = {{.name = "count", .kind = ArgKind::number, .optional = true, .min = 1, .max = max_top},
                       {.name = "period", .kind = ArgKind::choice, .optional = true, .choices = {"week", "month", "all"}}},
              .summary_key = "cmd.top.summary",
              .run = top});
  router.add_button({"top", Role::member, top_button});
  router.add({.name = "checkin", .aliases = {"signin", "daily"}, .summary_key = "cmd.checkin.summary", .run = checkin});
  router.add({.name = "history", .args = {someone}, .summary_key = "cmd.history.summary", .run = history});
  router.add({.name = "badges", .args = {someone}, .summary_key = "cmd.badges.summary", .run = badges});
  router.add({.name = "levels", .summary_key = "cmd.levels.summary", .run = levels});
  // /award and /revoke: the member may be the author of the message the command replies to.
  const std::vector<ArgSpec> adjust_args{{.name = "member", .kind = ArgKind::member, .by_reply = true},
                                         {.name = "amount", .kind = ArgKind::number, .min = 1},
                                         {.name = "reason", .kind = ArgKind::rest}};
  router.add({.name = "award", .min_role = Role::moderator, .args = adjust_args, .summary_key = "cmd.award.summary",
              .run = [](CommandContext& ctx) { adjust(ctx, true); }});
  router.add({.name = "revoke", .min_role = Role::moderator, .args = adjust_args, .summary_key = "cmd.revoke.summary",
              .run = [](CommandContext& ctx) { adjust(ctx, false); }});
}

}  // namespace fanbase::handlers
