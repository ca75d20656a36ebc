#include "storage/member_repository.hpp"

#include <stdexcept>

#include "base/text.hpp"

namespace fanbase::storage {
namespace {


MemberRow read_member(SQLite::Statement& st) {
  MemberRow m;
  m.id = st.getColumn(0).getInt64();
  m.community_id = st.getColumn(1).getInt64();
  m.user_id = st.getColumn(2).getString();
  m.display_name = st.getColumn(3).getString();
  m.username = st.getColumn(4).getString();
  m.status = st.getColumn(5).getString();
  m.joined_at = st.getColumn(6).getInt64();
  m.points = st.getColumn(7).getInt64();
  m.earned = st.getColumn(8).getInt64();
  m.level = st.getColumn(9).getInt();
  m.day = st.getColumn(10).getInt64();
  m.day_points = st.getColumn(11).getInt64();
  m.messages.member_id = m.id;
  m.messages.kind = "message";
  m.messages.count = st.getColumn(12).getInt64();
  m.messages.last_award_at = st.getColumn(13).getInt64();
  m.messages.day = st.getColumn(14).getInt64();
  m.messages.day_points = st.getColumn(15).getInt64();
  m.messages.last_text = st.getColumn(16).getString();
  m.platform_admin = st.getColumn(17).getInt() != 0;
  return m;
}

std::optional<MemberRow> one(SQLite::Statement& st) {
  if (!st.executeStep()) return std::nullopt;
  MemberRow m = read_member(st);
  st.reset();
  return m;
}

}  // namespace

MemberRow MemberRepository::touch(std::int64_t community_id, const std::string& user_id,
                                  const std::string& display_name, const std::string& username, std::int64_t at) {
  // Most events come from members already known with the same names: a read, no write. last_seen_at is kept to
  // within touch_resolution_ms, which saves one row write per event for active members.
  std::string key = std::to_string(community_id);
  key += '\x1f';
  key += user_id;
  const auto cached = ids_.find(key);
  SQLite::Statement* find = nullptr;
  if (cached != ids_.end()) {
    find = &stmts_.get(
        "SELECT id, community_id, user_id, display_name, username, status, joined_at, points, earned, level, day, "
        "day_points, msg_count, msg_last_award_at, msg_day, msg_day_points, msg_last_fingerprint, platform_admin, last_seen_at FROM member "
        "WHERE id = ?1");
    find->bind(1, cached->second);
  } else {
    find = &stmts_.get(
        "SELECT id, community_id, user_id, display_name, username, status, joined_at, points, earned, level, day, "
        "day_points, msg_count, msg_last_award_at, msg_day, msg_day_points, msg_last_fingerprint, platform_admin, last_seen_at FROM member "
        "WHERE community_id = ?1 AND user_id = ?2");
    find->bind(1, community_id);
    find->bind(2, user_id);
  }
  if (find->executeStep()) {
    MemberRow m = read_member(*find);
    const std::int64_t last_seen = find->getColumn(18).getInt64();
    find->reset();
    if (cached == ids_.end()) {
      if (ids_.size() >= max_cached_ids) ids_.clear();
      ids_.emplace(std::move(key), m.id);
    }
    if (m.display_name == display_name && m.username == text::lower_ascii(username) && m.status == "member" &&
        at - last_seen < touch_resolution_ms) {
      return m;
    }
  } else {
    find->reset();
  }
  // No RETURNING: SQLite buffers RETURNING rows in an ephemeral table, which costs more than reading back.
  auto& st = stmts_.get(
      "INSERT INTO member (community_id, user_id, display_name, username, joined_at, last_seen_at) "
      "VALUES (?1, ?2, ?3, lower(?4), ?5, ?5) "
      "ON CONFLICT (community_id, user_id) DO UPDATE SET display_name = excluded.display_name, "
      "username = excluded.username, last_seen_at = max(member.last_seen_at, excluded.last_seen_at), "
      "status = 'member'");
  st.bind(1, community_id);
  st.bind(2, user_id);
  st.bind(3, display_name);
  st.bind(4, username);
  st.bind(5, at);
  st.exec();
  auto m = by_user_id(community_id, user_id);
  if (!m) throw std::logic_error("member row missing right after its upsert");
  if (!m->username.empty()) {
    // A username belongs to one account at a time: whoever had it before has changed theirs.
    auto& release = stmts_.get("UPDATE member SET username = '' WHERE community_id = ?1 AND username = ?2 AND username <> '' AND id <> ?3");  // <> '': the partial index applies
    release.bind(1, community_id);
    release.bind(2, m->username);
    release.bind(3, m->id);
    release.exec();
  }
  return *m;
}

std::optional<MemberRow> MemberRepository::by_username(std::int64_t community_id, std::string_view username) {
  auto& st = stmts_.get(
      "SELECT id, community_id, user_id, display_name, username, status, joined_at, points, earned, level, day, "
      "day_points, msg_count, msg_last_award_at, msg_day, msg_day_points, msg_last_fingerprint, platform_admin FROM member WHERE community_id = ?1 AND username = lower(?2) AND username <> '' "
      "ORDER BY last_seen_at DESC, id DESC LIMIT 1");  // a username moves: its latest holder
  st.bind(1, community_id);
  st.bind(2, std::string(username));
  return one(st);
}

std::optional<MemberRow> MemberRepository::by_user_id(std::int64_t community_id, const std::string& user_id) {
  auto& st = stmts_.get(
      "SELECT id, community_id, user_id, display_name, username, status, joined_at, points, earned, level, day, "
      "day_points, msg_count, msg_last_award_at, msg_day, msg_day_points, msg_last_fingerprint, platform_admin FROM member WHERE community_id = ?1 AND user_id = ?2");
  st.bind(1, community_id);
  st.bind(2, user_id);
  return one(st);
}

std::optional<MemberRow> MemberRepository::by_id(std::int64_t member_id) {
  auto& st = stmts_.get(
      "SELECT id, community_id, user_id, display_name, username, status, joined_at, points, earned, level, day, "
      "day_points, msg_count, msg_last_award_at, msg_day, msg_day_points, msg_last_fingerprint, platform_admin FROM member WHERE id = ?1");
  st.bind(1, member_id);
  return one(st);
}

void MemberRepository::set_status(std::int64_t member_id, const char* status) {
  auto& st = stmts_.get("UPDATE member SET status = ?2 WHERE id = ?1");
  st.bind(1, member_id);
  st.bind(2, status);
  st.exec();
}

void MemberRepository::set_platform_admin(std::int64_t member_id, bool admin) {
  auto& st = stmts_.get("UPDATE member SET platform_admin = ?2 WHERE id = ?1 AND platform_admin <> ?2");
  st.bind(1, member_id);
  st.bind(2, admin ? 1 : 0);
  st.exec();
}

void MemberRepository::clear_platform_admins(std::int64_t community_id) {
  auto& st = stmts_.get("UPDATE member SET platform_admin = 0 WHERE community_id = ?1 AND platform_admin = 1");
  st.bind(1, community_id);
  st.exec();
}

void MemberRepository::set_joined_at(std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE member SET joined_at = ?2 WHERE id = ?1");
  st.bind(1, member_id);
  st.bind(2, at);
  st.exec();
}

void MemberRepository::set_level(std::int64_t member_id, int level) {
  auto& st = stmts_.get("UPDATE member SET level = ?2 WHERE id = ?1");
  st.bind(1, member_id);
  st.bind(2, level);
  st.exec();
}

}  // namespace fanbase::storage
