// ModerationRepository: warnings (active ones count towards the escalation policy) and the mutes and bans the bot
// imposed. Runs inside the caller's transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class ModerationRepository {
 public:
  explicit ModerationRepository(StatementCache& stmts) : stmts_(stmts) {}

  std::int64_t add_warning(std::int64_t community_id, std::int64_t member_id, std::optional<std::int64_t> actor_id,
                           const std::string& reason, const std::string& reference, std::int64_t at);
  // Warnings given at or after `since` and not revoked.
  std::int64_t active_warnings(std::int64_t member_id, std::int64_t since);
  std::vector<WarningRow> warnings(std::int64_t member_id, std::int64_t since, int limit);
  // Revokes the latest active warning; its id, or nullopt when there was none.
  std::optional<std::int64_t> revoke_latest_warning(std::int64_t member_id, std::int64_t since,
                                                    std::optional<std::int64_t> by, std::int64_t at);

  // kind: "mute" | "ban". until_at 0: no end. Replaces an earlier one of the same kind.
  void set_sanction(std::int64_t community_id, std::int64_t member_id, const char* kind, std::int64_t until_at,
                    const std::string& reason, std::optional<std::int64_t> actor_id, std::int64_t at);
  // Removes it; false when there was none.
  bool clear_sanction(std::int64_t community_id, std::int64_t member_id, const char* kind);
  // The sanction in force at `at` (one that ended before is reported as none).
  std::optional<SanctionRow> sanction(std::int64_t community_id, std::int64_t member_id, const char* kind,
                                      std::int64_t at);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
