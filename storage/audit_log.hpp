// AuditLog: who did what to whom — moderator actions and refused attempts. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
};

class AuditLog {
 public:
  explicit AuditLog(StatementCache& stmts) : stmts_(stmts) {}
  void record(const AuditEntry& entry);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
