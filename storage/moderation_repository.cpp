#include "storage/moderation_repository.hpp"

namespace fanbase::storage {

std::int64_t ModerationRepository::add_warning(std::int64_t community_id, std::int64_t member_id,
                                               std::optional<std::int64_t> actor_id, const std::string& reason,
                                               const std::string& reference, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT INTO warning (community_id, member_id, actor_id, reason, reference, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  st.bind(1, community_id);
  st.bind(2, member_id);
  if (actor_id) st.bind(3, *actor_id);
  st.bind(4, reason);
  st.bind(5, reference);
  st.bind(6, at);
  st.exec();
  return stmts_.db().getLastInsertRowid();
}

std::int64_t ModerationRepository::active_warnings(std::int64_t member_id, std::int64_t since) {
  auto& st = stmts_.get(
      "SELECT count(*) FROM warning WHERE member_id = ?1 AND at >= ?2 AND revoked_at IS NULL");
  st.bind(1, member_id);
  st.bind(2, since);
  st.executeStep();
  const std::int64_t n = st.getColumn(0).getInt64();
  st.reset();
  return n;
}

std::vector<WarningRow> ModerationRepository::warnings(std::int64_t member_id, std::int64_t since, int limit) {
  auto& st = stmts_.get(
      "SELECT w.id, coalesce(nullif(a.display_name, ''), '@' || nullif(a.username, ''), a.user_id, ''), w.reason, w.at FROM warning w LEFT JOIN member a ON a.id = w.actor_id "
      "WHERE w.member_id = ?1 AND w.at >= ?2 AND w.revoked_at IS NULL ORDER BY w.at DESC, w.id DESC LIMIT ?3");
  st.bind(1, member_id);
  st.bind(2, since);
  st.bind(3, limit);
  std::vector<WarningRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getInt64()});
  }
  return out;
}

std::optional<std::int64_t> ModerationRepository::revoke_latest_warning(std::int64_t member_id, std::int64_t since,
                                                                        std::optional<std::int64_t> by,
                                                                        std::int64_t at) {
  auto& find = stmts_.get(
      "SELECT id FROM warning WHERE member_id = ?1 AND at >= ?2 AND revoked_at IS NULL ORDER BY at DESC, id DESC "
      "LIMIT 1");
  find.bind(1, member_id);
  find.bind(2, since);
  if (!find.executeStep()) return std::nullopt;
  const std::int64_t id = find.getColumn(0).getInt64();
  find.reset();
  auto& st = stmts_.get("UPDATE warning SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1");
  st.bind(1, id);
  st.bind(2, at);
  if (by) st.bind(3, *by);
  st.exec();
  return id;
}

void ModerationRepository::set_sanction(std::int64_t community_id, std::int64_t member_id, const char* kind,
                                        std::int64_t until_at, const std::string& reason,
                                        std::optional<std::int64_t> actor_id, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR REPLACE INTO sanction (community_id, member_id, kind, until_at, reason, actor_id, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, kind);
  st.bind(4, until_at);
  st.bind(5, reason);
  if (actor_id) st.bind(6, *actor_id);
  st.bind(7, at);
  st.exec();
}

bool ModerationRepository::clear_sanction(std::int64_t community_id, std::int64_t member_id, const char* kind) {
  auto& st = stmts_.get("DELETE FROM sanction WHERE community_id = ?1 AND member_id = ?2 AND kind = ?3");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, kind);
  return st.exec() > 0;
}

std::optional<SanctionRow> ModerationRepository::sanction(std::int64_t community_id, std::int64_t member_id,
                                                          const char* kind, std::int64_t at) {
  auto& st = stmts_.get(
      "SELECT kind, until_at, reason, at FROM sanction WHERE community_id = ?1 AND member_id = ?2 AND kind = ?3 "
      "AND (until_at = 0 OR until_at > ?4)");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, kind);
  st.bind(4, at);
  if (!st.executeStep()) return std::nullopt;
  SanctionRow row{st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                  st.getColumn(3).getInt64()};
  st.reset();
  return row;
}

}  // namespace fanbase::storage
