#include "storage/digest_repository.hpp"

namespace fanbase::storage {

bool DigestRepository::set(std::int64_t community_id, std::int64_t member_id, const std::string& frequency,
                           int hour) {
  if (frequency == "off") {
    // Kept (with what was sent when): subscribing again the same day must not send the same digest twice or
    // reset the weekly cap.
    auto& st = stmts_.get(
        "UPDATE member_digest SET frequency = 'off' WHERE community_id = ?1 AND member_id = ?2 AND frequency <> 'off'");
    st.bind(1, community_id);
    st.bind(2, member_id);
    return st.exec() > 0;
  }
  auto& st = stmts_.get(
      "INSERT INTO member_digest (community_id, member_id, frequency, hour) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (community_id, member_id) DO UPDATE SET frequency = excluded.frequency, hour = excluded.hour");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, frequency);
  st.bind(4, hour);
  st.exec();
  return true;
}

std::optional<DigestRow> DigestRepository::of(std::int64_t community_id, std::int64_t member_id) {
  auto& st = stmts_.get(
      "SELECT d.community_id, d.member_id, m.user_id, d.frequency, d.hour, d.last_sent_at, d.last_check_at, d.week, "
      "d.sent_in_week FROM member_digest d JOIN member m ON m.id = d.member_id "
      "WHERE d.community_id = ?1 AND d.member_id = ?2");
  st.bind(1, community_id);
  st.bind(2, member_id);
  if (!st.executeStep()) return std::nullopt;
  DigestRow r{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
              st.getColumn(3).getString(), st.getColumn(4).getInt(), st.getColumn(5).getInt64(),
              st.getColumn(6).getInt64(), st.getColumn(7).getInt64(), st.getColumn(8).getInt()};
  st.reset();
  return r;
}

std::vector<DigestRow> DigestRepository::subscribed(std::int64_t community_id) {
  auto& st = stmts_.get(
      "SELECT d.community_id, d.member_id, m.user_id, d.frequency, d.hour, d.last_sent_at, d.last_check_at, d.week, "
      "d.sent_in_week FROM member_digest d JOIN member m ON m.id = d.member_id "
      "WHERE d.community_id = ?1 AND d.frequency <> 'off' AND m.status = 'member' ORDER BY d.member_id");
  st.bind(1, community_id);
  std::vector<DigestRow> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getInt(), st.getColumn(5).getInt64(),
                   st.getColumn(6).getInt64(), st.getColumn(7).getInt64(), st.getColumn(8).getInt()});
  }
  return out;
}

DigestRepository::Community DigestRepository::community(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT title, chat_id, platform FROM community WHERE id = ?1");
  st.bind(1, community_id);
  if (!st.executeStep()) return {};
  Community c{st.getColumn(0).getString(), st.getColumn(2).getString(), st.getColumn(1).getString()};
  if (c.title.empty()) c.title = c.chat_id;
  st.reset();
  return c;
}

void DigestRepository::checked(std::int64_t community_id, std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE member_digest SET last_check_at = ?3 WHERE community_id = ?1 AND member_id = ?2");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, at);
  st.exec();
}

void DigestRepository::sent(std::int64_t community_id, std::int64_t member_id, std::int64_t at, std::int64_t week,
                            int sent_in_week) {
  auto& st = stmts_.get(
      "UPDATE member_digest SET last_sent_at = ?3, last_check_at = ?3, week = ?4, sent_in_week = ?5 "
      "WHERE community_id = ?1 AND member_id = ?2");
  st.bind(1, community_id);
  st.bind(2, member_id);
  st.bind(3, at);
  st.bind(4, week);
  st.bind(5, sent_in_week);
  st.exec();
}

}  // namespace fanbase::storage
