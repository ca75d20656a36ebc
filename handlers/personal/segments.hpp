// Member segments and profiles. compute_segments: activity features per member (days since last seen, messages
// per day of membership, lifetime points, messages, answers, accepted answers, topics followed, best check-in
// streak, days since joining) → standardised → (PCA) → k-means++ with restarts (ml/kmeans) → segments named by
// their centroids' engagement (k = 3: high-interaction, active, potential), stored with each segment's typical
// features. Deterministic: time features in whole days, members in a canonical order (features, then user id),
// k-means seeded. Staff (owners, moderators, trusted platform administrators) are left out. The tick recomputes
// at most every [segments].refresh_hours; an owner's "/segments refresh" recomputes at once.
// Commands: /profile (segment, level, interests), owner /segments [refresh] (size and typical features), owner
// /announce --segment NAME TEXT (a private message to each member of the segment, through the outbox and its
// rate limits; the members /segments counts, so the count shown is the count sent). Storage thread only.
#pragma once

#include <cstdint>

#include "bot/core/turn.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

// Computes and stores a community's segments at `at`; returns the number of members segmented (0: nobody yet).
std::size_t compute_segments(Services& services, std::int64_t community_id, std::int64_t at);

// Tick work: recomputes the segments of every community of the tick's platform whose segments are stale.
void refresh_segments(Services& services, Turn& turn);

void register_segment_commands(CommandRouter& router);

}  // namespace fanbase::handlers
