// Digests: members opt in with /digest daily|weekly|off [HOUR] and get their picks in a private message at their
// local hour ([bot].timezone), never in the quiet hours, at most [digest].max_per_week a week, and only when there
// is something new for them. DigestStage sends them on ticks. The picks: the recommender's ranking for the member
// (handlers/recommender.hpp) kept to items newer than the last digest; without a recommender, live items newer
// than the last digest that the member has not engaged with and did not write, ranked by overlap with the tags of
// what they engaged with, then by recency. Storage thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "storage/content_repository.hpp"

namespace fanbase::handlers {

std::vector<storage::ContentItem> digest_picks(Services& services, std::int64_t community_id, std::int64_t member_id,
                                               std::int64_t since, int n);

// Tick work: sends the digests that are due at this local hour.
void send_digests(Services& services, Turn& turn);

void register_digest_commands(CommandRouter& router);

}  // namespace fanbase::handlers
