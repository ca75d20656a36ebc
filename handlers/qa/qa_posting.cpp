#include "handlers/qa/qa_posting.hpp"

#include <algorithm>
#include <charconv>

#include "base/text.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/points/incentives.hpp"

namespace fanbase::handlers {

std::optional<std::int64_t> parse_qa_number(std::string_view text, char letter) {
  if (!text.empty() && (text[0] == '#' || text[0] == letter || text[0] == letter - 'a' + 'A')) text.remove_prefix(1);
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value <= 0) return std::nullopt;
  return value;
}

std::optional<std::int64_t> replied_subject(const Turn& turn, Services& services, std::string_view kind) {
  const Event& ev = turn.event;
  if (!ev.reply_to || ev.reply_to->message_id.empty()) return std::nullopt;
  if (ev.reply_to->author && !ev.reply_to->author->is_bot) return std::nullopt;  // only the bot's messages have one
  const std::string subject = services.store.outbox.subject_of(ev.platform, ev.chat_id, ev.reply_to->message_id);
  if (subject.size() <= kind.size() + 1 || subject.compare(0, kind.size(), kind) != 0 || subject[kind.size()] != ':') {
    return std::nullopt;
  }
  std::int64_t id = 0;
  const char* begin = subject.data() + kind.size() + 1;
  const char* end = subject.data() + subject.size();
  auto [ptr, ec] = std::from_chars(begin, end, id);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return id;
}

std::string short_title(std::string_view text, std::size_t max) {
  text = text::trim(text);
  if (const auto nl = text.find('\n'); nl != std::string_view::npos) text = text::trim(text.substr(0, nl));
  return text::truncate(text, max);
}

Action& reply_before(Turn& turn, std::size_t mark, std::string text, bool as_reply) {
  turn.reply(std::move(text), as_reply);
  auto& actions = turn.actions;
  std::rotate(actions.begin() + static_cast<std::ptrdiff_t>(mark), actions.end() - 1, actions.end());
  return actions[mark];
}

void post_answer(Turn& turn, Services& services, const storage::QuestionRow& question, const std::string& text,
                 bool as_reply) {
  const Event& ev = turn.event;
  storage::MemberRow& author = turn.member;
  const auto answer = services.store.qa.add_answer(question, author.id, text, ev.at_ms, ev.key);
  interact_with_question(services, turn, question.id, InteractionKind::answer);
  const std::size_t mark = turn.actions.size();
  // Answering one's own question is allowed (it may help others) but earns nothing.
  // Too short for [points.answer].min_length, or the same answer again, earns nothing.
  if (author.id != question.asker_id) services.incentives.content_interaction(turn, author, Kind::answer, ev.key, text);
  Action& posted = reply_before(
      turn, mark,
      services.text(turn, "qa.answer_posted",
                    {std::to_string(answer.number), display_name(author), std::to_string(question.number), text}),
      as_reply);
  posted.subject = "answer:" + std::to_string(answer.id);
}

}  // namespace fanbase::handlers
