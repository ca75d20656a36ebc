// Implementations of the small repositories declared in storage/*.hpp. Every statement is a string literal
// prepared once per connection (StatementCache) with bound parameters.
#include <stdexcept>
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "storage/activity_repository.hpp"
#include "storage/audit_log.hpp"
#include "storage/badge_repository.hpp"
#include "storage/community_repository.hpp"
#include "storage/dedup.hpp"
#include "storage/message_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/store.hpp"

namespace fanbase::storage {

bool Store::in_transaction() const { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

std::vector<std::string> CommunityRepository::chats(const std::string& platform) {
  auto& st = stmts_.get("SELECT chat_id FROM community WHERE platform = ?1 ORDER BY id");
  st.bind(1, platform);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

bool Dedup::first_time(const std::string& event_key, std::int64_t at) {
  auto& st = stmts_.get("INSERT OR IGNORE INTO processed_event (key, at) VALUES (?1, ?2)");
  st.bind(1, event_key);
  st.bind(2, at);
  return st.exec() == 1;
}

std::int64_t Dedup::last_at(const std::string& prefix) {
  // A key range, so the primary key index finds the prefix: prefix <= key < prefix with its last byte + 1.
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  auto& st = stmts_.get("SELECT coalesce(max(at), 0) FROM processed_event WHERE key >= ?1 AND key < ?2");
  st.bind(1, prefix);
  st.bind(2, end);
  st.executeStep();
  const std::int64_t at = st.getColumn(0).getInt64();
  st.reset();
  return at;
}

std::int64_t Dedup::prune(std::int64_t before) {
  auto& st = stmts_.get("DELETE FROM processed_event WHERE at < ?1");
  st.bind(1, before);
  return st.exec();
}

std::int64_t CommunityRepository::ensure(const std::string& platform, const std::string& chat_id,
                                         const std::string& title, std::int64_t at) {
  std::string cache_key = platform;
  cache_key += '\x1f';
  cache_key += chat_id;
  if (auto it = ids_.find(cache_key); it != ids_.end()) return it->second;
  auto& st = stmts_.get(
      "INSERT INTO community (platform, chat_id, title, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (platform, chat_id) DO UPDATE SET title = CASE WHEN excluded.title <> '' THEN excluded.title "
      "ELSE community.title END RETURNING id");
  st.bind(1, platform);
  st.bind(2, chat_id);
  st.bind(3, title);
  st.bind(4, at);
  if (!st.executeStep()) throw std::logic_error("community upsert returned no row");
  const std::int64_t id = st.getColumn(0).getInt64();
  while (st.executeStep()) {
  }
  ids_.emplace(std::move(cache_key), id);
  return id;
}

ActivityRow ActivityRepository::get(std::int64_t member_id, const char* kind) {
  // Both sources give the same seven columns; "message" keeps no streaks.
  const bool on_member = std::string_view(kind) == "message";
  auto& st = on_member ? stmts_.get("SELECT msg_count, msg_last_award_at, msg_day, msg_day_points, 0, 0, "
                                    "msg_last_fingerprint FROM member WHERE id = ?1")
                       : stmts_.get("SELECT count, last_award_at, day, day_points, streak, best_streak, last_fingerprint "
                                    "FROM member_activity WHERE member_id = ?1 AND kind = ?2");
  st.bind(1, member_id);
  if (!on_member) st.bind(2, kind);
  ActivityRow row;
  row.member_id = member_id;
  row.kind = kind;
  if (st.executeStep()) {
    row.count = st.getColumn(0).getInt64();
    row.last_award_at = st.getColumn(1).getInt64();
    row.day = st.getColumn(2).getInt64();
    row.day_points = st.getColumn(3).getInt64();
    row.streak = st.getColumn(4).getInt64();
    row.best_streak = st.getColumn(5).getInt64();
    row.last_text = st.getColumn(6).getString();
    row.stored = !on_member;
  }
  st.reset();  // release the read cursor now rather than at the next use
  return row;
}

void ActivityRepository::save(const ActivityRow& row) {
  if (row.kind == "message") {
    auto& st = stmts_.get(
        "UPDATE member SET msg_count = ?2, msg_last_award_at = ?3, msg_day = ?4, msg_day_points = ?5, "
        "msg_last_fingerprint = ?6 WHERE id = ?1");
    st.bind(1, row.member_id);
    st.bind(2, row.count);
    st.bind(3, row.last_award_at);
    st.bind(4, row.day);
    st.bind(5, row.day_points);
    st.bind(6, row.last_text.data(), static_cast<int>(row.last_text.size()));  // a BLOB
    if (st.exec() != 1) throw std::logic_error("message activity for a member row that does not exist");
    return;
  }
  if (row.stored) {  // read from its row: update it in place (cheaper than the upsert's failed insert)
    auto& up = stmts_.get(
        "UPDATE member_activity SET count = ?3, last_award_at = ?4, day = ?5, day_points = ?6, streak = ?7, "
        "best_streak = ?8, last_fingerprint = ?9 WHERE member_id = ?1 AND kind = ?2");
    up.bind(1, row.member_id);
    up.bind(2, row.kind);
    up.bind(3, row.count);
    up.bind(4, row.last_award_at);
    up.bind(5, row.day);
    up.bind(6, row.day_points);
    up.bind(7, row.streak);
    up.bind(8, row.best_streak);
    up.bind(9, row.last_text.data(), static_cast<int>(row.last_text.size()));  // a BLOB
    if (up.exec() == 1) return;
    // The row went away since it was read (a rolled-back batch): insert it as below.
  }
  auto& st = stmts_.get(
      "INSERT INTO member_activity (member_id, kind, count, last_award_at, day, day_points, streak, best_streak, "
      "last_fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (member_id, kind) DO UPDATE SET "
      "count = excluded.count, last_award_at = excluded.last_award_at, day = excluded.day, "
      "day_points = excluded.day_points, streak = excluded.streak, best_streak = excluded.best_streak, "
      "last_fingerprint = excluded.last_fingerprint");
  st.bind(1, row.member_id);
  st.bind(2, row.kind);
  st.bind(3, row.count);
  st.bind(4, row.last_award_at);
  st.bind(5, row.day);
  st.bind(6, row.day_points);
  st.bind(7, row.streak);
  st.bind(8, row.best_streak);
  st.bind(9, row.last_text.data(), static_cast<int>(row.last_text.size()));  // a BLOB
  st.exec();
}

bool BadgeRepository::award(std::int64_t member_id, const std::string& badge, std::int64_t at,
                            const std::string& reference) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO member_badge (member_id, badge, awarded_at, reference) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, member_id);
  st.bind(2, badge);
  st.bind(3, at);
  st.bind(4, reference);
  return st.exec() == 1;
}

std::vector<std::pair<std::string, std::int64_t>> BadgeRepository::of(std::int64_t member_id) {
  auto& st = stmts_.get("SELECT badge, awarded_at FROM member_badge WHERE member_id = ?1 ORDER BY awarded_at, badge");
  st.bind(1, member_id);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (st.executeStep()) out.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt64());
  return out;
}

