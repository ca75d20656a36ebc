// Every statement is a string literal prepared once per connection (StatementCache) with bound parameters.
#include "storage/qa_repository.hpp"

#include <stdexcept>

namespace fanbase::storage {
namespace {

// Tags are stored on the question row as one space-separated string (for display and the similar-question
// index) and in question_tag (for lookups); a tag never contains a space.
std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::vector<std::string> split_tags(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    auto end = joined.find(' ', start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string name_of(const std::string& display_name, const std::string& username) {
  if (!display_name.empty()) return display_name;
  if (!username.empty()) return "@" + username;
  return {};
}

// The columns every question read selects, in this order (q = question, m = its asker).
#define QA_QUESTION_COLUMNS                                                                                         \
  "q.id, q.community_id, q.number, q.asker_id, q.text, q.tags, q.thread_id, q.state, "                            \
  "coalesce(q.accepted_answer_id, 0), q.answer_count, q.created_at, m.display_name, m.username "

QuestionRow read_question(SQLite::Statement& st, int first = 0) {
  QuestionRow q;
  q.id = st.getColumn(first + 0).getInt64();
  q.community_id = st.getColumn(first + 1).getInt64();
  q.number = st.getColumn(first + 2).getInt64();
  q.asker_id = st.getColumn(first + 3).getInt64();
  q.text = st.getColumn(first + 4).getString();
  q.tags = split_tags(st.getColumn(first + 5).getString());
  q.thread_id = st.getColumn(first + 6).getString();
  q.open = st.getColumn(first + 7).getString() == "open";
  q.accepted_answer_id = st.getColumn(first + 8).getInt64();
  q.answer_count = st.getColumn(first + 9).getInt64();
  q.created_at = st.getColumn(first + 10).getInt64();
  q.asker_name = name_of(st.getColumn(first + 11).getString(), st.getColumn(first + 12).getString());
  return q;
}

std::optional<QuestionRow> one_question(SQLite::Statement& st) {
  std::optional<QuestionRow> out;
  if (st.executeStep()) out = read_question(st);
  st.reset();
  return out;
}

std::vector<QuestionRow> all_questions(SQLite::Statement& st) {
  std::vector<QuestionRow> out;
  while (st.executeStep()) out.push_back(read_question(st));
  return out;
}

#define QA_ANSWER_COLUMNS                                                                                           \
  "a.id, a.community_id, a.question_id, a.number, a.author_id, a.text, a.votes, a.accept_points, a.created_at, "  \
  "m.display_name, m.username "

AnswerRow read_answer(SQLite::Statement& st) {
  AnswerRow a;
  a.id = st.getColumn(0).getInt64();
  a.community_id = st.getColumn(1).getInt64();
  a.question_id = st.getColumn(2).getInt64();
  a.number = st.getColumn(3).getInt64();
  a.author_id = st.getColumn(4).getInt64();
  a.text = st.getColumn(5).getString();
  a.votes = st.getColumn(6).getInt64();
  a.accept_points = st.getColumn(7).getInt64();
  a.created_at = st.getColumn(8).getInt64();
  a.author_name = name_of(st.getColumn(9).getString(), st.getColumn(10).getString());
  return a;
}

std::optional<AnswerRow> one_answer(SQLite::Statement& st) {
  std::optional<AnswerRow> out;
  if (st.executeStep()) out = read_answer(st);
  st.reset();
  return out;
}

std::int64_t single_int(SQLite::Statement& st) {
  std::int64_t v = 0;
  if (st.executeStep()) v = st.getColumn(0).getInt64();
  st.reset();
  return v;
}

}  // namespace

std::int64_t QaRepository::revision(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT revision FROM qa_revision WHERE community_id = ?1");
  st.bind(1, community_id);
  return single_int(st);
}

std::int64_t QaRepository::bump_revision(std::int64_t community_id) {
  auto& st = stmts_.get(
      "INSERT INTO qa_revision (community_id, revision) VALUES (?1, 1) "
      "ON CONFLICT (community_id) DO UPDATE SET revision = revision + 1");
  st.bind(1, community_id);
  st.exec();
  return revision(community_id);
}

QuestionRow QaRepository::add_question(std::int64_t community_id, std::int64_t asker_id, const std::string& text,
                                       const std::vector<std::string>& tags, const std::string& thread_id,
                                       std::int64_t at, const std::string& reference) {
  auto& next = stmts_.get("SELECT coalesce(max(number), 0) + 1 FROM question WHERE community_id = ?1");
  next.bind(1, community_id);
  const std::int64_t number = single_int(next);

  auto& st = stmts_.get(
      "INSERT INTO question (community_id, number, asker_id, text, tags, thread_id, created_at, reference) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, community_id);
  st.bind(2, number);
  st.bind(3, asker_id);
  st.bind(4, text);
  st.bind(5, join_tags(tags));
  st.bind(6, thread_id);
  st.bind(7, at);
  st.bind(8, reference);
  st.exec();
  const std::int64_t id = stmts_.db().getLastInsertRowid();

  for (const auto& t : tags) {
    auto& tag = stmts_.get("INSERT OR IGNORE INTO question_tag (question_id, community_id, tag) VALUES (?1, ?2, ?3)");
    tag.bind(1, id);
    tag.bind(2, community_id);
    tag.bind(3, t);
    tag.exec();
  }
  auto row = question_by_id(id);
  if (!row) throw std::logic_error("question row missing right after its insert");
  return *row;
}

std::optional<QuestionRow> QaRepository::question(std::int64_t community_id, std::int64_t number) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question q JOIN member m ON m.id = q.asker_id "
                        "WHERE q.community_id = ?1 AND q.number = ?2");
  st.bind(1, community_id);
  st.bind(2, number);
  return one_question(st);
}

std::optional<QuestionRow> QaRepository::question_by_id(std::int64_t id) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question q JOIN member m ON m.id = q.asker_id WHERE q.id = ?1");
  st.bind(1, id);
  return one_question(st);
}

std::vector<QuestionRow> QaRepository::open_questions(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question q JOIN member m ON m.id = q.asker_id "
                        "WHERE q.community_id = ?1 AND q.state = 'open' ORDER BY q.number");
  st.bind(1, community_id);
  return all_questions(st);
}

