// BadgeRepository: badges awarded (once each, by primary key) and the level-up history. Storage thread only.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

class BadgeRepository {
 public:
  explicit BadgeRepository(StatementCache& stmts) : stmts_(stmts) {}
  // True when newly awarded; false when the member had it already.
  bool award(std::int64_t member_id, const std::string& badge, std::int64_t at, const std::string& reference);
  std::vector<std::pair<std::string, std::int64_t>> of(std::int64_t member_id);  // (badge id, awarded_at)
  void record_level_up(std::int64_t member_id, int level, std::int64_t at, const std::string& reference);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
