#include "storage/member_repository.hpp"

#include <stdexcept>
#include <utility>

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

// touch()'s columns: read_member's 18, last_seen_at, then the "reply" activity (NULLs when it has no row).
#define TOUCH_COLUMNS                                                                                              \
  "m.id, m.community_id, m.user_id, m.display_name, m.username, m.status, m.joined_at, m.points, m.earned, "     \
  "m.level, m.day, m.day_points, m.msg_count, m.msg_last_award_at, m.msg_day, m.msg_day_points, "               \
  "m.msg_last_fingerprint, m.platform_admin, m.last_seen_at, r.count, r.last_award_at, r.day, r.day_points, "    \
  "r.streak, r.best_streak, r.last_fingerprint"

void read_replies(SQLite::Statement& st, MemberRow& m) {
  m.replies_loaded = true;
  m.replies.member_id = m.id;
  m.replies.kind = "reply";
  if (st.getColumn(19).isNull()) return;  // never replied: a zeroed row, not yet stored
  m.replies.stored = true;
  m.replies.count = st.getColumn(19).getInt64();
  m.replies.last_award_at = st.getColumn(20).getInt64();
  m.replies.day = st.getColumn(21).getInt64();
  m.replies.day_points = st.getColumn(22).getInt64();
  m.replies.streak = st.getColumn(23).getInt64();
  m.replies.best_streak = st.getColumn(24).getInt64();
  m.replies.last_text = st.getColumn(25).getString();
}

std::optional<MemberRow> one(SQLite::Statement& st) {
  if (!st.executeStep()) return std::nullopt;
  MemberRow m = read_member(st);
  st.reset();
  return m;
}

}  // namespace

MemberRow MemberRepository::touch(std::int64_t community_id, const std::string& user_id,
                                  const std::string& display_name, const std::string& username, std::int64_t at,
                                  bool defer_seen) {
  // Most events come from members already known with the same names: a read, no write. last_seen_at is kept to
  // within touch_resolution_ms, which saves one row write per event for active members.
  std::string key = std::to_string(community_id);
  key += '\x1f';
  key += user_id;
  const auto cached = ids_.find(key);
  SQLite::Statement* find = nullptr;
  if (cached != ids_.end()) {
    find = &stmts_.get(
        "SELECT " TOUCH_COLUMNS " FROM member m LEFT JOIN member_activity r ON r.member_id = m.id AND r.kind = 'reply' "
        "WHERE m.id = ?1");
    find->bind(1, cached->second);
  } else {
    find = &stmts_.get(
        "SELECT " TOUCH_COLUMNS " FROM member m LEFT JOIN member_activity r ON r.member_id = m.id AND r.kind = 'reply' "
        "WHERE m.community_id = ?1 AND m.user_id = ?2");
    find->bind(1, community_id);
    find->bind(2, user_id);
  }
  const std::string lowered = text::lower_ascii(username);
  std::optional<MemberRow> known;
  if (find->executeStep()) {
    known = read_member(*find);
    read_replies(*find, *known);
    const std::int64_t last_seen = find->getColumn(18).getInt64();
    find->reset();
    if (cached == ids_.end()) {
      if (ids_.size() >= max_cached_ids) ids_.clear();
      ids_.emplace(std::move(key), known->id);
    }
    if (known->display_name == display_name && known->username == lowered && known->status == "member" &&
        at - last_seen < touch_resolution_ms) {
      return std::move(*known);
    }
    if (defer_seen && known->display_name == display_name && known->username == lowered &&
        known->status == "member") {
      known->seen_pending = at;  // only last_seen_at is stale: the caller writes it with the row's next UPDATE
      return std::move(*known);
    }
    // Known: one UPDATE by id, and the row we read is brought up to date in memory (no second read).
    auto& st = stmts_.get(
        "UPDATE member SET display_name = ?2, username = ?3, last_seen_at = max(last_seen_at, ?4), "
        "status = 'member' WHERE id = ?1");
    st.bind(1, known->id);
    st.bind(2, display_name);
    st.bind(3, lowered);
    st.bind(4, at);
    st.exec();
  } else {
    find->reset();
    if (cached != ids_.end()) {  // a remembered id whose row is gone (rolled back): look the member up afresh
      ids_.erase(cached);
      return touch(community_id, user_id, display_name, username, at, defer_seen);
    }
    // New: the row is what the INSERT and the schema's defaults make it.
    auto& st = stmts_.get(
        "INSERT INTO member (community_id, user_id, display_name, username, joined_at, last_seen_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
    st.bind(1, community_id);
    st.bind(2, user_id);
    st.bind(3, display_name);
    st.bind(4, lowered);
    st.bind(5, at);
    st.exec();
    known.emplace();
    known->id = stmts_.db().getLastInsertRowid();
    known->community_id = community_id;
    known->user_id = user_id;
    known->joined_at = at;
    known->messages.member_id = known->id;
    known->messages.kind = "message";
    known->replies_loaded = true;
    known->replies.member_id = known->id;
    known->replies.kind = "reply";
  }
  MemberRow& m = *known;
  const bool username_changed = m.username != lowered;
  m.display_name = display_name;
  m.username = lowered;
  m.status = "member";
  if (username_changed && !m.username.empty()) {
    // A username belongs to one account at a time: whoever had it before has changed theirs. A username kept
    // was released when it was taken, so only a new one (a new member's, or a change) needs this.
    auto& release = stmts_.get("UPDATE member SET username = '' WHERE community_id = ?1 AND username = ?2 AND username <> '' AND id <> ?3");  // <> '': the partial index applies
    release.bind(1, community_id);
    release.bind(2, m.username);
    release.bind(3, m.id);
    release.exec();
  }
  return std::move(m);
}

void MemberRepository::write_seen(MemberRow& member) {
  if (member.seen_pending == 0) return;
  auto& st = stmts_.get("UPDATE member SET last_seen_at = max(last_seen_at, ?2) WHERE id = ?1");
  st.bind(1, member.id);
  st.bind(2, member.seen_pending);
  st.exec();
  member.seen_pending = 0;
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