std::vector<QuestionRow> QaRepository::recent_open(std::int64_t community_id, int limit) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question q JOIN member m ON m.id = q.asker_id "
                        "WHERE q.community_id = ?1 AND q.state = 'open' ORDER BY q.number DESC LIMIT ?2");
  st.bind(1, community_id);
  st.bind(2, limit);
  return all_questions(st);
}

std::vector<QuestionRow> QaRepository::recent_by_asker(std::int64_t community_id, std::int64_t asker_id, int limit) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question q JOIN member m ON m.id = q.asker_id "
                        "WHERE q.community_id = ?1 AND q.asker_id = ?2 ORDER BY q.number DESC LIMIT ?3");
  st.bind(1, community_id);
  st.bind(2, asker_id);
  st.bind(3, limit);
  return all_questions(st);
}

std::vector<QuestionRow> QaRepository::recent_by_tag(std::int64_t community_id, const std::string& tag, int limit) {
  auto& st = stmts_.get("SELECT " QA_QUESTION_COLUMNS
                        "FROM question_tag t JOIN question q ON q.id = t.question_id "
                        "JOIN member m ON m.id = q.asker_id "
                        "WHERE t.community_id = ?1 AND t.tag = ?2 ORDER BY t.question_id DESC LIMIT ?3");
  st.bind(1, community_id);
  st.bind(2, tag);
  st.bind(3, limit);
  return all_questions(st);
}

void QaRepository::close_question(std::int64_t question_id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE question SET state = 'closed', closed_at = ?2 WHERE id = ?1");
  st.bind(1, question_id);
  st.bind(2, at);
  if (st.exec() != 1) throw std::logic_error("closing a question that does not exist");
}

void QaRepository::set_accepted(std::int64_t question_id, std::int64_t answer_id) {
  auto& st = stmts_.get("UPDATE question SET accepted_answer_id = ?2 WHERE id = ?1");
  st.bind(1, question_id);
  st.bind(2, answer_id);
  if (st.exec() != 1) throw std::logic_error("accepting on a question that does not exist");
}

