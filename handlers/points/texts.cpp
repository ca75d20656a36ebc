// Points' texts (balances, leaderboards, ledger reasons, check-in, levels, badges), en + zh.
#include "handlers/points/feature.hpp"

namespace fanbase::handlers {
namespace {
constexpr CatalogText texts[] = {
    // --- points ---
    {"points.balance", "{0}: balance {1} · lifetime {2} · Lv.{3} {4}", "{0}：{1} 积分 · 累计 {2} · Lv.{3} {4}"},
    {"points.next_level", "{0} more to Lv.{1} {2}.", "再得 {0} 分升到 Lv.{1} {2}。"},
    {"points.max_level", "Highest level reached.", "已达到最高等级。"},
    {"points.rank", "{0}: #{1} of {2} · lifetime {3} · Lv.{4} {5}", "{0}：第 {1} 名（共 {2} 人）· 累计 {3} 分 · Lv.{4} {5}"},
    {"points.top_header", "🏆 Top {0} · {1}", "🏆 前 {0} 名 · {1}"},
    {"points.top_line", "{0}. {1} — {2}", "{0}. {1} — {2}"},
    {"points.top_empty", "Nobody has earned points in this period yet.", "这段时间还没有人获得积分。"},
    {"period.week", "last 7 days", "近 7 天"},
    {"period.month", "last 30 days", "近 30 天"},
    {"period.all", "all time", "总榜"},
    {"points.top_button_week", "7 days", "7 天"},
    {"points.top_button_month", "30 days", "30 天"},
    {"points.top_button_all", "All time", "总榜"},
    {"points.history_header", "{0}'s last {1} point changes:", "{0} 最近 {1} 条积分变动："},
    {"points.history_header_one", "{0}'s last {1} point change:", "{0} 最近 {1} 条积分变动："},
    {"points.history_line", "{0} {1} {2}", "{0} {1} {2}"},
    {"points.history_note", "{0} {1} {2} — {3} (by {4})", "{0} {1} {2} — {3}（{4}）"},
    {"points.history_note_bot", "{0} {1} {2} — {3}", "{0} {1} {2} — {3}"},
    {"points.history_empty", "{0} has no point changes yet.", "{0} 还没有积分变动。"},
    {"points.awarded", "{0} gave {1} points to {2}: {3}. {2} now has {4}.", "{0} 给 {2} 加了 {1} 分：{3}。{2} 现有 {4} 分。"},
    {"points.awarded_one", "{0} gave {1} point to {2}: {3}. {2} now has {4}.", "{0} 给 {2} 加了 {1} 分：{3}。{2} 现有 {4} 分。"},
    {"points.revoked", "{0} took {1} points from {2}: {3}. {2} now has {4}.", "{0} 扣除了 {2} 的 {1} 分：{3}。{2} 现有 {4} 分。"},
    {"points.revoked_one", "{0} took {1} point from {2}: {3}. {2} now has {4}.", "{0} 扣除了 {2} 的 {1} 分：{3}。{2} 现有 {4} 分。"},
    {"points.not_enough_to_revoke", "{0}'s balance is only {1}.", "{0} 只有 {1} 分。"},
    {"points.not_yourself", "You can't change your own points; ask another moderator.", "不能修改自己的积分，请找其他管理员。"},
    {"reason.message", "message", "发言"},
    {"reason.reply", "reply", "回复"},
    {"reason.reaction_received", "reaction received", "收到表情回应"},
    {"reason.checkin", "check-in", "签到"},
    {"reason.award", "award", "奖励"},
    {"reason.revoke", "revoked", "扣除"},
    {"reason.question", "question", "提问"},
    {"reason.answer", "answer", "回答"},
    {"reason.accepted_answer", "accepted answer", "回答被采纳"},
    {"reason.upvote_received", "upvote received", "获得点赞"},
    {"reason.topic_started", "topic started", "发起话题"},
    {"reason.penalty", "penalty", "处罚"},
    {"reason.topic_post", "topic post", "话题发言"},
    // --- check-in ---
    {"checkin.done", "✅ {0} checked in: +{1} · streak {2} · balance {3}.", "✅ {0} 签到成功：+{1} 分（连续 {2} 天）。当前 {3} 分。"},
    {"checkin.already", "You already checked in today. Next check-in in {0}.", "今天已经签到过了，{0}后可再次签到。"},
    {"duration.hm", "{0}h {1}m", "{0}小时{1}分钟"},
    // --- levels and badges ---
    {"level.up", "🎉 {0} reached Lv.{1}: {2}!", "🎉 {0} 升到了 Lv.{1}：{2}！"},
    {"levels.header", "Levels:", "等级："},
    {"levels.line", "Lv.{0} {1} — from {2} points", "Lv.{0} {1} — {2} 分起"},
    {"levels.line_one", "Lv.{0} {1} — from {2} point", "Lv.{0} {1} — {2} 分起"},
    {"levels.current", "Lv.{0} {1} — from {2} points ◀ {3}", "Lv.{0} {1} — {2} 分起 ◀ {3}"},
    {"levels.current_one", "Lv.{0} {1} — from {2} point ◀ {3}", "Lv.{0} {1} — {2} 分起 ◀ {3}"},
    {"badge.awarded", "🏅 {0} earned the badge “{1}”: {2}", "🏅 {0} 获得徽章「{1}」：{2}"},
    {"badges.header", "{0}'s badges: {1} of {2}", "{0} 的徽章：{1} / {2}"},
    {"badges.earned_line", "🏅 {0} — {1}", "🏅 {0} — {1}"},
    {"badges.locked_line", "▫️ {0} — {1}", "▫️ {0} — {1}"},
    // --- command summaries (for /help) ---
    {"cmd.points.summary", "Show your points and level, or another member's.", "查看自己或他人的积分与等级。"},
    {"cmd.rank.summary", "Your position on the leaderboard.", "你在排行榜上的名次。"},
    {"cmd.top.summary", "The leaderboard: top N for the last week, month or all time.", "排行榜：最近一周、一个月或总榜前 N 名。"},
    {"cmd.badges.summary", "Badges earned and still to earn.", "已获得与待解锁的徽章。"},
    {"cmd.levels.summary", "The level ladder and its honour titles.", "等级阶梯与荣誉称号。"},
    {"cmd.checkin.summary", "Daily check-in; consecutive days earn a streak bonus.", "每日签到，连续签到有额外奖励。"},
    {"cmd.history.summary", "Your latest point changes (someone else's: moderators).", "你最近的积分变动（查看他人：管理员）。"},
    {"cmd.award.summary", "Give points to a member, with a reason (recorded).", "给成员加分并写明原因（记入账本）。"},
    {"cmd.revoke.summary", "Take points from a member, with a reason (recorded).", "扣除成员积分并写明原因（记入账本）。"},
    // argument descriptions
    {"arg.amount", "N", "数量"},
    {"arg.amount.about", "How many points.", "积分数。"},
    {"arg.period.about", "The window: the last week, month, or all time.", "时间范围：最近一周、一个月或全部。"},
};
}  // namespace

std::span<const CatalogText> points_texts() { return texts; }

}  // namespace fanbase::handlers
