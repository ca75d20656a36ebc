#include "storage/segment_repository.hpp"

namespace fanbase::storage {

std::vector<MemberFeatures> SegmentRepository::features(std::int64_t community_id) {
  // One pass per source, joined by member: activity counters (answers, accepted answers, check-in streaks) and the
  // topics followed. Computed once a day per community, so a full scan of the community's members is fine.
  auto& st = stmts_.get(
      "SELECT m.id, m.user_id, m.joined_at, m.last_seen_at, m.earned, m.msg_count, "
      "coalesce((SELECT count FROM member_activity WHERE member_id = m.id AND kind = 'answer'), 0), "
      "coalesce((SELECT count FROM member_activity WHERE member_id = m.id AND kind = 'accepted_answer'), 0), "
      "(SELECT count(*) FROM topic_follower f WHERE f.member_id = m.id), "
      "coalesce((SELECT best_streak FROM member_activity WHERE member_id = m.id AND kind = 'checkin'), 0), "
      "m.platform_admin "
      "FROM member m WHERE m.community_id = ?1 AND m.status = 'member' ORDER BY m.id");
  st.bind(1, community_id);
  std::vector<MemberFeatures> out;
  while (st.executeStep()) {
    MemberFeatures f;
    f.member_id = st.getColumn(0).getInt64();
    f.user_id = st.getColumn(1).getString();
    f.joined_at = st.getColumn(2).getInt64();
    f.last_seen_at = st.getColumn(3).getInt64();
    f.earned = st.getColumn(4).getInt64();
    f.messages = st.getColumn(5).getInt64();
    f.answers = st.getColumn(6).getInt64();
    f.accepted_answers = st.getColumn(7).getInt64();
    f.topics_followed = st.getColumn(8).getInt64();
    f.checkin_streak = st.getColumn(9).getInt64();
    f.platform_admin = st.getColumn(10).getInt() != 0;
    out.push_back(std::move(f));
  }
  return out;
}

void SegmentRepository::replace(std::int64_t community_id,
                                const std::vector<std::pair<std::int64_t, std::string>>& assignments,
                                const std::vector<SegmentSummary>& summaries, std::int64_t at) {
  auto& clear = stmts_.get("DELETE FROM member_segment WHERE community_id = ?1");
  clear.bind(1, community_id);
  clear.exec();
  auto& clear_summaries = stmts_.get("DELETE FROM segment_summary WHERE community_id = ?1");
  clear_summaries.bind(1, community_id);
  clear_summaries.exec();
  for (const auto& [member_id, segment] : assignments) {
    auto& st = stmts_.get(
        "INSERT INTO member_segment (community_id, member_id, segment, computed_at) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, community_id);
    st.bind(2, member_id);
    st.bind(3, segment);
    st.bind(4, at);
    st.exec();
  }
  for (const auto& s : summaries) {
    auto& st = stmts_.get(
        "INSERT INTO segment_summary (community_id, segment, rank, size, centroid, computed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, community_id);
    st.bind(2, s.segment);
    st.bind(3, s.rank);
    st.bind(4, s.size);
    st.bind(5, s.centroid);
    st.bind(6, at);
    st.exec();
  }
}

std::optional<std::string> SegmentRepository::segment_of(std::int64_t community_id, std::int64_t member_id) {
  auto& st = stmts_.get("SELECT segment FROM member_segment WHERE community_id = ?1 AND member_id = ?2");
  st.bind(1, community_id);
  st.bind(2, member_id);
  if (!st.executeStep()) return std::nullopt;
  std::string s = st.getColumn(0).getString();
  st.reset();
  return s;
}

std::vector<SegmentSummary> SegmentRepository::summaries(std::int64_t community_id) {
  auto& st = stmts_.get(
      "SELECT segment, rank, size, centroid, computed_at FROM segment_summary WHERE community_id = ?1 ORDER BY rank");
  st.bind(1, community_id);
  std::vector<SegmentSummary> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt(), st.getColumn(2).getInt64(),
                   st.getColumn(3).getString(), st.getColumn(4).getInt64()});
  }
  return out;
}

std::int64_t SegmentRepository::computed_at(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT coalesce(max(computed_at), 0) FROM segment_summary WHERE community_id = ?1");
  st.bind(1, community_id);
  st.executeStep();
  const std::int64_t at = st.getColumn(0).getInt64();
  st.reset();
  return at;
}

std::vector<SegmentMember> SegmentRepository::members_in(std::int64_t community_id, const std::string& segment) {
  auto& st = stmts_.get(
      "SELECT m.user_id, m.platform_admin FROM member_segment s JOIN member m ON m.id = s.member_id "
      "WHERE s.community_id = ?1 AND s.segment = ?2 AND m.status = 'member' ORDER BY m.id");
  st.bind(1, community_id);
  st.bind(2, segment);
  std::vector<SegmentMember> out;
  while (st.executeStep()) out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt() != 0});
  return out;
}

std::optional<CommunityChat> SegmentRepository::chat_of(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT platform, chat_id FROM community WHERE id = ?1");
  st.bind(1, community_id);
  if (!st.executeStep()) return std::nullopt;
  CommunityChat c{st.getColumn(0).getString(), st.getColumn(1).getString()};
  st.reset();
  return c;
}

std::vector<std::int64_t> SegmentRepository::communities(const std::string& platform) {
  auto& st = stmts_.get("SELECT id FROM community WHERE platform = ?1 ORDER BY id");
  st.bind(1, platform);
  std::vector<std::int64_t> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
  return out;
}

std::vector<std::string> SegmentRepository::interest_tags(std::int64_t member_id, int limit) {
  auto& st = stmts_.get(
      "SELECT c.tags FROM interaction i JOIN content_item c ON c.id = i.item_id "
      "WHERE i.member_id = ?1 AND i.weight > 0 AND c.tags <> '' ORDER BY i.id DESC LIMIT ?2");
  st.bind(1, member_id);
  st.bind(2, limit);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

}  // namespace fanbase::storage
