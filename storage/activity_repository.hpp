// ActivityRepository: per member and interaction kind — qualifying count (badges), last award (cooldown),
// points today (per-kind cap) and check-in streaks. The kind "message" is stored on the member row itself
// (member.msg_*; MemberRow::messages), every other kind in member_activity. Storage thread only.
#pragma once

#include <cstdint>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class ActivityRepository {
 public:
  explicit ActivityRepository(StatementCache& stmts) : stmts_(stmts) {}
  // The row, or a zeroed one (not yet stored) when the member never did this.
  ActivityRow get(std::int64_t member_id, const char* kind);
  void save(const ActivityRow& row);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
