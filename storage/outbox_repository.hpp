// OutboxRepository: replies and effects waiting for delivery. Rows are written in the same transaction as the
// effects they report; senders read pending rows after the commit and mark them sent. Storage thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/rows.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class OutboxRepository {
 public:
  explicit OutboxRepository(StatementCache& stmts) : stmts_(stmts) {}
  std::int64_t enqueue(const OutboxRow& row);
  std::vector<OutboxRow> pending(const std::string& platform, int limit);
  void mark_sent(const std::vector<std::int64_t>& ids, std::int64_t at);
  void mark_failed(std::int64_t id, const std::string& error);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