AnswerRow QaRepository::add_answer(const QuestionRow& question, std::int64_t author_id, const std::string& text,
                                   std::int64_t at, const std::string& reference) {
  auto& next = stmts_.get("SELECT coalesce(max(number), 0) + 1 FROM answer WHERE community_id = ?1");
  next.bind(1, question.community_id);
  const std::int64_t number = single_int(next);

  auto& st = stmts_.get(
      "INSERT INTO answer (community_id, question_id, number, author_id, text, created_at, reference) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  st.bind(1, question.community_id);
  st.bind(2, question.id);
  st.bind(3, number);
  st.bind(4, author_id);
  st.bind(5, text);
  st.bind(6, at);
  st.bind(7, reference);
  st.exec();
  const std::int64_t id = stmts_.db().getLastInsertRowid();

  auto& count = stmts_.get("UPDATE question SET answer_count = answer_count + 1 WHERE id = ?1");
  count.bind(1, question.id);
  if (count.exec() != 1) throw std::logic_error("an answer to a question that does not exist");
  auto row = answer_by_id(id);
  if (!row) throw std::logic_error("answer row missing right after its insert");
  return *row;
}

std::optional<AnswerRow> QaRepository::answer(std::int64_t community_id, std::int64_t number) {
  auto& st = stmts_.get("SELECT " QA_ANSWER_COLUMNS
                        "FROM answer a JOIN member m ON m.id = a.author_id "
                        "WHERE a.community_id = ?1 AND a.number = ?2");
  st.bind(1, community_id);
  st.bind(2, number);
  return one_answer(st);
}

std::optional<AnswerRow> QaRepository::answer_by_id(std::int64_t id) {
  auto& st = stmts_.get("SELECT " QA_ANSWER_COLUMNS
                        "FROM answer a JOIN member m ON m.id = a.author_id WHERE a.id = ?1");
  st.bind(1, id);
  return one_answer(st);
}

std::vector<AnswerRow> QaRepository::answers_of(const QuestionRow& question, int limit) {
  auto& st = stmts_.get("SELECT " QA_ANSWER_COLUMNS
                        "FROM answer a JOIN member m ON m.id = a.author_id WHERE a.question_id = ?1 "
                        "ORDER BY a.id = ?2 DESC, a.votes DESC, a.created_at, a.id LIMIT ?3");
  st.bind(1, question.id);
  st.bind(2, question.accepted_answer_id);
  st.bind(3, limit);
  std::vector<AnswerRow> out;
  while (st.executeStep()) out.push_back(read_answer(st));
  return out;
}

void QaRepository::set_accept_points(std::int64_t answer_id, std::int64_t points) {
  auto& st = stmts_.get("UPDATE answer SET accept_points = ?2 WHERE id = ?1");
  st.bind(1, answer_id);
  st.bind(2, points);
  if (st.exec() != 1) throw std::logic_error("accept points for an answer that does not exist");
}

bool QaRepository::add_vote(std::int64_t answer_id, std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get("INSERT OR IGNORE INTO answer_vote (answer_id, member_id, at) VALUES (?1, ?2, ?3)");
  st.bind(1, answer_id);
  st.bind(2, member_id);
  st.bind(3, at);
  if (st.exec() == 0) return false;
  auto& count = stmts_.get("UPDATE answer SET votes = votes + 1 WHERE id = ?1");
  count.bind(1, answer_id);
  if (count.exec() != 1) throw std::logic_error("a vote for an answer that does not exist");
  return true;
}

std::int64_t QaRepository::add_draft(std::int64_t community_id, std::int64_t asker_id, const std::string& text,
                                     const std::vector<std::string>& tags, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT INTO qa_draft (community_id, asker_id, text, tags, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, community_id);
  st.bind(2, asker_id);
  st.bind(3, text);
  st.bind(4, join_tags(tags));
  st.bind(5, at);
  st.exec();
  return stmts_.db().getLastInsertRowid();
}

std::optional<QaDraft> QaRepository::draft(std::int64_t id) {
  auto& st = stmts_.get("SELECT id, community_id, asker_id, text, tags FROM qa_draft WHERE id = ?1");
  st.bind(1, id);
  std::optional<QaDraft> out;
  if (st.executeStep()) {
    QaDraft d;
    d.id = st.getColumn(0).getInt64();
    d.community_id = st.getColumn(1).getInt64();
    d.asker_id = st.getColumn(2).getInt64();
    d.text = st.getColumn(3).getString();
    d.tags = split_tags(st.getColumn(4).getString());
    out = std::move(d);
  }
  st.reset();
  return out;
}

void QaRepository::remove_draft(std::int64_t id) {
  auto& st = stmts_.get("DELETE FROM qa_draft WHERE id = ?1");
  st.bind(1, id);
  st.exec();
}

std::int64_t QaRepository::prune_drafts(std::int64_t before) {
  auto& st = stmts_.get("DELETE FROM qa_draft WHERE created_at < ?1");
  st.bind(1, before);
  return st.exec();
}

std::vector<PingDue> QaRepository::awaiting_ping(const std::string& platform, std::int64_t asked_before, int limit) {
  // The WHERE repeats the partial index's condition so SQLite can use it.
  auto& st = stmts_.get("SELECT c.platform, c.chat_id, " QA_QUESTION_COLUMNS
                        "FROM question q INDEXED BY question_awaiting_ping JOIN community c ON c.id = q.community_id "
                        "JOIN member m ON m.id = q.asker_id "
                        "WHERE q.state = 'open' AND q.answer_count = 0 AND q.pinged_at = 0 AND q.created_at <= ?2 "
                        "AND c.platform = ?1 ORDER BY q.created_at LIMIT ?3");
  st.bind(1, platform);
  st.bind(2, asked_before);
  st.bind(3, limit);
  std::vector<PingDue> out;
  while (st.executeStep()) {
    PingDue due;
    due.platform = st.getColumn(0).getString();
    due.chat_id = st.getColumn(1).getString();
    due.question = read_question(st, 2);
    out.push_back(std::move(due));
  }
  return out;
}

void QaRepository::mark_pinged(std::int64_t question_id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE question SET pinged_at = ?2 WHERE id = ?1");
  st.bind(1, question_id);
  st.bind(2, at);
  st.exec();
}

std::vector<QaExpert> QaRepository::top_answerers(std::int64_t community_id, std::int64_t except, int limit) {
  auto& st = stmts_.get(
      "SELECT m.id, m.display_name, m.username, count(*) AS n, m.user_id FROM question q "
      "JOIN answer a ON a.id = q.accepted_answer_id JOIN member m ON m.id = a.author_id "
      "WHERE q.community_id = ?1 AND m.id <> ?2 AND m.status = 'member' "
      "GROUP BY m.id ORDER BY n DESC, m.id LIMIT ?3");
  st.bind(1, community_id);
  st.bind(2, except);
  st.bind(3, limit);
  std::vector<QaExpert> out;
  while (st.executeStep()) {
    QaExpert e;
    e.member_id = st.getColumn(0).getInt64();
    e.display_name = st.getColumn(1).getString();
    e.username = st.getColumn(2).getString();
    e.accepted = st.getColumn(3).getInt64();
    e.user_id = st.getColumn(4).getString();
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<QaExpert> QaRepository::experts(std::int64_t question_id, std::int64_t except, int limit) {
  auto& st = stmts_.get(
      "SELECT m.id, m.display_name, m.username, count(DISTINCT q.id) AS n, m.user_id "
      "FROM question_tag mine "
      "JOIN question_tag t ON t.community_id = mine.community_id AND t.tag = mine.tag AND t.question_id <> ?1 "
      "JOIN question q ON q.id = t.question_id "
      "JOIN answer a ON a.id = q.accepted_answer_id "
      "JOIN member m ON m.id = a.author_id "
      "WHERE mine.question_id = ?1 AND m.id <> ?2 AND m.status = 'member' "
      "GROUP BY m.id ORDER BY n DESC, m.id LIMIT ?3");
  st.bind(1, question_id);
  st.bind(2, except);
  st.bind(3, limit);
  std::vector<QaExpert> out;
  while (st.executeStep()) {
    QaExpert e;
    e.member_id = st.getColumn(0).getInt64();
    e.display_name = st.getColumn(1).getString();
    e.username = st.getColumn(2).getString();
    e.accepted = st.getColumn(3).getInt64();
    e.user_id = st.getColumn(4).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace fanbase::storage
