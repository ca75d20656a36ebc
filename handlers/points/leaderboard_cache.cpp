#include "handlers/points/leaderboard_cache.hpp"

#include <algorithm>

#include "base/time.hpp"

namespace fanbase::handlers {

std::vector<storage::Standing> LeaderboardCache::top(storage::PointsLedger& ledger, std::int64_t community_id,
                                                     int days, std::int64_t today, std::int64_t today_start_ms,
                                                     int n) {
  Past& past = past_[{community_id, days}];
  if (!past.computed || past.today != today) {
    past.computed = true;
    past.today = today;
    past.sorted = ledger.sums_between(community_id, today_start_ms - (days - 1) * day_ms, today_start_ms);
    past.by_member.clear();
    for (const auto& [member, points] : past.sorted) past.by_member.emplace(member, points);
    std::sort(past.sorted.begin(), past.sorted.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  }
  // Candidates: everyone who earned (or lost) points today, and the best n of the others, whose totals are
  // their past sums: nobody else can reach the top n.
  auto found = today_.find(community_id);
  if (found == today_.end() || found->second.day != today) {
    Today fresh;
    fresh.day = today;
    for (const auto& [member, points] : ledger.sums_between(community_id, today_start_ms, INT64_MAX)) {
      fresh.by_member[member] = points;
    }
    found = today_.insert_or_assign(community_id, std::move(fresh)).first;
  }
  const auto& today_sums = found->second.by_member;
  std::unordered_map<std::int64_t, std::int64_t> totals;
  for (const auto& [member, points] : today_sums) {
    auto it = past.by_member.find(member);
    totals[member] = (it == past.by_member.end() ? 0 : it->second) + points;
  }
  int others = 0;
  for (const auto& [member, points] : past.sorted) {
    if (others >= n) break;
    if (today_sums.count(member) != 0) continue;
    totals.emplace(member, points);
    ++others;
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> ranked(totals.begin(), totals.end());
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  std::vector<storage::Standing> out;
  for (const auto& [member, points] : ranked) {
    if (static_cast<int>(out.size()) >= n || points <= 0) break;
    storage::Standing s = ledger.standing_of(member);
    s.points = points;
    out.push_back(std::move(s));
  }
  return out;
}

void LeaderboardCache::record(std::int64_t community_id, std::int64_t member_id, std::int64_t delta,
                              std::int64_t day) {
  auto it = today_.find(community_id);
  if (it == today_.end()) return;
  if (day < it->second.day) {  // a late event, dated on a day whose sums are cached: recompute them
    past_.erase({community_id, 7});
    past_.erase({community_id, 30});
    return;
  }
  if (day > it->second.day) {  // a new day began: the next /top reloads
    today_.erase(it);
    return;
  }
  it->second.by_member[member_id] += delta;
}

}  // namespace fanbase::handlers
