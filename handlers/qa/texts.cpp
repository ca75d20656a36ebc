#include "handlers/qa/feature.hpp"

namespace fanbase::handlers {
namespace {
constexpr CatalogText texts[] = {
    // /help summaries
    {"cmd.ask.summary", "Ask the community a question; similar open ones are shown first.", "向社群提问；会先列出相似的未解决问题。"},
    {"cmd.askanyway.summary", "Post a question at once, without looking for similar ones.", "直接发布问题，不查找相似问题。"},
    {"cmd.answer.summary", "Answer a question (or simply reply to the question's message).", "回答问题（也可以直接回复问题消息）。"},
    {"cmd.upvote.summary", "Upvote a helpful answer (once per answer).", "为有帮助的回答点赞（每个回答一次）。"},
    {"cmd.accept.summary", "Accept the answer that solved the question (the asker or moderators).", "采纳解决了问题的回答（提问者或版主）。"},
    {"cmd.close.summary", "Close a question to new answers (the asker or moderators).", "关闭问题，不再接受新回答（提问者或版主）。"},
    {"cmd.questions.summary", "List questions: open ones (default), yours, or those with a #tag.", "列出问题：未解决的（默认）、你的，或带某个 #标签 的。"},
    {"cmd.question.summary", "Show a question with its answers, accepted and most upvoted first.", "查看问题及其回答，已采纳和票数高的在前。"},
    // asking
    {"qa.need_question", "Write your question after /ask, e.g. /ask When does the fan meeting start? #events", "请在 /ask 后写下问题，例如：/ask 粉丝见面会几点开始？ #活动"},
    {"qa.too_long", "That is too long: at most {0} characters.", "太长了：最多 {0} 个字符。"},
    {"qa.too_many_tags", "At most {0} tags per question.", "每个问题最多 {0} 个标签。"},
    {"qa.tag_too_long", "The tag #{0} is too long: at most {1} characters.", "标签 #{0} 太长了：最多 {1} 个字符。"},
    {"qa.question_too_short", "Ask a real question: at least {0} letters or digits.", "请写一个完整的问题：至少 {0} 个字或数字。"},
    {"qa.question_posted", "❓ Q{0} from {1}:\n{2}", "❓ Q{0}，提问者 {1}：\n{2}"},
    {"qa.tags_line", "Tags: {0}", "标签：{0}"},
    {"qa.answer_hint", "Reply to this message to answer, or send /answer {0} <your answer>.", "回复这条消息即可回答，或发送 /answer {0} <你的回答>。"},
    {"qa.similar_header", "Before you post: similar open questions exist.", "发布之前：已有相似的未解决问题。"},
    {"qa.similar_line", "Q{0} {1} · answers: {2}", "Q{0} {1} · 回答：{2}"},
    {"qa.similar_footer", "If yours is different, press “Post anyway” or send /askanyway with your question.", "如果你的问题不一样，请点“仍然发布”，或用 /askanyway 发送你的问题。"},
    {"qa.post_anyway_button", "Post anyway", "仍然发布"},
    {"qa.draft_gone", "This question was already posted, or it has expired. Ask again with /ask.", "这个问题已经发布或已过期。请用 /ask 重新提问。"},
    {"qa.not_your_draft", "Only {0} can post this question.", "只有 {0} 可以发布这个问题。"},
    {"qa.posted_from_draft", "{0} posted it anyway as Q{1}.", "{0} 仍然发布了这个问题：Q{1}。"},
    // answering
    {"qa.not_a_question_number", "“{0}” is not a question number (e.g. 3 or Q3).", "“{0}”不是问题编号（例如 3 或 Q3）。"},
    {"qa.not_an_answer_number", "“{0}” is not an answer number (e.g. 7 or A7).", "“{0}”不是回答编号（例如 7 或 A7）。"},
    {"qa.unknown_question", "There is no question Q{0} here. /questions lists them.", "这里没有问题 Q{0}。用 /questions 查看问题列表。"},
    {"qa.unknown_answer", "There is no answer A{0} here. /question <number> shows a question's answers.", "这里没有回答 A{0}。用 /question <编号> 查看问题的回答。"},
    {"qa.need_answer", "Write your answer after the question number: /answer {0} <your answer>.", "请在问题编号后写下回答：/answer {0} <你的回答>。"},
    {"qa.closed", "Q{0} is closed: it takes no new answers.", "Q{0} 已关闭，不再接受新回答。"},
    {"qa.answer_too_short", "An answer needs at least {0} letters or digits.", "回答至少需要 {0} 个字或数字。"},
    {"qa.answer_repeated", "You already gave this answer to Q{1}: A{0}.", "你已经给 Q{1} 回答过这个了：A{0}。"},
    {"qa.answer_posted", "💬 A{0} — {1} answered Q{2}:\n{3}\nUpvote it with /upvote {0}; the asker accepts it with /accept {0}.", "💬 A{0} — {1} 回答了 Q{2}：\n{3}\n点赞请用 /upvote {0}；提问者可用 /accept {0} 采纳。"},
    // votes and acceptance
    {"qa.upvote_own", "You can't upvote your own answer.", "不能给自己的回答点赞。"},
    {"qa.upvote_twice", "You have already upvoted A{0}.", "你已经为 A{0} 点过赞了。"},
    {"qa.upvoted", "👍 {0} upvoted {1}'s answer A{2} (votes: {3}).", "👍 {0} 为 {1} 的回答 A{2} 点赞（共 {3} 票）。"},
    {"qa.accept_not_yours", "Only the asker of Q{0} ({1}) or a moderator can accept an answer to it.", "只有 Q{0} 的提问者（{1}）或版主可以采纳回答。"},
    {"qa.already_accepted", "A{0} is already the accepted answer to Q{1}.", "A{0} 已经是 Q{1} 的采纳回答。"},
    {"qa.accepted", "✅ {0}'s answer A{1} is accepted for Q{2}.", "✅ {0} 的回答 A{1} 被采纳为 Q{2} 的答案。"},
    {"qa.accepted_paid", "✅ {0}'s answer A{1} is accepted for Q{2}: +{3} points.", "✅ {0} 的回答 A{1} 被采纳为 Q{2} 的答案：+{3} 积分。"},
    {"qa.accepted_paid_one", "✅ {0}'s answer A{1} is accepted for Q{2}: +{3} point.", "✅ {0} 的回答 A{1} 被采纳为 Q{2} 的答案：+{3} 积分。"},
    {"qa.accept_moved", "It replaces A{0} by {1}, whose {2} points for it are taken back.", "它取代了 {1} 的 A{0}，该回答获得的 {2} 积分已收回。"},
    {"qa.accept_moved_one", "It replaces A{0} by {1}, whose {2} point for it is taken back.", "它取代了 {1} 的 A{0}，该回答获得的 {2} 积分已收回。"},
    {"qa.accept_moved_free", "It replaces A{0} by {1}.", "它取代了 {1} 的 A{0}。"},
    {"reason.accepted_answer_moved", "accepted answer moved", "采纳改为其他回答"},
    // closing
    {"qa.close_not_yours", "Only the asker of Q{0} ({1}) or a moderator can close it.", "只有 Q{0} 的提问者（{1}）或版主可以关闭它。"},
    {"qa.already_closed", "Q{0} is already closed.", "Q{0} 已经关闭了。"},
    {"qa.closed_done", "🔒 Q{0} is closed: no new answers.", "🔒 Q{0} 已关闭，不再接受新回答。"},
    // listing
    {"qa.bad_filter", "“{0}” is not a filter: use open, mine or #tag.", "“{0}”不是有效的筛选：请用 open、mine 或 #标签。"},
    {"qa.list_header_open", "Open questions, newest first:", "未解决的问题（最新在前）："},
    {"qa.list_header_mine", "Questions by {0}, newest first:", "{0} 的问题（最新在前）："},
    {"qa.list_header_tag", "Questions tagged #{0}, newest first:", "带 #{0} 标签的问题（最新在前）："},
    {"qa.list_empty_open", "No open questions. Ask one with /ask.", "目前没有未解决的问题。用 /ask 提一个吧。"},
    {"qa.list_empty_mine", "{0} has not asked anything yet.", "{0} 还没有提过问题。"},
    {"qa.list_empty_tag", "No questions tagged #{0} yet.", "还没有带 #{0} 标签的问题。"},
    {"qa.list_line", "Q{0} {1} · answers: {2}", "Q{0} {1} · 回答：{2}"},
    {"qa.list_line_solved", "Q{0} ✅ {1} · answers: {2}", "Q{0} ✅ {1} · 回答：{2}"},
    {"qa.list_line_closed", "Q{0} 🔒 {1} · answers: {2}", "Q{0} 🔒 {1} · 回答：{2}"},
    {"qa.question_detail", "❓ Q{0} from {1} ({2}):\n{3}", "❓ Q{0}，提问者 {1}（{2}）：\n{3}"},
    {"qa.state_open", "open", "未关闭"},
    {"qa.state_closed", "closed", "已关闭"},
    {"qa.no_answers", "No answers yet. Reply to the question's message or send /answer {0} <your answer>.", "还没有回答。回复问题消息，或发送 /answer {0} <你的回答>。"},
    {"qa.no_answers_closed", "It was closed without answers.", "该问题在没有回答的情况下被关闭。"},
    {"qa.answers_header", "Answers ({0}):", "回答（{0}）："},
    {"qa.answer_line", "A{0} · {1} · votes: {2} · {3}", "A{0} · {1} · {2} 票 · {3}"},
    {"qa.answer_line_accepted", "✅ A{0} · {1} · votes: {2} · {3}", "✅ A{0} · {1} · {2} 票 · {3}"},
    // unanswered questions (on ticks)
    {"qa.unanswered_ping", "⏰ Q{0} is still unanswered: {1}\n{2} — you have answered questions like it before. Can you help? Reply to this message to answer.", "⏰ Q{0} 还没有人回答：{1}\n{2}——你们回答过类似的问题，能帮帮忙吗？回复这条消息即可回答。"},
    // usage lines and argument descriptions
    {"usage.ask", "<question> [#tag …]", "<问题> [#标签 …]"},
    {"arg.question_text.about", "Your question, with #tags at the end.", "你的问题，末尾可加 #标签。"},
    {"arg.question", "<question>", "<问题>"},
    {"arg.question.about", "The question's number (Q3), or reply to its message.", "问题编号（Q3），或回复该问题的消息。"},
    {"arg.answer", "<answer>", "<回答>"},
    {"arg.answer.about", "The answer's number (A5), or reply to its message.", "回答编号（A5），或回复该回答的消息。"},
    {"arg.answer_text.about", "Your answer.", "你的回答。"},
    {"arg.filter", "open|mine|#tag", "open|mine|#标签"},
    {"arg.filter.about", "open (the default), mine, or a #tag.", "open（默认）、mine，或某个 #标签。"},
};
}  // namespace

std::span<const CatalogText> qa_texts() { return texts; }

}  // namespace fanbase::handlers
