#include "bot/core/message_catalog.hpp"

#include <stdexcept>

#include "bot/core/catalog_texts.hpp"

namespace fanbase {
namespace {

// The core texts. Keys are feature.situation; {N} are positional placeholders.
constexpr CatalogText builtin[] = {
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
    {"points.history_line", "{0} {1} {2}", "{0} {1} {2}"},
    {"points.history_note", "{0} {1} {2} — {3} (by {4})", "{0} {1} {2} — {3}（{4}）"},
    {"points.history_note_bot", "{0} {1} {2} — {3}", "{0} {1} {2} — {3}"},
    {"points.history_empty", "{0} has no point changes yet.", "{0} 还没有积分变动。"},
    {"points.awarded", "{0} gave {1} points to {2}: {3}. {2} now has {4}.", "{0} 给 {2} 加了 {1} 分：{3}。{2} 现有 {4} 分。"},
    {"points.revoked", "{0} took {1} points from {2}: {3}. {2} now has {4}.", "{0} 扣除了 {2} 的 {1} 分：{3}。{2} 现有 {4} 分。"},
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
    {"levels.current", "Lv.{0} {1} — from {2} points ◀ {3}", "Lv.{0} {1} — {2} 分起 ◀ {3}"},
    {"badge.awarded", "🏅 {0} earned the badge “{1}”: {2}", "🏅 {0} 获得徽章「{1}」：{2}"},
    {"badges.header", "{0}'s badges: {1} of {2}", "{0} 的徽章：{1} / {2}"},
    {"badges.earned_line", "🏅 {0} — {1}", "🏅 {0} — {1}"},
    {"badges.locked_line", "▫️ {0} — {1}", "▫️ {0} — {1}"},
    // --- command summaries (for /help) ---
    {"cmd.help.summary", "List commands, or explain one.", "列出命令，或说明某个命令。"},
    {"cmd.points.summary", "Show your points and level, or another member's.", "查看自己或他人的积分与等级。"},
    {"cmd.rank.summary", "Your position on the leaderboard.", "你在排行榜上的名次。"},
    {"cmd.top.summary", "The leaderboard: top N for the last week, month or all time.", "排行榜：最近一周、一个月或总榜前 N 名。"},
    {"cmd.badges.summary", "Badges earned and still to earn.", "已获得与待解锁的徽章。"},
    {"cmd.levels.summary", "The level ladder and its honour titles.", "等级阶梯与荣誉称号。"},
    {"cmd.checkin.summary", "Daily check-in; consecutive days earn a streak bonus.", "每日签到，连续签到有额外奖励。"},
    {"cmd.history.summary", "Your latest point changes (someone else's: moderators).", "你最近的积分变动（查看他人：管理员）。"},
    {"cmd.award.summary", "Give points to a member, with a reason (recorded).", "给成员加分并写明原因（记入账本）。"},
    {"cmd.revoke.summary", "Take points from a member, with a reason (recorded).", "扣除成员积分并写明原因（记入账本）。"},
};

}  // namespace

std::span<const CatalogText> core_texts() { return builtin; }

MessageCatalog::MessageCatalog() {
  for (auto list : {core_texts(), moderation_texts(), topic_texts(), qa_texts(), segment_texts(), personal_texts()}) {
    for (const CatalogText& t : list) {
      if (!texts_.emplace(t.key, Texts{t.en, t.zh}).second) {
        throw std::logic_error(std::string("duplicate message key ") + t.key);
      }
    }
  }
}

std::optional<std::string> MessageCatalog::override_text(const std::string& language, const std::string& key,
                                                         std::string text) {
  if (!supported_language(language)) return "unknown language \"" + language + "\" (expected en or zh)";
  auto it = texts_.find(key);
  if (it == texts_.end()) return "unknown message key \"" + key + "\"";
  const int allowed = max_placeholder(it->second.en);
  const int used = max_placeholder(text);
  if (used > allowed) {
    return "placeholder {" + std::to_string(used) + "} is not available for \"" + key + "\" (it has " +
           (allowed < 0 ? std::string("none") : "{0}..{" + std::to_string(allowed) + "}") + ")";
  }
  (language == "zh" ? it->second.zh : it->second.en) = std::move(text);
  return std::nullopt;
}

std::string MessageCatalog::render(std::string_view language, std::string_view key,
                                   const std::vector<std::string>& args) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return std::string(key);
  const std::string& tmpl = (language == "zh" && !it->second.zh.empty()) ? it->second.zh : it->second.en;
  return format_template(tmpl, args);
}

bool MessageCatalog::has(std::string_view key) const { return texts_.find(key) != texts_.end(); }

std::vector<std::string> MessageCatalog::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : texts_) out.push_back(k);
  return out;
}

std::string format_template(std::string_view t, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(t.size() + 32);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '{' && i + 1 < t.size() && t[i + 1] == '{') { out += '{'; ++i; continue; }
    if (c == '}' && i + 1 < t.size() && t[i + 1] == '}') { out += '}'; ++i; continue; }
    if (c == '{') {
      std::size_t j = i + 1;
      std::size_t index = 0;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9' && j - i <= 3) index = index * 10 + (t[j++] - '0');
      if (j < t.size() && t[j] == '}' && j > i + 1) {
        if (index < args.size()) out += args[index];
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

int max_placeholder(std::string_view t) {
  int best = -1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') { ++i; continue; }
    if (t[i] != '{') continue;
    std::size_t j = i + 1;
    int index = 0;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9' && j - i <= 3) index = index * 10 + (t[j++] - '0');
    if (j < t.size() && t[j] == '}' && j > i + 1) best = std::max(best, index);
  }
  return best;
}

}  // namespace fanbase
