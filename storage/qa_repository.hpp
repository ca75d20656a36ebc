// QaRepository: the Q&A aggregate — questions (numbered per community, with tags), answers (numbered per
// community), upvotes, acceptance, drafts waiting for "post anyway", and the revision counter that tells the
// in-memory similar-question index whether it still matches the database. Runs inside the caller's transaction
// (the event's savepoint) and never opens its own. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct QuestionRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::int64_t number = 0;                  // per community: what members type (/answer 3)
  std::int64_t asker_id = 0;
  std::string text;
  std::vector<std::string> tags;            // lower case, without '#'
  std::string thread_id;                    // the forum thread it was asked in ('' none)
  bool open = true;
  std::int64_t accepted_answer_id = 0;      // 0: none
  std::int64_t answer_count = 0;
  std::int64_t created_at = 0;
  std::string asker_name;                   // display name, else @username (filled by the reads that join member)
};

struct AnswerRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::int64_t question_id = 0;
  std::int64_t number = 0;                  // per community: /upvote 7, /accept 7
  std::int64_t author_id = 0;
  std::string text;
  std::int64_t votes = 0;
  std::int64_t accept_points = 0;           // points its acceptance paid (taken back when acceptance moves)
  std::int64_t created_at = 0;
  std::string author_name;
};

// A question the asker has not posted yet because similar ones exist ("post anyway" carries its id).
struct QaDraft {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::int64_t asker_id = 0;
  std::string text;
  std::vector<std::string> tags;
};

// An open, unanswered, not yet pinged question whose delay has passed, with where to say so.
struct PingDue {
  QuestionRow question;
  std::string platform;
  std::string chat_id;
};

// A member with accepted answers under some tags.
struct QaExpert {
  std::int64_t member_id = 0;
  std::string user_id;
  std::string display_name;
  std::string username;
  std::int64_t accepted = 0;
};

class QaRepository {
 public:
  explicit QaRepository(StatementCache& stmts) : stmts_(stmts) {}

  // The community's Q&A revision: moves whenever the set of open questions changes. A rollback moves it back.
  std::int64_t revision(std::int64_t community_id);
  std::int64_t bump_revision(std::int64_t community_id);  // returns the new revision

  // Creates an open question with the next number of its community (and its tags).
  QuestionRow add_question(std::int64_t community_id, std::int64_t asker_id, const std::string& text,
                           const std::vector<std::string>& tags, const std::string& thread_id, std::int64_t at,
                           const std::string& reference);
  std::optional<QuestionRow> question(std::int64_t community_id, std::int64_t number);
  std::optional<QuestionRow> question_by_id(std::int64_t id);
  std::vector<QuestionRow> open_questions(std::int64_t community_id);  // for the similar-question index
  // Newest first. Filters: open ones; one asker's (any state); one tag's (any state).
  std::vector<QuestionRow> recent_open(std::int64_t community_id, int limit);
  std::vector<QuestionRow> recent_by_asker(std::int64_t community_id, std::int64_t asker_id, int limit);
  std::vector<QuestionRow> recent_by_tag(std::int64_t community_id, const std::string& tag, int limit);
  void close_question(std::int64_t question_id, std::int64_t at);
  void set_accepted(std::int64_t question_id, std::int64_t answer_id);

  // Creates an answer with the next answer number of the question's community; counts it on the question.
  AnswerRow add_answer(const QuestionRow& question, std::int64_t author_id, const std::string& text, std::int64_t at,
                       const std::string& reference);
  std::optional<AnswerRow> answer(std::int64_t community_id, std::int64_t number);
  std::optional<AnswerRow> answer_by_id(std::int64_t id);
  // Accepted first, then by votes, then oldest first.
  std::vector<AnswerRow> answers_of(const QuestionRow& question, int limit);
  void set_accept_points(std::int64_t answer_id, std::int64_t points);
  // Records the vote and counts it; false (nothing changed) when this member had voted for it already.
  bool add_vote(std::int64_t answer_id, std::int64_t member_id, std::int64_t at);

  std::int64_t add_draft(std::int64_t community_id, std::int64_t asker_id, const std::string& text,
                         const std::vector<std::string>& tags, std::int64_t at);
  std::optional<QaDraft> draft(std::int64_t id);
  void remove_draft(std::int64_t id);
  std::int64_t prune_drafts(std::int64_t before);  // returns how many were deleted

  // Questions on `platform` asked at or before `asked_before`, open, unanswered and never pinged; oldest first.
  std::vector<PingDue> awaiting_ping(const std::string& platform, std::int64_t asked_before, int limit);
  void mark_pinged(std::int64_t question_id, std::int64_t at);
  // Members (still in the community, other than `except`) by accepted answers on questions sharing a tag with
  // `question_id`, most first.
  std::vector<QaExpert> experts(std::int64_t question_id, std::int64_t except, int limit);
  // The community's members with the most accepted answers overall (for a question whose tags find nobody).
  std::vector<QaExpert> top_answerers(std::int64_t community_id, std::int64_t except, int limit);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
