// CommunityModel: one community's trained recommender (ALS factors, id maps, popularity as of training), and
// train_community, which builds it from the community's interactions. Pure; the trainer thread builds, any thread reads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.hpp"
#include "ml/als.hpp"
#include "storage/content_repository.hpp"

namespace fanbase::handlers {

// One community's trained model. Immutable once published; any number of threads read it.
struct CommunityModel {
  std::int64_t community_id = 0;
  std::int64_t watermark = 0;   // the largest interaction id it was trained on
  std::int64_t trained_at = 0;  // event time of the tick that asked for it (popularity's reference time)
  ml::AlsModel als;
  std::vector<std::int64_t> item_ids;                // ALS item index → content item id
  std::vector<std::int64_t> member_ids;              // ALS user index → member id
  std::unordered_map<std::int64_t, int> item_index;  // content item id → ALS item index
  std::unordered_map<std::int64_t, int> user_index;  // member id → ALS user index
  std::vector<double> popularity;                    // per ALS item: sum of w · 2^((at - trained_at) / half-life)

  std::size_t memory_bytes() const;
};

struct ModelSet {
  std::unordered_map<std::int64_t, std::shared_ptr<const CommunityModel>> by_community;
};

// Builds a community's model from its interactions (any order). Pure; runs on the trainer thread.
std::shared_ptr<const CommunityModel> train_community(std::int64_t community_id,
                                                      const std::vector<storage::InteractionRow>& rows,
                                                      const config::RecommenderConfig& config, std::int64_t at);

// The ALS hyper-parameters of [recommender] (the live trainer and the offline evaluation use the same).
ml::AlsOptions als_options(const config::RecommenderConfig& config);

}  // namespace fanbase::handlers
