// LeaderboardCache: windowed leaderboards ("/top week", "/top month") are sums over the ledger, so they are
// computed at most once per community, window and size within `max_age_ms` of event time and then served from
// memory (leaderboards of MEE6 and Carl-bot refresh the same way). The all-time board reads an index in order
// and is never cached. Storage thread only; owned by the application.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "storage/rows.hpp"

namespace fanbase::handlers {

class LeaderboardCache {
 public:
  static constexpr std::int64_t max_age_ms = 60'000;

  // The cached rows for (community, window, n) when computed at most max_age_ms before `at`.
  const std::vector<storage::Standing>* find(std::int64_t community_id, std::int64_t window_ms, int n,
                                             std::int64_t at) const;
  void put(std::int64_t community_id, std::int64_t window_ms, int n, std::int64_t at,
           std::vector<storage::Standing> rows);
  void clear() { entries_.clear(); }

 private:
  struct Entry {
    std::int64_t computed_at = 0;
    std::vector<storage::Standing> rows;
  };
  std::map<std::tuple<std::int64_t, std::int64_t, int>, Entry> entries_;
};

}  // namespace fanbase::handlers
