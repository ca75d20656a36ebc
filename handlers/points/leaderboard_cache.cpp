#include "handlers/points/leaderboard_cache.hpp"

#include <algorithm>

#include "base/time.hpp"

namespace fanbase::handlers {

std::vector<storage::Standing> LeaderboardCache::top(storage::PointsLedger& ledger, std::int64_t community_id,
                                                     int days, std::int64_t today, std::int64_t today_start_ms,
                                                     int n) {
  auto current = today_.find(community_id);
  if (current != today_.end() && current->second.day < today) {  // the day turned with no points change since
    yesterday_.insert_or_assign(community_id, std::move(current->second));
    today_.erase(current);
  }
  Past& past = past_[{community_id, days}];
  if (past.computed && past.today + 1 == today) {
    // Roll forward by one day: add the day that just ended, drop the day that left the window.
    auto y = yesterday_.find(community_id);
    if (y != yesterday_.end() && y->second.day == past.today) {
      for (const auto& [member, points] : y->second.by_member) past.by_member[member] += points;
      const std::int64_t gone_from = today_start_ms - static_cast<std::int64_t>(days) * day_ms;
      for (const auto& [member, points] : ledger.sums_between(community_id, gone_from, gone_from + day_ms)) {
        past.by_member[member] -= points;
      }
      std::erase_if(past.by_member, [](const auto& entry) { return entry.second == 0; });
      past.today = today;
      sort_past(past);
    }
  }
  if (!past.computed || past.today != today) {
    past.computed = true;
    past.today = today;
    past.by_member.clear();
    for (const auto& [member, points] : ledger.sums_between(community_id, today_start_ms - (days - 1) * day_ms,
                                                            today_start_ms)) {
      past.by_member.emplace(member, points);
    }
    sort_past(past);
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

void LeaderboardCache::sort_past(Past& past) {
  past.sorted.assign(past.by_member.begin(), past.by_member.end());
  std::sort(past.sorted.begin(), past.sorted.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
}

void LeaderboardCache::record(std::int64_t community_id, std::int64_t member_id, std::int64_t delta,
                              std::int64_t day) {
  // A change dated on a day already summed (a late or replayed event): drop the sums that include that day.
  auto y = yesterday_.find(community_id);
  if (y != yesterday_.end() && day <= y->second.day) yesterday_.erase(y);
  for (int days : {7, 30}) {
    auto p = past_.find({community_id, days});
    if (p != past_.end() && p->second.computed && day < p->second.today) past_.erase(p);
  }
  auto it = today_.find(community_id);
  if (it == today_.end() || day < it->second.day) return;
  if (day > it->second.day) {  // a new day began: today's sums become yesterday's; the next /top reloads today
    yesterday_.insert_or_assign(community_id, std::move(it->second));
    today_.erase(it);
    return;
  }
  it->second.by_member[member_id] += delta;
}

}  // namespace fanbase::handlers
