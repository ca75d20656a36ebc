// Dedup: the idempotency gate (processed_event). Runs inside the event's transaction, so a rolled-back event
// is not marked processed and a committed one is never applied again. Storage thread only.
#pragma once

#include <cstdint>
#include <string>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class Dedup {
 public:
  explicit Dedup(StatementCache& stmts) : stmts_(stmts) {}
  // Records the key; false when it was recorded before (a redelivery).
  bool first_time(const std::string& event_key, std::int64_t at);
  // The latest `at` of the keys that start with `prefix` (0 when none).
  std::int64_t last_at(const std::string& prefix);
  // Retention: forgets keys of events that happened before `before` (platforms redeliver only recent updates;
  // Telegram keeps an update for 24 hours). Returns the number forgotten.
  std::int64_t prune(std::int64_t before);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
