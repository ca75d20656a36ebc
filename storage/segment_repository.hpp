// SegmentRepository: the activity features member segments are computed from, and the stored segments (the latest
// assignment per member and each segment's summary). Runs inside the caller's transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct MemberFeatures {
  std::int64_t member_id = 0;
  std::string user_id;
  std::int64_t joined_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t earned = 0;           // lifetime points
  std::int64_t messages = 0;
  std::int64_t answers = 0;
  std::int64_t accepted_answers = 0;
  std::int64_t topics_followed = 0;
  std::int64_t checkin_streak = 0;   // best streak
  bool platform_admin = false;       // an administrator on the platform (staff when the config trusts them)
};

// A member of a stored segment, as /segments counts and /announce reaches them.
struct SegmentMember {
  std::string user_id;
  bool platform_admin = false;
};

// The chat a community is: its platform and chat id (where its owners and moderators are configured).
struct CommunityChat {
  std::string platform;
  std::string chat_id;
};

struct SegmentSummary {
  std::string segment;
  int rank = 0;                      // 1 = the most engaged
  std::int64_t size = 0;
  std::string centroid;              // "feature=value;..." in the features' units
  std::int64_t computed_at = 0;
};

class SegmentRepository {
 public:
  explicit SegmentRepository(StatementCache& stmts) : stmts_(stmts) {}

  // Members still in the community (status 'member'), with their features, by member id.
  std::vector<MemberFeatures> features(std::int64_t community_id);
  // Replaces the community's segments: every assignment (member id, segment) and the summaries.
  void replace(std::int64_t community_id, const std::vector<std::pair<std::int64_t, std::string>>& assignments,
               const std::vector<SegmentSummary>& summaries, std::int64_t at);
  std::optional<std::string> segment_of(std::int64_t community_id, std::int64_t member_id);
  std::vector<SegmentSummary> summaries(std::int64_t community_id);  // by rank
  std::int64_t computed_at(std::int64_t community_id);               // 0: never
  // The segment's members who are still in the community (status 'member'), by member id.
  std::vector<SegmentMember> members_in(std::int64_t community_id, const std::string& segment);
  std::optional<CommunityChat> chat_of(std::int64_t community_id);
  // The communities of a platform (for the segment refresh on ticks).
  std::vector<std::int64_t> communities(const std::string& platform);
  // The tags of the content a member engaged with positively, one entry per interaction (for /profile).
  std::vector<std::string> interest_tags(std::int64_t member_id, int limit);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
