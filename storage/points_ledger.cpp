#include "storage/points_ledger.hpp"

#include <stdexcept>

namespace fanbase::storage {

void PointsLedger::apply(const PointsChange& c) {
  if (c.reference == nullptr) throw std::logic_error("PointsLedger::apply without a reference");
  auto& entry = stmts_.get(
      "INSERT INTO point_entry (community_id, member_id, delta, reason, reference, actor_id, note, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  entry.bind(1, c.community_id);
  entry.bind(2, c.member_id);
  entry.bind(3, c.delta);
  entry.bind(4, c.reason);
  entry.bind(5, *c.reference);
  if (c.actor_id) entry.bind(6, *c.actor_id);
  entry.bind(7, c.note);
  entry.bind(8, c.at);
  entry.exec();

  // One UPDATE of the member row: balance, lifetime points, the day's total, and (for a paid message) the
  // message counters kept on the row. NULL parameters leave a column as it is.
  auto& balance = stmts_.get(
      "UPDATE member SET points = points + ?2, earned = earned + CASE WHEN ?3 THEN ?2 ELSE 0 END, "
      "day = coalesce(?4, day), day_points = coalesce(?5, day_points), "
      "msg_count = coalesce(?6, msg_count), msg_last_award_at = coalesce(?7, msg_last_award_at), "
      "msg_day = coalesce(?8, msg_day), msg_day_points = coalesce(?9, msg_day_points), "
      "msg_last_fingerprint = coalesce(?10, msg_last_fingerprint), "
      "last_seen_at = max(last_seen_at, coalesce(?11, last_seen_at)) WHERE id = ?1");
  balance.bind(1, c.member_id);
  balance.bind(2, c.delta);
  balance.bind(3, c.counts_as_earned ? 1 : 0);
  if (c.day) {
    balance.bind(4, *c.day);
    balance.bind(5, c.day_points);
  }
  if (const ActivityRow* a = c.message_activity) {
    balance.bind(6, a->count);
    balance.bind(7, a->last_award_at);
    balance.bind(8, a->day);
    balance.bind(9, a->day_points);
    balance.bind(10, a->last_text.data(), static_cast<int>(a->last_text.size()));  // a BLOB
  }
  if (c.seen_at != 0) balance.bind(11, c.seen_at);
  if (balance.exec() != 1) throw std::logic_error("points for a member row that does not exist");
}

std::vector<LedgerEntry> PointsLedger::history(std::int64_t member_id, int limit) {
  auto& st = stmts_.get(
      "SELECT e.id, e.delta, e.reason, e.note, coalesce(a.display_name, ''), e.at FROM point_entry e "
      "LEFT JOIN member a ON a.id = e.actor_id WHERE e.member_id = ?1 ORDER BY e.id DESC LIMIT ?2");
  st.bind(1, member_id);
  st.bind(2, limit);
  std::vector<LedgerEntry> out;
  while (st.executeStep()) {
    LedgerEntry e;
    e.id = st.getColumn(0).getInt64();
    e.delta = st.getColumn(1).getInt64();
    e.reason = st.getColumn(2).getString();
    e.note = st.getColumn(3).getString();
    e.actor_name = st.getColumn(4).getString();
    e.at = st.getColumn(5).getInt64();
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Standing> PointsLedger::top(std::int64_t community_id, int limit) {
  auto& st = stmts_.get(
      "SELECT id, display_name, username, earned, level FROM member WHERE community_id = ?1 AND earned > 0 "
      "ORDER BY earned DESC, id LIMIT ?2");
  st.bind(1, community_id);
  st.bind(2, limit);
  std::vector<Standing> out;
  while (st.executeStep()) {
    Standing s;
    s.member_id = st.getColumn(0).getInt64();
    s.display_name = st.getColumn(1).getString();
    s.username = st.getColumn(2).getString();
    s.points = st.getColumn(3).getInt64();
    s.level = st.getColumn(4).getInt();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> PointsLedger::sums_between(std::int64_t community_id,
                                                                              std::int64_t from_ms,
                                                                              std::int64_t to_ms) {
  auto& st = stmts_.get(
      "SELECT member_id, sum(delta) FROM point_entry WHERE community_id = ?1 AND at >= ?2 AND at < ?3 "
      "GROUP BY member_id");
  st.bind(1, community_id);
  st.bind(2, from_ms);
  st.bind(3, to_ms);
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (st.executeStep()) out.emplace_back(st.getColumn(0).getInt64(), st.getColumn(1).getInt64());
  return out;
}

Standing PointsLedger::standing_of(std::int64_t member_id) {
  auto& st = stmts_.get("SELECT id, display_name, username, level FROM member WHERE id = ?1");
  st.bind(1, member_id);
  Standing s;
  if (st.executeStep()) {
    s.member_id = st.getColumn(0).getInt64();
    s.display_name = st.getColumn(1).getString();
    s.username = st.getColumn(2).getString();
    s.level = st.getColumn(3).getInt();
  }
  st.reset();
  return s;
}

std::pair<std::int64_t, std::int64_t> PointsLedger::rank_of(const MemberRow& m) {
  auto& ahead = stmts_.get(
      "SELECT count(*) FROM member WHERE community_id = ?1 AND (earned > ?2 OR (earned = ?2 AND id < ?3))");
  ahead.bind(1, m.community_id);
  ahead.bind(2, m.earned);
  ahead.bind(3, m.id);
  ahead.executeStep();
  const std::int64_t position = ahead.getColumn(0).getInt64() + 1;
  ahead.reset();
  auto& total = stmts_.get("SELECT count(*) FROM member WHERE community_id = ?1");
  total.bind(1, m.community_id);
  total.executeStep();
  const std::int64_t count = total.getColumn(0).getInt64();
  total.reset();
  return {position, count};
}

std::int64_t PointsLedger::sum(std::int64_t member_id) {
  auto& st = stmts_.get("SELECT coalesce(sum(delta), 0) FROM point_entry WHERE member_id = ?1");
  st.bind(1, member_id);
  st.executeStep();
  const std::int64_t s = st.getColumn(0).getInt64();
  st.reset();
  return s;
}

}  // namespace fanbase::storage
