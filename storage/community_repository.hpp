// CommunityRepository: one row per chat the bot serves (platform + chat id). Caches ids in memory; the cache is
// dropped after a rollback (forget_cached) because a cached id may name a row that was rolled back.
// Storage thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <unordered_map>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class CommunityRepository {
 public:
  explicit CommunityRepository(StatementCache& stmts) : stmts_(stmts) {}
  std::int64_t ensure(const std::string& platform, const std::string& chat_id, const std::string& title,
                      std::int64_t at);
  void forget_cached() { ids_.clear(); }
  // The chat ids of a platform's communities (the adapter refreshes each chat's administrators).
  std::vector<std::string> chats(const std::string& platform);

 private:
  StatementCache& stmts_;
  std::unordered_map<std::string, std::int64_t> ids_;  // platform + '\x1f' + chat_id → id
};

}  // namespace fanbase::storage
