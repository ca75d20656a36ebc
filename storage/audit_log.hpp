// AuditLog: who did what to whom — moderator actions and refused attempts. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <vector>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct AuditEntry {
  std::int64_t community_id = 0;
  std::optional<std::int64_t> actor_id;
  const char* action = "";
  std::optional<std::int64_t> target_id;
  std::string detail;
  std::string reference;
  std::int64_t at = 0;
  std::string excerpt;  // the message the entry is about, shortened ('' none)
};

class AuditLog {
 public:
  explicit AuditLog(StatementCache& stmts) : stmts_(stmts) {}
  void record(const AuditEntry& entry);
  // The latest entries of a community (of one target member when given), newest first.
  std::vector<AuditRow> recent(std::int64_t community_id, std::optional<std::int64_t> target_id, int limit);
  // How many `action` entries `actor_id` made at or after `since`, among the community's latest 1000 entries.
  std::int64_t count_recent(std::int64_t community_id, std::int64_t actor_id, const char* action, std::int64_t since);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
