#include "storage/activity_repository.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace fanbase::storage {

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

}  // namespace fanbase::storage
