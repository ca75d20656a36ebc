#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.profile.summary", "Your segment, level and interests.", "你的分群、等级和兴趣。"},
    {"cmd.segments.summary", "Member segments: their size and typical activity.", "成员分群：人数与典型活跃度。"},
    {"cmd.announce.summary", "Send a private message to every member of a segment.", "向某个分群的每位成员发送私信。"},
    {"segment.name.high-interaction", "high-interaction", "高互动"},
    {"segment.name.active", "active", "活跃"},
    {"segment.name.potential", "potential", "潜力"},
    {"segment.name.numbered", "segment {0}", "分群 {0}"},
    {"profile.head", "👤 {0} · segment: {1}\nLv.{2} {3} · lifetime {4} · balance {5}", "👤 {0} · 分群：{1}\nLv.{2} {3} · 累计 {4} · 余额 {5}"},
    {"profile.no_segment", "not computed yet", "尚未计算"},
    {"profile.next", "{0} more to Lv.{1} {2}.", "再得 {0} 分升到 Lv.{1} {2}。"},
    {"profile.interests", "Interests: {0}", "兴趣：{0}"},
    {"profile.no_interests", "Interests: none yet (follow topics, answer questions).", "兴趣：暂无（关注话题、回答问题即可）。"},
    {"segments.none", "No members to segment yet.", "还没有可以分群的成员。"},
    {"segments.header", "👥 Segments (computed {0}, {1} members):", "👥 成员分群（计算于 {0}，共 {1} 人）："},
    {"segments.line", "{0}. {1} — {2} members · points {3} · messages {4} · answers {5} · last seen {6} d ago · streak {7}", "{0}. {1} — {2} 人 · 积分 {3} · 发言 {4} · 回答 {5} · 最近 {6} 天前出现 · 连续签到 {7}"},
    {"segments.footer", "Typical values are each segment's average. /announce --segment NAME|N text messages one segment.", "典型值为各分群的平均值。/announce --segment 名称或编号 内容 可私信某个分群。"},
    {"announce.unknown_segment", "There is no segment “{0}”. Segments: {1}.", "没有“{0}”这个分群。现有分群：{1}。"},
    {"announce.message", "📣 {0}: {1}", "📣 {0}：{1}"},
    {"cmd.digest.summary", "Your picks by private message: daily, weekly or off, at an hour you choose.", "通过私信接收为你挑选的内容：每天、每周或关闭，可选时间。"},
    {"digest.none", "You get no digest. /digest daily or /digest weekly [HOUR] to start.", "你没有订阅摘要。发送 /digest daily 或 /digest weekly [小时] 开始订阅。"},
    {"digest.on_daily", "📬 Daily digest at {0}:00, only when there is something new for you. /digest off to stop.", "📬 每天 {0}:00 发送摘要，仅在有新内容时。发送 /digest off 取消。"},
    {"digest.on_weekly", "📬 Weekly digest at {0}:00, only when there is something new for you. /digest off to stop.", "📬 每周 {0}:00 发送摘要，仅在有新内容时。发送 /digest off 取消。"},
    {"digest.off", "Digest off.", "已取消摘要。"},
    {"digest.bad_hour", "“{0}” is not an hour from 0 to 23.", "“{0}”不是 0 到 23 之间的小时。"},
    {"digest.quiet_hour", "{0}:00 is in the quiet hours ({1}:00 to {2}:00): choose another hour.", "{0}:00 在免打扰时段（{1}:00 至 {2}:00）内，请另选时间。"},
    {"digest.header", "📬 New in {0}, picked for you:", "📬 {0} 的新内容，为你挑选："},
    {"digest.line", "• {0}{1}{2}", "• {0}{1}{2}"},
    {"digest.footer", "/digest off to stop these messages.", "发送 /digest off 即可停止接收。"},
    {"announce.sent", "Sent to {0} members of the {1} segment.", "已发送给“{1}”分群的 {0} 位成员。"},
};
}  // namespace

std::span<const CatalogText> segment_texts() { return texts; }

}  // namespace fanbase
