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
  // Marks rows sent; a row with a subject and a message id also records that message in bot_message.
  void mark_sent(const std::vector<SentRow>& rows, std::int64_t at);
  void mark_failed(std::int64_t id, const std::string& error);
  // The subject of the bot's message `message_id` in a chat ('' when it presents none).
  std::string subject_of(const std::string& platform, const std::string& chat_id, const std::string& message_id);
  // Retention: deletes delivered rows of events before `before` (event time, the clock of every domain rule;
  // pending and failed rows are kept). Returns the number deleted.
  std::int64_t prune_sent(std::int64_t before);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
