#include "handlers/personal/community_model.hpp"

#include <algorithm>
#include <cmath>

#include "base/time.hpp"

namespace fanbase::handlers {
std::size_t CommunityModel::memory_bytes() const {
  // unordered_map: a node (key, value, next pointer, cached hash) per entry plus a bucket pointer.
  constexpr std::size_t node = 2 * sizeof(std::int64_t) + 2 * sizeof(void*);
  return sizeof(*this) + als.memory_bytes() + (item_ids.size() + member_ids.size()) * sizeof(std::int64_t) +
         (item_index.size() + user_index.size()) * (node + sizeof(void*)) + popularity.size() * sizeof(double);
}

std::shared_ptr<const CommunityModel> train_community(std::int64_t community_id,
                                                      const std::vector<storage::InteractionRow>& rows,
                                                      const config::RecommenderConfig& config, std::int64_t at) {
  auto m = std::make_shared<CommunityModel>();
  m->community_id = community_id;
  m->trained_at = at;
  for (const auto& r : rows) {
    m->item_ids.push_back(r.item_id);
    m->member_ids.push_back(r.member_id);
    m->watermark = std::max(m->watermark, r.id);
  }
  for (auto* ids : {&m->item_ids, &m->member_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  m->item_index.reserve(m->item_ids.size());
  for (std::size_t i = 0; i < m->item_ids.size(); ++i) m->item_index.emplace(m->item_ids[i], static_cast<int>(i));
  m->user_index.reserve(m->member_ids.size());
  for (std::size_t i = 0; i < m->member_ids.size(); ++i) m->user_index.emplace(m->member_ids[i], static_cast<int>(i));

  ml::Interactions in;
  in.users = static_cast<int>(m->member_ids.size());
  in.items = static_cast<int>(m->item_ids.size());
  in.triples.reserve(rows.size());
  m->popularity.assign(m->item_ids.size(), 0.0);
  const double half_life = static_cast<double>(std::max(1, config.popularity_half_life_days)) * day_ms;
  for (const auto& r : rows) {
    const int item = m->item_index.at(r.item_id);
    in.triples.push_back({m->user_index.at(r.member_id), item, static_cast<float>(r.weight)});
    if (r.weight > 0) m->popularity[static_cast<std::size_t>(item)] += r.weight * std::exp2((r.at - at) / half_life);
  }
  auto matrix = ml::SparseMatrix::build(in);
  if (!matrix) throw std::logic_error("recommender: interactions the ALS matrix refused: " + matrix.error().key);
  m->als = ml::AlsModel::train(*matrix, als_options(config));
  return m;
}

ml::AlsOptions als_options(const config::RecommenderConfig& config) {
  ml::AlsOptions options;
  options.factors = config.factors;
  options.lambda = static_cast<float>(config.lambda);
  options.alpha = static_cast<float>(config.alpha);
  options.iterations = config.iterations;
  options.cg_steps = config.cg_steps;
  options.threads = config.threads;
  return options;
}

}  // namespace fanbase::handlers
