#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {
constexpr CatalogText texts[] = {
    {"cmd.post.summary", "Owners: add a post (/post add <url> <title> [#tag …]) or retire an item (/post retire <id>).",
     "群主：添加推荐内容（/post add <链接> <标题> [#标签 …]）或下架（/post retire <编号>）。"},
    {"cmd.posts.summary", "The newest content here: topics, questions and posts.", "这里最新的内容：话题、问题和推荐帖。"},
    {"cmd.open.summary", "Open a content item by its number.", "按编号打开一条内容。"},
    {"cmd.recommend.summary", "N picks for you (default 5), each with its reason.", "为你推荐 N 条内容（默认 5 条），并说明理由。"},

    {"posts.bad_url", "“{0}” is not a link (it must start with https:// or http://).",
     "“{0}”不是链接（须以 https:// 或 http:// 开头）。"},
    {"posts.need_title", "Give the post a title: /post add <url> <title> [#tag …]",
     "请给内容一个标题：/post add <链接> <标题> [#标签 …]"},
    {"posts.title_too_long", "A title can have at most {0} bytes.", "标题最多 {0} 字节。"},
    {"posts.tag_too_long", "A tag can have at most {0} characters.", "每个标签最多 {0} 个字符。"},
    {"posts.too_many_tags", "A post can have at most {0} tags.", "一条内容最多 {0} 个标签。"},
    {"posts.added", "🔗 Post #{0} added: {1}{2}", "🔗 已添加内容 #{0}：{1}{2}"},
    {"posts.retired", "Item #{0} is retired: it will not be recommended again.", "内容 #{0} 已下架，不会再被推荐。"},
    {"posts.unknown", "There is no live item #{0} here.", "这里没有编号为 #{0} 的内容。"},
    {"posts.bad_id", "“{0}” is not an item number.", "“{0}”不是内容编号。"},
    {"posts.empty", "No content here yet.", "这里还没有内容。"},
    {"posts.header", "📚 Newest content:", "📚 最新内容："},
    {"posts.line", "{0} #{1} {2}{3}", "{0} #{1} {2}{3}"},

    {"rec.disabled", "Recommendations are turned off.", "推荐功能已关闭。"},
    {"rec.none", "Nothing new to recommend right now. Check back later!", "暂时没有新的推荐内容，稍后再来看看吧！"},
    {"rec.header", "🎯 Picks for {0}:", "🎯 为 {0} 推荐："},
    {"rec.line", "{0}. {1} {2} (#{3}) · {4}", "{0}. {1} {2}（#{3}）· {4}"},
    {"rec.footer", "👍 more like this · 👎 not this · 🚫 not interested · 🔗 open",
     "👍 多推荐类似的 · 👎 不喜欢 · 🚫 不感兴趣 · 🔗 打开"},
    {"rec.reason.als", "similar members liked it", "相似的成员喜欢它"},
    {"rec.reason.tag", "because you follow #{0}", "因为你关注 #{0}"},
    {"rec.reason.similar", "like what you read", "与你看过的内容相似"},
    {"rec.reason.popular", "popular this week", "本周热门"},
    {"rec.reason.new", "new here", "新内容"},
    {"rec.open", "{0} {1} (#{2})\n{3}", "{0} {1}（#{2}）\n{3}"},
    {"rec.liked", "👍 Noted: more like this.", "👍 已记录：多推荐类似的。"},
    {"rec.disliked", "👎 Noted: you will not see it again.", "👎 已记录：不会再推荐它。"},
    {"rec.not_interested", "🚫 Noted: not for you.", "🚫 已记录：不感兴趣。"},
    {"rec.already_noted", "Already noted.", "已经记录过了。"},
    {"rec.gone", "That item is no longer available.", "这条内容已不可用。"},
    {"rec.bad_model_file", "Damaged model file: {0}", "模型文件损坏：{0}"},
};
}  // namespace

std::span<const CatalogText> personal_texts() { return texts; }

}  // namespace fanbase
