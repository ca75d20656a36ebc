// Q&A pieces shared by the commands (handlers/qa_commands.cpp) and the stage that turns replies to a question's
// message into answers and pings experts on ticks (handlers/qa_stage.cpp): parsing numbers and subjects, short
// titles, and posting an answer with its points. Storage thread only, inside the event's savepoint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"
#include "storage/qa_repository.hpp"

namespace fanbase::handlers {

// Longest question and answer, in characters (code points).
inline constexpr std::size_t max_question_length = 1000;
inline constexpr std::size_t max_answer_length = 3000;

// A question or answer number as members type it: "3", "#3", or with its letter ("Q3", "a7"; `letter` lower case).
std::optional<std::int64_t> parse_qa_number(std::string_view text, char letter);

// The id in a bot message's subject "<kind>:<id>" (e.g. "question:12"), when the event replies to such a message.
std::optional<std::int64_t> replied_subject(const Turn& turn, Services& services, std::string_view kind);

// The first line of a text, at most `max` characters ("…" when cut).
std::string short_title(std::string_view text, std::size_t max = 60);

// The message rules for Q&A (handlers/points Incentives::check_text): a question or answer needs at least the
// message rule's min_length ([points.message]) letters and digits, or its own kind's when that is longer.
// Why `text` may not be posted as the turn's member's question: too short. nullopt: it may.
std::optional<Error> question_refusal(const Turn& turn, Services& services, std::string_view text);
// Why `text` may not become the turn's member's answer to `question`: too short, or a near-duplicate of one of
// their earlier answers to it (posting the same answer again earns and reposts nothing). nullopt: it may.
std::optional<Error> answer_refusal(const Turn& turn, Services& services, const storage::QuestionRow& question,
                                    std::string_view text);

// Stores the answer, posts it (subject "answer:<id>", as a reply to the event's message when `as_reply`) and pays
// the author by the answer rule, unless they answered their own question.
void post_answer(Turn& turn, Services& services, const storage::QuestionRow& question, const std::string& text,
                 bool as_reply);

// Adds `text` as a reply placed before the actions added since `mark` (the level-up and badge announcements of
// the points the reply reports), and returns it.
Action& reply_before(Turn& turn, std::size_t mark, std::string text, bool as_reply = true);

}  // namespace fanbase::handlers
