// LeaderboardCache: windowed leaderboards ("/top week" = today and the 6 days before it, "/top month" = today
// and the 29 before) without summing the whole window on every call. Ledger rows carry the time of their event,
// so the days before today never change: their per-member sums are computed once per community, window and
// day, and kept sorted. Today's sums are read once per community and day, then kept current by record(),
// which Incentives calls for every points change. The true top N is among the top N of the past days and the
// members who earned today, so merging those is exact. When the day turns, the past sums are rolled forward
// instead of re-summed: yesterday's sums (kept current by record() all day) are added and the one day that
// left the window is subtracted, so each day of the ledger is summed about twice per window, not once per day
// it stays in it. Any change dated on a day already summed drops the sums it touches. After a rollback the
// owner calls clear().
// The all-time board reads an index in order and needs no cache. Storage thread only; owned by the application.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/points_ledger.hpp"
#include "storage/rows.hpp"

namespace fanbase::handlers {

class LeaderboardCache {
 public:
  // The top `n` of `community_id` for the `days` local days ending with `today` (local day numbers; a day
  // starts at `day_start_ms(day)`). Member names are filled from `members`.
  std::vector<storage::Standing> top(storage::PointsLedger& ledger, std::int64_t community_id, int days,
                                     std::int64_t today, std::int64_t today_start_ms, int n);
  // A points change, as it is applied (same transaction). Ignored until today's sums were first loaded.
  void record(std::int64_t community_id, std::int64_t member_id, std::int64_t delta, std::int64_t day);
  void clear() {
    past_.clear();
    today_.clear();
    yesterday_.clear();
  }

 private:
  struct Past {
    bool computed = false;
    std::int64_t today = 0;                                      // the day it was computed for
    std::vector<std::pair<std::int64_t, std::int64_t>> sorted;   // (member, points), highest first
    std::unordered_map<std::int64_t, std::int64_t> by_member;
  };
  struct Today {
    std::int64_t day = 0;
    std::unordered_map<std::int64_t, std::int64_t> by_member;
  };
  std::map<std::pair<std::int64_t, int>, Past> past_;  // (community, days: 7 or 30) → sums before today
  std::unordered_map<std::int64_t, Today> today_;     // community → sums of today, kept current by record()
  std::unordered_map<std::int64_t, Today> yesterday_; // community → the finished day's sums, until rolled in

  static void sort_past(Past& past);
};

}  // namespace fanbase::handlers