void BadgeRepository::record_level_up(std::int64_t member_id, int level, std::int64_t at,
                                      const std::string& reference) {
  auto& st = stmts_.get("INSERT INTO level_up (member_id, level, at, reference) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, member_id);
  st.bind(2, level);
  st.bind(3, at);
  st.bind(4, reference);
  st.exec();
}

void MessageRepository::remember(std::int64_t community_id, const std::string& message_id, std::int64_t member_id,
                                 std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO message_ref (community_id, message_id, member_id, at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, community_id);
  st.bind(2, message_id);
  st.bind(3, member_id);
  st.bind(4, at);
  st.exec();
}

std::optional<std::int64_t> MessageRepository::author_of(std::int64_t community_id, const std::string& message_id) {
  auto& st = stmts_.get("SELECT member_id FROM message_ref WHERE community_id = ?1 AND message_id = ?2");
  st.bind(1, community_id);
  st.bind(2, message_id);
  if (!st.executeStep()) return std::nullopt;
  const std::int64_t id = st.getColumn(0).getInt64();
  st.reset();
  return id;
}

bool MessageRepository::first_reaction(std::int64_t community_id, const std::string& message_id,
                                       std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO reaction_seen (community_id, message_id, member_id, at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, community_id);
  st.bind(2, message_id);
  st.bind(3, member_id);
  st.bind(4, at);
  return st.exec() == 1;
}

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

void AuditLog::record(const AuditEntry& e) {
  auto& st = stmts_.get(
      "INSERT INTO audit_log (community_id, actor_id, action, target_id, detail, reference, at, excerpt) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, e.community_id);
  if (e.actor_id) st.bind(2, *e.actor_id);
  st.bind(3, e.action);
  if (e.target_id) st.bind(4, *e.target_id);
  st.bind(5, e.detail);
  st.bind(6, e.reference);
  st.bind(7, e.at);
  st.bind(8, e.excerpt);
  st.exec();
}

std::int64_t AuditLog::count_recent(std::int64_t community_id, std::int64_t actor_id, const char* action,
                                    std::int64_t since) {
  auto& st = stmts_.get(
      "SELECT count(*) FROM (SELECT actor_id, action, at FROM audit_log WHERE community_id = ?1 ORDER BY id DESC "
      "LIMIT 1000) WHERE actor_id = ?2 AND action = ?3 AND at >= ?4");
  st.bind(1, community_id);
  st.bind(2, actor_id);
  st.bind(3, action);
  st.bind(4, since);
  st.executeStep();
  const std::int64_t n = st.getColumn(0).getInt64();
  st.reset();
  return n;
}

std::vector<AuditRow> AuditLog::recent(std::int64_t community_id, std::optional<std::int64_t> target_id, int limit) {
  // Two statements, so each seeks by its own index (by community, or by community and target).
  auto& st = target_id
      ? stmts_.get(
            "SELECT l.id, coalesce(nullif(a.display_name, ''), '@' || nullif(a.username, ''), a.user_id, ''), l.action, coalesce(nullif(t.display_name, ''), '@' || nullif(t.username, ''), t.user_id, ''), l.detail, l.excerpt, l.at "
            "FROM audit_log l LEFT JOIN member a ON a.id = l.actor_id LEFT JOIN member t ON t.id = l.target_id "
            "WHERE l.community_id = ?1 AND l.target_id = ?2 ORDER BY l.id DESC LIMIT ?3")
      : stmts_.get(
            "SELECT l.id, coalesce(nullif(a.display_name, ''), '@' || nullif(a.username, ''), a.user_id, ''), l.action, coalesce(nullif(t.display_name, ''), '@' || nullif(t.username, ''), t.user_id, ''), l.detail, l.excerpt, l.at "
            "FROM audit_log l LEFT JOIN member a ON a.id = l.actor_id LEFT JOIN member t ON t.id = l.target_id "
            "WHERE l.community_id = ?1 ORDER BY l.id DESC LIMIT ?3");
  st.bind(1, community_id);
  if (target_id) st.bind(2, *target_id);
  st.bind(3, limit);
  std::vector<AuditRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getString(),
                   st.getColumn(6).getInt64()});
  }
  return out;
}

}  // namespace fanbase::storage
