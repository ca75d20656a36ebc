#include "storage/dedup.hpp"

#include <string>

namespace fanbase::storage {

bool Dedup::first_time(const std::string& event_key, std::int64_t at) {
  auto& st = stmts_.get("INSERT OR IGNORE INTO processed_event (key, at) VALUES (?1, ?2)");
  st.bind(1, event_key);
  st.bind(2, at);
  return st.exec() == 1;
}

std::int64_t Dedup::last_at(const std::string& prefix) {
  // A key range, so the primary key index finds the prefix: prefix <= key < prefix with its last byte + 1.
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  auto& st = stmts_.get("SELECT coalesce(max(at), 0) FROM processed_event WHERE key >= ?1 AND key < ?2");
  st.bind(1, prefix);
  st.bind(2, end);
  st.executeStep();
  const std::int64_t at = st.getColumn(0).getInt64();
  st.reset();
  return at;
}

std::int64_t Dedup::prune(std::int64_t before) {
  auto& st = stmts_.get("DELETE FROM processed_event WHERE at < ?1");
  st.bind(1, before);
  return st.exec();
}

}  // namespace fanbase::storage
