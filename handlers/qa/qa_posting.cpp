#include "handlers/qa/qa_posting.hpp"

#include <algorithm>
#include <charconv>

#include "base/text.hpp"
#include "handlers/core/text_analyser.hpp"
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

namespace {

// Answers of one member to one question read for the near-duplicate check: far more than anyone writes.
constexpr int repeat_scan = 500;

int min_text_length(const Services& services, Kind kind) {
  return std::max(services.incentives.rule(Kind::message).min_length, services.incentives.rule(kind).min_length);
}

// The text's analysis: the event's own when it is the event's text (a reply), else analysed here (a command's
// argument; commands are rare).
TextAnalysis analysis_of(const Turn& turn, std::string_view text) {
  return text == text::trim(turn.event.text) ? turn.text() : analyse_text(text, false);
}

}  // namespace

std::optional<Error> question_refusal(const Turn& turn, Services& services, std::string_view text) {
  const int min_length = min_text_length(services, Kind::question);
  if (services.incentives.check_text(analysis_of(turn, text), min_length, {}) == TextRule::too_short) {
    return user_error(Errc::bad_input, "qa.question_too_short", {std::to_string(min_length)});
  }
  return std::nullopt;
}

std::optional<Error> answer_refusal(const Turn& turn, Services& services, const storage::QuestionRow& question,
                                    std::string_view text) {
  const TextAnalysis analysed = analysis_of(turn, text);
  const int min_length = min_text_length(services, Kind::answer);
  if (services.incentives.check_text(analysed, min_length, {}) == TextRule::too_short) {
    return user_error(Errc::bad_input, "qa.answer_too_short", {std::to_string(min_length)});
  }
  for (const auto& earlier : services.store.qa.answers_of(question, repeat_scan)) {
    if (earlier.author_id != turn.member.id) continue;
    const std::string fingerprint = analyse_text(earlier.text, false).fingerprint.bytes();
    if (services.incentives.check_text(analysed, 0, fingerprint) == TextRule::near_duplicate) {
      return user_error(Errc::bad_input, "qa.answer_repeated",
                        {std::to_string(earlier.number), std::to_string(question.number)});
    }
  }
  return std::nullopt;
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
