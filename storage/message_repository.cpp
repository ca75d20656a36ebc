#include "storage/message_repository.hpp"

#include <string>

namespace fanbase::storage {

void MessageRepository::remember(std::int64_t community_id, const std::string& message_id, std::int64_t member_id,
                                 std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO message_ref (community_id, message_id, member_id, at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, community_id);
  st.bind(2, message_id);
  st.bind(3, member_id);
  st.bind(4, at);
  st.exec();
}

std::optional<std::int64_t> MessageRepository::author_of(std::int64_t community_id, const std::string& message_id) {
  auto& st = stmts_.get("SELECT member_id FROM message_ref WHERE community_id = ?1 AND message_id = ?2");
  st.bind(1, community_id);
  st.bind(2, message_id);
  if (!st.executeStep()) return std::nullopt;
  const std::int64_t id = st.getColumn(0).getInt64();
  st.reset();
  return id;
}

bool MessageRepository::first_reaction(std::int64_t community_id, const std::string& message_id,
                                       std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO reaction_seen (community_id, message_id, member_id, at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, community_id);
  st.bind(2, message_id);
  st.bind(3, member_id);
  st.bind(4, at);
  return st.exec() == 1;
}

}  // namespace fanbase::storage
