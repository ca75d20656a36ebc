#include "storage/audit_log.hpp"

#include <string>

namespace fanbase::storage {

void AuditLog::record(const AuditEntry& e) {
  auto& st = stmts_.get(
      "INSERT INTO audit_log (community_id, actor_id, action, target_id, detail, reference, at, excerpt) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, e.community_id);
  if (e.actor_id) st.bind(2, *e.actor_id);
  st.bind(3, e.action);
  if (e.target_id) st.bind(4, *e.target_id);
  st.bind(5, e.detail);
  st.bind(6, e.reference);
  st.bind(7, e.at);
  st.bind(8, e.excerpt);
  st.exec();
}

std::int64_t AuditLog::count_recent(std::int64_t community_id, std::int64_t actor_id, const char* action,
                                    std::int64_t since) {
  auto& st = stmts_.get(
      "SELECT count(*) FROM (SELECT actor_id, action, at FROM audit_log WHERE community_id = ?1 ORDER BY id DESC "
      "LIMIT 1000) WHERE actor_id = ?2 AND action = ?3 AND at >= ?4");
  st.bind(1, community_id);
  st.bind(2, actor_id);
  st.bind(3, action);
  st.bind(4, since);
  st.executeStep();
  const std::int64_t n = st.getColumn(0).getInt64();
  st.reset();
  return n;
}

std::vector<AuditRow> AuditLog::recent(std::int64_t community_id, std::optional<std::int64_t> target_id, int limit) {
  // Two statements, so each seeks by its own index (by community, or by community and target).
  auto& st = target_id
      ? stmts_.get(
            "SELECT l.id, coalesce(nullif(a.display_name, ''), '@' || nullif(a.username, ''), a.user_id, ''), l.action, coalesce(nullif(t.display_name, ''), '@' || nullif(t.username, ''), t.user_id, ''), l.detail, l.excerpt, l.at "
            "FROM audit_log l LEFT JOIN member a ON a.id = l.actor_id LEFT JOIN member t ON t.id = l.target_id "
            "WHERE l.community_id = ?1 AND l.target_id = ?2 ORDER BY l.id DESC LIMIT ?3")
      : stmts_.get(
            "SELECT l.id, coalesce(nullif(a.display_name, ''), '@' || nullif(a.username, ''), a.user_id, ''), l.action, coalesce(nullif(t.display_name, ''), '@' || nullif(t.username, ''), t.user_id, ''), l.detail, l.excerpt, l.at "
            "FROM audit_log l LEFT JOIN member a ON a.id = l.actor_id LEFT JOIN member t ON t.id = l.target_id "
            "WHERE l.community_id = ?1 ORDER BY l.id DESC LIMIT ?3");
  st.bind(1, community_id);
  if (target_id) st.bind(2, *target_id);
  st.bind(3, limit);
  std::vector<AuditRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getString(),
                   st.getColumn(6).getInt64()});
  }
  return out;
}

}  // namespace fanbase::storage
