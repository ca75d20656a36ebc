#include "handlers/topics/feature.hpp"

namespace fanbase::handlers {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.topics.summary", "Open topics, hottest first.", "进行中的话题，按热度排序。"},
    {"cmd.topic.summary", "Start a topic, or show one; its starter or a moderator closes it; moderators pin and unpin.",
     "发起话题或查看话题详情；发起人或管理员可关闭话题；管理员可置顶或取消置顶。"},
    {"cmd.follow.summary", "Follow a topic: I message you privately about new posts.", "关注话题：有新帖时私信通知你。"},
    {"cmd.unfollow.summary", "Stop following a topic.", "取消关注话题。"},

    {"topics.announce", "🗣 Topic #{0}: {1}{2}\nStarted by {3}. Reply to this message to join in · /follow {0} for updates.",
     "🗣 话题 #{0}：{1}{2}\n由 {3} 发起。回复这条消息参与讨论 · /follow {0} 关注更新。"},
    {"topics.announce_weekly", "🗓 Topic of the week #{0}: {1}{2}\nReply to this message to join in · /follow {0} for updates.",
     "🗓 本周话题 #{0}：{1}{2}\n回复这条消息参与讨论 · /follow {0} 关注更新。"},
    {"topics.need_title", "Give the topic a title: /topic new <title> [#tag …]", "请给话题一个标题：/topic new <标题> [#标签 …]"},
    {"topics.title_too_long", "A topic's title can have at most {0} characters.", "话题标题最多 {0} 个字。"},
    {"topics.tag_too_long", "A tag can have at most {0} characters.", "每个标签最多 {0} 个字。"},
    {"topics.too_many_tags", "A topic can have at most {0} tags.", "一个话题最多 {0} 个标签。"},
    {"topics.bad_id", "“{0}” is not a topic number.", "“{0}”不是话题编号。"},
    {"topics.not_found", "There is no topic #{0} here.", "这里没有 #{0} 号话题。"},
    {"topics.thread_taken", "This thread already belongs to topic #{0}: {1}.", "这个讨论串已属于话题 #{0}：{1}。"},

    {"topics.summary_head", "Topic #{0}: {1}{2} · {3}", "话题 #{0}：{1}{2} · {3}"},
    {"topics.status_open", "open", "进行中"},
    {"topics.status_pinned", "📌 pinned", "📌 置顶"},
    {"topics.status_closed", "🔒 closed", "🔒 已关闭"},
    {"topics.summary_started", "Started by {0} on {1}", "{0} 发起于 {1}"},
    {"topics.summary_weekly", "Topic of the week, posted {0}", "本周话题，发布于 {0}"},
    {"topics.summary_posts", "Posts: {0} · participants: {1}{2} · followers: {3}", "帖子：{0} · 参与者：{1}{2} · 关注者：{3}"},
    {"topics.summary_last", "Last activity: {0} · hot {1}", "最近活动：{0} · 热度 {1}"},

    {"topics.list_header", "🔥 Open topics (top {0} of {1}):", "🔥 进行中的话题（共 {1} 个，显示前 {0} 个）："},
    {"topics.list_line", "{0}. #{1} {2}{3} — posts: {4} · hot {5}", "{0}. #{1} {2}{3} — 帖子：{4} · 热度 {5}"},
    {"topics.list_line_pinned", "📌 #{1} {2}{3} — posts: {4} · hot {5}", "📌 #{1} {2}{3} — 帖子：{4} · 热度 {5}"},
    {"topics.list_footer", "Details: /topic <id> · follow: /follow <id>", "详情：/topic <编号> · 关注：/follow <编号>"},
    {"topics.list_empty", "No open topics yet. Start one: /topic new <title> [#tag …]",
     "还没有进行中的话题。发起一个吧：/topic new <标题> [#标签 …]"},

    {"topics.followed", "You follow topic #{0}: {1}. I'll message you privately about new posts, at most every {2} minutes.",
     "已关注话题 #{0}：{1}。有新帖时我会私信你，最多每 {2} 分钟一次。"},
    {"topics.followed_one", "You follow topic #{0}: {1}. I'll message you privately about new posts, at most every {2} minute.",
     "已关注话题 #{0}：{1}。有新帖时我会私信你，最多每 {2} 分钟一次。"},
    {"topics.unfollowed", "You no longer follow topic #{0}: {1}.", "已取消关注话题 #{0}：{1}。"},
    {"topics.already_following", "You already follow topic #{0}.", "你已经关注了话题 #{0}。"},
    {"topics.not_following", "You don't follow topic #{0}.", "你没有关注话题 #{0}。"},
    {"topics.follow_closed", "Topic #{0} is closed: there is nothing more to follow.", "话题 #{0} 已关闭，不会再有新帖。"},
    {"topics.reply_closed", "Topic #{0} is closed: replies to it no longer count as posts.",
     "话题 #{0} 已关闭：回复不再计入话题。"},

    {"topics.closed", "🔒 Topic #{0} is closed: {1}. Thanks to everyone who took part!",
     "🔒 话题 #{0} 已关闭：{1}。感谢大家的参与！"},
    {"topics.already_closed", "Topic #{0} is already closed.", "话题 #{0} 已经关闭了。"},
    {"topics.pinned", "📌 Topic #{0} is pinned: {1}. It is listed first in /topics.", "📌 话题 #{0} 已置顶：{1}。它会排在 /topics 最前面。"},
    {"topics.unpinned", "Topic #{0} is no longer pinned: {1}.", "话题 #{0} 已取消置顶：{1}。"},
    {"topics.already_pinned", "Topic #{0} is already pinned.", "话题 #{0} 已经置顶了。"},
    {"topics.not_pinned", "Topic #{0} is not pinned.", "话题 #{0} 没有置顶。"},
    {"topics.pin_closed", "Topic #{0} is closed; only open topics can be pinned.", "话题 #{0} 已关闭，只有进行中的话题可以置顶。"},

    {"topics.digest_one", "🔔 {0} new post in topic #{1}: {2}", "🔔 话题 #{1}「{2}」有 {0} 条新帖"},
    {"topics.digest_many", "🔔 {0} new posts in topic #{1}: {2}", "🔔 话题 #{1}「{2}」有 {0} 条新帖"},
    // usage line and argument descriptions
    {"usage.topic", "new <title> [#tag …] | <id> | close|pin|unpin <id>", "new <标题> [#标签 …] | <编号> | close|pin|unpin <编号>"},
    {"arg.topic_action.about", "new, show, close, pin or unpin (close: the starter or moderators; pin: moderators).", "new、show、close、pin 或 unpin（close：发起人或管理员；pin 仅限管理员）。"},
    {"arg.topic_details.about", "new: <title> [#tag …]; the others: the topic's id.", "new：<标题> [#标签 …]；其他：话题编号。"},
    {"arg.topic", "<id>", "<编号>"},
    {"arg.topic.about", "The topic's id, as in /topics.", "话题编号，见 /topics。"},
};
}  // namespace

std::span<const CatalogText> topic_texts() { return texts; }

}  // namespace fanbase::handlers
