// The core's texts (help, routing, arguments), en + zh. Keys are feature.situation; {N} are positional placeholders.
#include "handlers/core/core_feature.hpp"

namespace fanbase::handlers {
namespace {
constexpr CatalogText texts[] = {
    // --- help and routing ---
    {"help.header", "Commands:", "命令："},
    {"help.moderator_header", "Moderator commands:", "管理员命令："},
    {"help.owner_header", "Owner commands:", "群主命令："},
    {"help.line", "/{0}{1} — {2}", "/{0}{1} — {2}"},
    {"help.footer", "Type /help <command> for details.", "输入 /help <命令> 查看详情。"},
    {"help.command", "/{0} {1}\n{2}\nFor: {3}", "/{0} {1}\n{2}\n适用：{3}"},
    {"help.aliases", "Also: {0}", "别名：{0}"},
    {"help.unknown_command", "There is no command /{0}. Type /help for the list.", "没有 /{0} 这个命令。输入 /help 查看命令列表。"},
    {"command.unknown", "I don't know /{0}. Type /help to see what I can do.", "我不认识 /{0}。输入 /help 看看我能做什么。"},
    {"command.usage", "Usage: /{0} {1}", "用法：/{0} {1}"},
    {"command.not_allowed", "Sorry, /{0} is for {1} only.", "抱歉，/{0} 仅限{1}使用。"},
    {"command.bad_quote", "Your command has a quote that is never closed.", "命令里有未闭合的引号。"},
    {"command.slow_down", "Slow down: too many commands. Try again in {0} s.", "慢一点：命令太频繁了，请 {0} 秒后再试。"},
    {"command.group_only", "I work in groups: add me to your community's group and use /{0} there.", "我在群组中工作：请把我加入社群后在群里使用 /{0}。"},
    {"error.internal", "Something went wrong on my side (ref {0}). Nothing was changed; please try again.", "我这边出了点问题（编号 {0}），没有做任何改动，请稍后再试。"},
    {"button.expired", "This button no longer works.", "这个按钮已失效。"},
    {"button.not_allowed", "Only {0} can use this button.", "只有{0}可以使用这个按钮。"},
    {"role.member", "members", "成员"},
    {"role.moderator", "moderators", "管理员"},
    {"role.owner", "the owner", "群主"},
    // --- argument parsing ---
    {"args.not_a_number", "“{0}” is not a whole number.", "“{0}”不是整数。"},
    {"args.out_of_range", "The number must be between {0} and {1}.", "数字必须在 {0} 到 {1} 之间。"},
    {"args.unknown_member", "I don't know {0} in this community yet.", "本社群里还没有 {0} 这位成员。"},
    {"args.need_member", "Name a member (@username) or reply to their message.", "请 @成员 或回复他的消息。"},
    {"args.bad_period", "“{0}” is not a period: use week, month or all.", "“{0}”不是有效的时间范围：请用 week、month 或 all。"},
    {"args.need_reason", "Give a reason: it is recorded in the ledger.", "请写明原因：它会记入积分账本。"},
    {"cmd.help.summary", "List commands, or explain one.", "列出命令，或说明某个命令。"},
    // --- argument placeholders in usage lines ("Usage: /award @user N reason") and their one-line descriptions
    // (later the platforms' typed options). Choices show their words, which are typed as written.
    {"arg.member", "@user", "@成员"},
    {"arg.member.about", "A member: @username, or reply to their message.", "一位成员：@用户名，或回复其消息。"},
    {"arg.count", "N", "数量"},
    {"arg.count.about", "How many to show.", "显示多少条。"},
    {"arg.reason", "reason", "原因"},
    {"arg.reason.about", "Why: it is recorded.", "原因：会被记录。"},
    {"arg.duration", "DURATION", "时长"},
    {"arg.duration.about", "How long, e.g. 10m, 2h, 3d, 1h30m.", "多长时间，例如 10m、2h、3d、1h30m。"},
    {"arg.command", "command", "命令"},
    {"arg.command.about", "A command's name, e.g. top.", "命令名，例如 top。"},
    {"arg.text", "<text>", "<内容>"},
    {"arg.details", "…", "…"},
};
}  // namespace

std::span<const CatalogText> core_texts() { return texts; }

}  // namespace fanbase::handlers
