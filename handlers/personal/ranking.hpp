// rank_picks: the pure ranking behind /recommend and digests — ALS for members with enough interactions (fold-in
// when the member is newer than the model), else TF-IDF tag similarity to what they engaged with, then
// time-decayed popularity; seen, own, retired and negatively rated items excluded; an MMR re-rank over tag overlap.
// No storage; any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <utility>

#include "handlers/personal/catalog.hpp"
#include "handlers/personal/community_model.hpp"

namespace fanbase::handlers {

// Why an item was picked: a catalogue key and its argument.
struct Pick {
  std::int64_t item_id = 0;
  double relevance = 0;      // in [0, 1]: 2/3.. from ALS, 1/3.. from tag similarity, below from popularity
  std::string reason_key;    // rec.reason.als | rec.reason.tag | rec.reason.similar | rec.reason.popular | rec.reason.new
  std::string reason_arg;    // the tag for rec.reason.tag
};

struct RankRequest {
  std::int64_t member_id = 0;
  // Every item the member interacted with, and whether any of those interactions was negative.
  std::vector<std::pair<std::int64_t, bool>> history;
  int n = 5;
  int cold_start_interactions = 5;
  double diversity = 0.3;
};

// The picks for one member, best first: at most n, never an item in `history`, their own, or absent from the
// catalog (retired). `model` may be null.
std::vector<Pick> rank_picks(const RankRequest& request, const Catalog& catalog, const CommunityModel* model);

}  // namespace fanbase::handlers
