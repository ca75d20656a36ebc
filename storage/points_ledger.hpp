// PointsLedger: the append-only point_entry table and the balances kept consistent with it (member.points and
// member.earned move in the same statement group as the row is appended). Runs inside the caller's
// transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct PointsChange {
  std::int64_t community_id = 0;
  std::int64_t member_id = 0;
  std::int64_t delta = 0;
  const char* reason = "";                 // message | reply | reaction_received | checkin | award | revoke | ...
  const std::string* reference = nullptr;  // the event key that caused it
  std::optional<std::int64_t> actor_id;
  std::string note;
  std::int64_t at = 0;
  bool counts_as_earned = true;            // moves lifetime points (levels) as well as the balance
  // Automatic points also move the member's daily total (the overall daily cap), in the same row write.
  std::optional<std::int64_t> day;
  std::int64_t day_points = 0;             // the new total for `day`
  // A paid message: its activity counters (kept on the member row) are written by the same UPDATE.
  const ActivityRow* message_activity = nullptr;
  // A deferred last_seen_at refresh of the member (MemberRow::seen_pending; 0: none), written by the same UPDATE.
  std::int64_t seen_at = 0;
};

class PointsLedger {
 public:
  explicit PointsLedger(StatementCache& stmts) : stmts_(stmts) {}

  // Appends the row and moves the balances. The balance can never go below zero (a CHECK); callers refuse
  // such a change first. The caller holds the member row and moves its own copy by the same delta.
  void apply(const PointsChange& change);
  std::vector<LedgerEntry> history(std::int64_t member_id, int limit);
  // Lifetime standings, highest first.
  std::vector<Standing> top(std::int64_t community_id, int limit);
  // Net points per member of a community from entries with from_ms <= at < to_ms (unordered).
  std::vector<std::pair<std::int64_t, std::int64_t>> sums_between(std::int64_t community_id, std::int64_t from_ms,
                                                                  std::int64_t to_ms);
  // A member's name and level as a Standing (points left 0).
  Standing standing_of(std::int64_t member_id);
  // 1-based position by lifetime points among the community's members, and how many are ranked.
  std::pair<std::int64_t, std::int64_t> rank_of(const MemberRow& member);
  std::int64_t sum(std::int64_t member_id);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
