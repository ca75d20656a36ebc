// MessageRepository: who wrote which message, so a reaction can credit the author (platforms send reactions
// without it), and who already reacted to it. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class MessageRepository {
 public:
  explicit MessageRepository(StatementCache& stmts) : stmts_(stmts) {}
  void remember(std::int64_t community_id, const std::string& message_id, std::int64_t member_id, std::int64_t at);
  std::optional<std::int64_t> author_of(std::int64_t community_id, const std::string& message_id);
  // Records that `member_id` reacted to the message; false when it had already.
  bool first_reaction(std::int64_t community_id, const std::string& message_id, std::int64_t member_id,
                      std::int64_t at);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
