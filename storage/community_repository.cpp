#include "storage/community_repository.hpp"

#include <stdexcept>
#include <string>

namespace fanbase::storage {

std::vector<std::string> CommunityRepository::chats(const std::string& platform) {
  auto& st = stmts_.get("SELECT chat_id FROM community WHERE platform = ?1 ORDER BY id");
  st.bind(1, platform);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

std::int64_t CommunityRepository::ensure(const std::string& platform, const std::string& chat_id,
                                         const std::string& title, std::int64_t at) {
  std::string cache_key = platform;
  cache_key += '\x1f';
  cache_key += chat_id;
  if (auto it = ids_.find(cache_key); it != ids_.end()) return it->second;
  auto& st = stmts_.get(
      "INSERT INTO community (platform, chat_id, title, created_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (platform, chat_id) DO UPDATE SET title = CASE WHEN excluded.title <> '' THEN excluded.title "
      "ELSE community.title END RETURNING id");
  st.bind(1, platform);
  st.bind(2, chat_id);
  st.bind(3, title);
  st.bind(4, at);
  if (!st.executeStep()) throw std::logic_error("community upsert returned no row");
  const std::int64_t id = st.getColumn(0).getInt64();
  while (st.executeStep()) {
  }
  ids_.emplace(std::move(cache_key), id);
  return id;
}

}  // namespace fanbase::storage
