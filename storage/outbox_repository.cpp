#include "storage/outbox_repository.hpp"

#include <string>

namespace fanbase::storage {

std::int64_t OutboxRepository::enqueue(const OutboxRow& row) {
  auto& st = stmts_.get(
      "INSERT INTO outbox (platform, kind, chat_id, thread_id, reply_to, text, reference, created_at, keyboard, "
      "message_id, user_id, until_at, callback_id, photo, subject) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  st.bind(1, row.platform);
  st.bind(2, row.kind);
  st.bind(3, row.chat_id);
  st.bind(4, row.thread_id);
  st.bind(5, row.reply_to);
  st.bind(6, row.text);
  st.bind(7, row.reference);
  st.bind(8, row.created_at);
  st.bind(9, row.keyboard);
  st.bind(10, row.message_id);
  st.bind(11, row.user_id);
  st.bind(12, row.until_at);
  st.bind(13, row.callback_id);
  st.bind(14, row.photo);
  st.bind(15, row.subject);
  st.exec();
  return stmts_.db().getLastInsertRowid();
}

std::vector<OutboxRow> OutboxRepository::pending(const std::string& platform, int limit) {
  auto& st = stmts_.get(
      "SELECT id, platform, kind, chat_id, thread_id, reply_to, text, reference, created_at, attempts, keyboard, "
      "message_id, user_id, until_at, callback_id, photo, subject FROM outbox "
      "WHERE platform = ?1 AND state = 'pending' ORDER BY id LIMIT ?2");
  st.bind(1, platform);
  st.bind(2, limit);
  std::vector<OutboxRow> out;
  while (st.executeStep()) {
    OutboxRow r;
    r.id = st.getColumn(0).getInt64();
    r.platform = st.getColumn(1).getString();
    r.kind = st.getColumn(2).getString();
    r.chat_id = st.getColumn(3).getString();
    r.thread_id = st.getColumn(4).getString();
    r.reply_to = st.getColumn(5).getString();
    r.text = st.getColumn(6).getString();
    r.reference = st.getColumn(7).getString();
    r.created_at = st.getColumn(8).getInt64();
    r.attempts = st.getColumn(9).getInt();
    r.keyboard = st.getColumn(10).getString();
    r.message_id = st.getColumn(11).getString();
    r.user_id = st.getColumn(12).getString();
    r.until_at = st.getColumn(13).getInt64();
    r.callback_id = st.getColumn(14).getString();
    r.photo = st.getColumn(15).getString();
    r.subject = st.getColumn(16).getString();
    out.push_back(std::move(r));
  }
  return out;
}

void OutboxRepository::mark_sent(const std::vector<SentRow>& rows, std::int64_t at) {
  for (const SentRow& row : rows) {
    auto& st = stmts_.get(
        "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1, sent_message_id = ?3 "
        "WHERE id = ?1 AND state = 'pending'");
    st.bind(1, row.outbox_id);
    st.bind(2, at);
    st.bind(3, row.message_id);
    if (st.exec() == 0 || row.message_id.empty()) continue;
    auto& link = stmts_.get(
        "INSERT OR REPLACE INTO bot_message (platform, chat_id, message_id, subject, at) "
        "SELECT platform, chat_id, ?2, subject, ?3 FROM outbox WHERE id = ?1 AND subject <> ''");
    link.bind(1, row.outbox_id);
    link.bind(2, row.message_id);
    link.bind(3, at);
    link.exec();
  }
}

std::string OutboxRepository::subject_of(const std::string& platform, const std::string& chat_id,
                                         const std::string& message_id) {
  auto& st = stmts_.get("SELECT subject FROM bot_message WHERE platform = ?1 AND chat_id = ?2 AND message_id = ?3");
  st.bind(1, platform);
  st.bind(2, chat_id);
  st.bind(3, message_id);
  std::string subject;
  if (st.executeStep()) subject = st.getColumn(0).getString();
  st.reset();
  return subject;
}

std::int64_t OutboxRepository::prune_sent(std::int64_t before) {
  auto& st = stmts_.get("DELETE FROM outbox WHERE state = 'sent' AND created_at < ?1");
  st.bind(1, before);
  return st.exec();
}

void OutboxRepository::mark_failed(std::int64_t id, const std::string& error) {
  auto& st = stmts_.get(
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1");
  st.bind(1, id);
  st.bind(2, error);
  st.exec();
}

}  // namespace fanbase::storage
