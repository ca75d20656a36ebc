#include "handlers/leaderboard_cache.hpp"

namespace fanbase::handlers {

const std::vector<storage::Standing>* LeaderboardCache::find(std::int64_t community_id, std::int64_t window_ms, int n,
                                                             std::int64_t at) const {
  auto it = entries_.find({community_id, window_ms, n});
  if (it == entries_.end()) return nullptr;
  const std::int64_t age = at - it->second.computed_at;
  if (age < 0 || age > max_age_ms) return nullptr;  // stale, or time went backwards (a replay of older events)
  return &it->second.rows;
}

void LeaderboardCache::put(std::int64_t community_id, std::int64_t window_ms, int n, std::int64_t at,
                           std::vector<storage::Standing> rows) {
  // Bounded: one entry per community, window and size; sizes are 1..25 and windows two, so at most 50 per chat.
  entries_[{community_id, window_ms, n}] = Entry{at, std::move(rows)};
}

}  // namespace fanbase::handlers
