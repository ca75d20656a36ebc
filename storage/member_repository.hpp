// MemberRepository: a person within one community (balance, lifetime points, level, anti-farming state).
// Runs inside the caller's transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class MemberRepository {
 public:
  explicit MemberRepository(StatementCache& stmts) : stmts_(stmts) {}
  // How stale member.last_seen_at may be: touch() skips the write for a member seen more recently than this.
  static constexpr std::int64_t touch_resolution_ms = 3'600'000;  // an hour: enough for DAU/WAU/MAU
  // Ids of members seen, by (community, platform user id), so a known member is read by primary key. Bounded:
  // cleared when it reaches this size (it refills from the index).
  static constexpr std::size_t max_cached_ids = 200'000;
  // After a rollback: a cached id may name a row that was rolled back.
  void forget_cached() { ids_.clear(); }

  // Creates or refreshes (name, username, last seen, status = member) and returns the row. `username` is stored
  // in lower case (ASCII).
  // With `defer_seen`, a refresh of last_seen_at alone is not written here but left in the row's seen_pending,
  // for the caller to write with its next UPDATE of the row (PointsLedger::apply) or by write_seen().
  MemberRow touch(std::int64_t community_id, const std::string& user_id, const std::string& display_name,
                  const std::string& username, std::int64_t at, bool defer_seen = false);
  // Writes a deferred last_seen_at refresh (MemberRow::seen_pending), if any, and clears it.
  void write_seen(MemberRow& member);
  std::optional<MemberRow> by_username(std::int64_t community_id, std::string_view username);
  std::optional<MemberRow> by_user_id(std::int64_t community_id, const std::string& user_id);
  std::optional<MemberRow> by_id(std::int64_t member_id);
  void set_status(std::int64_t member_id, const char* status);
  void set_joined_at(std::int64_t member_id, std::int64_t at);
  void set_level(std::int64_t member_id, int level);
  // Whether the member is an administrator on the platform (learnt from member updates).
  void set_platform_admin(std::int64_t member_id, bool admin);
  // Clears the flag for every member of a community (before applying a platform's full list of administrators).
  void clear_platform_admins(std::int64_t community_id);

 private:
  StatementCache& stmts_;
  std::unordered_map<std::string, std::int64_t> ids_;  // community id + '\x1f' + user id → member id
};

}  // namespace fanbase::storage
