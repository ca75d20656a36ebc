#include "storage/badge_repository.hpp"

#include <string>

namespace fanbase::storage {

bool BadgeRepository::award(std::int64_t member_id, const std::string& badge, std::int64_t at,
                            const std::string& reference) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO member_badge (member_id, badge, awarded_at, reference) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, member_id);
  st.bind(2, badge);
  st.bind(3, at);
  st.bind(4, reference);
  return st.exec() == 1;
}

std::vector<std::pair<std::string, std::int64_t>> BadgeRepository::of(std::int64_t member_id) {
  auto& st = stmts_.get("SELECT badge, awarded_at FROM member_badge WHERE member_id = ?1 ORDER BY awarded_at, badge");
  st.bind(1, member_id);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (st.executeStep()) out.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt64());
  return out;
}

void BadgeRepository::record_level_up(std::int64_t member_id, int level, std::int64_t at,
                                      const std::string& reference) {
  auto& st = stmts_.get("INSERT INTO level_up (member_id, level, at, reference) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, member_id);
  st.bind(2, level);
  st.bind(3, at);
  st.bind(4, reference);
  st.exec();
}

}  // namespace fanbase::storage
