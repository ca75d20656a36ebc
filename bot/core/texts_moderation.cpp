#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    // --- command summaries (for /help) ---
    {"cmd.warn.summary", "Warn a member (by reply, @mention or id), with a reason.", "警告一名成员（回复、@ 或 ID），并注明原因。"},
    {"cmd.warns.summary", "Active warnings: yours, or a member's (moderators).", "当前有效的警告：你自己的，或某位成员的（管理员）。"},
    {"cmd.unwarn.summary", "Withdraw a member's latest warning.", "撤回某位成员最近的一次警告。"},
    {"cmd.mute.summary", "Mute a member for a while (10m, 2h, 3d).", "禁言一名成员一段时间（10m、2h、3d）。"},
    {"cmd.unmute.summary", "Let a muted member speak again.", "解除成员的禁言。"},
    {"cmd.kick.summary", "Remove a member from the group (they may rejoin).", "将成员移出群组（可再次加入）。"},
    {"cmd.ban.summary", "Ban a member, for good or for a while.", "封禁一名成员，永久或一段时间。"},
    {"cmd.unban.summary", "Lift a ban.", "解除封禁。"},
    {"cmd.del.summary", "Delete the message you reply to.", "删除你所回复的那条消息。"},
    {"cmd.modlog.summary", "The moderation log, of everyone or one member.", "管理日志：全部，或某一位成员的。"},
    {"cmd.report.summary", "Reply to a message to report it to the moderators.", "回复一条消息，向管理员举报它。"},
    // --- replies ---
    {"mod.no_reason", "no reason given", "未注明原因"},
    {"mod.warned", "⚠️ {0} was warned: {1}. Active warnings: {2}.", "⚠️ {0} 收到警告：{1}。当前有效警告：{2} 次。"},
    {"mod.warned_next", "⚠️ {0} was warned: {1}. Active warnings: {2}; at {3}: {4}.", "⚠️ {0} 收到警告：{1}。当前有效警告：{2} 次；达到 {3} 次将{4}。"},
    {"mod.unwarned", "{0}'s latest warning was withdrawn. Active warnings: {1}.", "已撤回 {0} 最近的一次警告。当前有效警告：{1} 次。"},
    {"mod.no_warnings", "{0} has no active warnings.", "{0} 没有有效的警告。"},
    {"mod.warns_header", "⚠️ {0}: {1} active warning(s)", "⚠️ {0}：{1} 次有效警告"},
    {"mod.warns_line", "{0} · {1} · by {2}", "{0} · {1} · 由 {2}"},
    {"mod.by_bot", "the bot", "机器人"},
    {"mod.muted", "🔇 {0} is muted for {1}: {2}", "🔇 {0} 被禁言 {1}：{2}"},
    {"mod.unmuted", "🔊 {0} can speak again.", "🔊 {0} 已解除禁言。"},
    {"mod.not_muted", "{0} is not muted by me.", "{0} 没有被我禁言。"},
    {"mod.kicked", "👢 {0} was removed from the group: {1}", "👢 {0} 已被移出群组：{1}"},
    {"mod.banned", "⛔ {0} is banned: {1}", "⛔ {0} 已被封禁：{1}"},
    {"mod.banned_for", "⛔ {0} is banned for {1}: {2}", "⛔ {0} 被封禁 {1}：{2}"},
    {"mod.unbanned", "{0} is no longer banned.", "{0} 已解除封禁。"},
    {"mod.not_banned", "{0} is not banned by me.", "{0} 没有被我封禁。"},
    {"mod.escalation", "{0} reached {1} warnings.", "{0} 的警告已达 {1} 次。"},
    {"mod.step_mute", "be muted for {0}", "被禁言 {0}"},
    {"mod.step_kick", "be removed", "被移出群组"},
    {"mod.step_ban", "be banned", "被封禁"},
    {"mod.step_ban_for", "be banned for {0}", "被封禁 {0}"},
    {"mod.cannot_target_staff", "{0} is a moderator or owner: moderation does not apply to them.", "{0} 是管理员或群主，不能对其执行管理操作。"},
    {"mod.bad_duration", "“{0}” is not a duration from 1m to 366d (e.g. 10m, 2h, 3d, 1h30m).", "“{0}”不是 1m 到 366d 之间的时长（例如 10m、2h、3d、1h30m）。"},
    {"mod.need_duration", "How long? e.g. /mute @user 2h reason", "要多久？例如 /mute @用户 2h 原因"},
    {"mod.del_needs_reply", "Reply to the message you want to delete with /del.", "请回复要删除的消息并发送 /del。"},
    {"mod.deleted_log", "deleted a message", "删除了一条消息"},
    {"mod.report_needs_reply", "Reply to the message you want to report with /report.", "请回复要举报的消息并发送 /report。"},
    {"mod.reported", "Thanks, {0}: the moderators have been told.", "谢谢你，{0}：已通知管理员。"},
    {"mod.report_mirror", "🚩 {0} reported a message by {1}: “{2}”", "🚩 {0} 举报了 {1} 的消息：“{2}”"},
    {"mod.mirror", "📋 {0} · {1}", "📋 {0} · {1}"},
    {"mod.mirror_excerpt", "{0}\n“{1}”", "{0}\n“{1}”"},
    {"mod.modlog_header", "📋 Moderation log ({0})", "📋 管理日志（{0}）"},
    {"mod.modlog_empty", "The moderation log is empty.", "管理日志为空。"},
    {"mod.modlog_line", "#{0} {1} · {2} → {3} · {4}", "#{0} {1} · {2} → {3} · {4}"},
    {"mod.modlog_excerpt", "  “{0}”", "  “{0}”"},
    {"mod.penalty_note", "{0}: {1}", "{0}：{1}"},
    // --- automatic filters ---
    {"filter.blocklist", "a blocked word or phrase", "屏蔽词"},
    {"filter.links", "a link that is not allowed here", "不允许的链接"},
    {"filter.new_member_links", "links from new members", "新成员发送链接"},
    {"filter.flood", "flooding ({0} messages in {1}s)", "刷屏（{1} 秒内 {0} 条消息）"},
    {"filter.repeat", "the same message {0} times", "重复发送同一消息 {0} 次"},
    {"filter.mentions", "too many mentions ({0})", "@ 的人过多（{0} 个）"},
    {"filter.caps", "shouting in capitals", "全部大写刷屏"},
    {"filter.deleted", "🧹 A message by {0} was removed: {1}.", "🧹 已删除 {0} 的一条消息：{1}。"},
    {"filter.raid_alert", "🚨 Raid guard: {0} joins within {1}s. New members are muted for {2} for the next 10 minutes.", "🚨 防突袭：{1} 秒内有 {0} 人加入。接下来 10 分钟内新成员将被禁言 {2}。"},
    {"filter.raid_muted", "raid guard: joined during a raid", "防突袭：在突袭期间加入"},
};
}  // namespace

std::span<const CatalogText> moderation_texts() { return texts; }

}  // namespace fanbase
