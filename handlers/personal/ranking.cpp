#include "handlers/personal/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace fanbase::handlers {
namespace {

constexpr std::size_t profile_items = 20;       // the latest positive items that describe a cold member

double tag_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& t : a) common += static_cast<std::size_t>(std::count(b.begin(), b.end(), t));
  const std::size_t all = a.size() + b.size() - common;
  return all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
}

}  // namespace

std::vector<Pick> rank_picks(const RankRequest& req, const Catalog& catalog, const CommunityModel* model) {
  std::unordered_set<std::int64_t> seen;
  std::vector<std::int64_t> positives;
  seen.reserve(req.history.size() * 2);
  for (const auto& [id, negative] : req.history) {
    seen.insert(id);
    if (!negative) positives.push_back(id);
  }
  const auto eligible = [&](std::int64_t id) -> const Catalog::Item* {
    const Catalog::Item* item = catalog.find(id);
    if (item == nullptr || seen.count(id) != 0) return nullptr;
    if (item->author_id && *item->author_id == req.member_id) return nullptr;
    return item;
  };
  const int n = std::max(0, req.n);
  const std::size_t pool = static_cast<std::size_t>(std::max(n * 4, 20));
  std::vector<Pick> candidates;
  std::unordered_set<std::int64_t> in_pool;

  // 1. ALS: members with enough interactions; members newer than the model are folded in.
  if (model != nullptr && model->als.items() > 0 && positives.size() >= static_cast<std::size_t>(req.cold_start_interactions) &&
      !positives.empty()) {
    std::vector<std::pair<int, float>> top;
    const auto exclude = [&](int index) {
      return eligible(model->item_ids[static_cast<std::size_t>(index)]) == nullptr;
    };
    const int k = static_cast<int>(pool);
    if (auto u = model->user_index.find(req.member_id); u != model->user_index.end()) {
      model->als.top_n(u->second, k, exclude, top);
    } else {
      std::vector<std::pair<int, float>> known;
      for (const auto id : positives) {
        if (auto i = model->item_index.find(id); i != model->item_index.end()) known.emplace_back(i->second, 1.0f);
      }
      std::sort(known.begin(), known.end());
      if (!known.empty()) {
        const Eigen::VectorXf v = model->als.fold_in(known);
        if (v.squaredNorm() > 0) model->als.top_n_for(v, k, exclude, top);
      }
    }
    float best = 0;
    for (const auto& [i, s] : top) best = std::max(best, s);
    for (const auto& [i, s] : top) {
      if (!(s > 0)) continue;
      const std::int64_t id = model->item_ids[static_cast<std::size_t>(i)];
      candidates.push_back({id, (2.0 + static_cast<double>(s / best)) / 3.0, "rec.reason.als", {}});
      in_pool.insert(id);
    }
  }

  // 2. Tag similarity: TF-IDF over the titles and tags of the latest things the member engaged with.
  if (candidates.size() < pool && !positives.empty()) {
    std::string text;
    std::vector<std::string> tags;
    std::unordered_map<std::string, int> tag_count;
    std::size_t used = 0;
    for (auto it = positives.rbegin(); it != positives.rend() && used < profile_items; ++it) {
      const Catalog::Item* item = catalog.find(*it);
      if (item == nullptr) continue;
      ++used;
      text += item->title;
      text += '\n';
      for (const auto& t : item->tags) {
        if (tag_count[t]++ == 0) tags.push_back(t);
      }
    }
    if (used > 0) {
      const auto hits = catalog.tfidf().similar(text, tags, pool + seen.size() + 8, 0.0);
      for (const auto& hit : hits) {
        if (candidates.size() >= pool) break;
        const Catalog::Item* item = eligible(hit.id);
        if (item == nullptr || in_pool.count(hit.id) != 0) continue;
        const std::string* shared = nullptr;  // the shared tag the member engaged with most
        int shared_count = 0;
        for (const auto& t : item->tags) {
          auto c = tag_count.find(t);
          if (c != tag_count.end() && c->second > shared_count) {
            shared = &c->first;
            shared_count = c->second;
          }
        }
        candidates.push_back({hit.id, (1.0 + std::min(1.0, hit.score)) / 3.0,
                              shared ? "rec.reason.tag" : "rec.reason.similar", shared ? *shared : std::string{}});
        in_pool.insert(hit.id);
      }
    }
  }

  // 3. Time-decayed popularity, then the newest: the fallback that always has something.
  if (candidates.size() < pool) {
    struct Scored {
      double popularity;
      std::int64_t created_at;
      std::int64_t id;
    };
    std::vector<Scored> all;
    all.reserve(catalog.items().size());
    for (const auto& [id, item] : catalog.items()) {
      if (in_pool.count(id) != 0 || eligible(id) == nullptr) continue;
      all.push_back({catalog.popularity(id), item.created_at, id});
    }
    const std::size_t want = std::min(all.size(), pool - candidates.size());
    const auto better = [](const Scored& a, const Scored& b) {
      if (a.popularity != b.popularity) return a.popularity > b.popularity;
      if (a.created_at != b.created_at) return a.created_at > b.created_at;
      return a.id > b.id;
    };
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(want), all.end(), better);
    const double best = want > 0 ? all.front().popularity : 0;
    for (std::size_t i = 0; i < want; ++i) {
      const bool popular = all[i].popularity > 0 && best > 0;
      // Below every tag-similarity pick; among themselves by popularity, the unrated ones by recency.
      const double rel = popular ? (0.05 + 0.95 * all[i].popularity / best) / 3.0
                                 : 0.04 / 3.0 * (1.0 - static_cast<double>(i) / static_cast<double>(want + 1));
      candidates.push_back({all[i].id, rel, popular ? "rec.reason.popular" : "rec.reason.new", {}});
    }
  }

  // 4. Maximal marginal relevance: (1 - diversity) · relevance - diversity · max tag overlap with earlier picks.
  const double d = std::clamp(req.diversity, 0.0, 1.0);
  std::vector<Pick> picks;
  std::vector<const Catalog::Item*> picked_items;
  std::vector<bool> taken(candidates.size(), false);
  while (picks.size() < static_cast<std::size_t>(n)) {
    std::size_t best = candidates.size();
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i]) continue;
      const Catalog::Item* item = catalog.find(candidates[i].item_id);
      double overlap = 0;
      for (const auto* p : picked_items) overlap = std::max(overlap, tag_overlap(item->tags, p->tags));
      const double score = (1.0 - d) * candidates[i].relevance - d * overlap;
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    if (best == candidates.size()) break;
    taken[best] = true;
    picked_items.push_back(catalog.find(candidates[best].item_id));
    picks.push_back(candidates[best]);
  }
  return picks;
}

}  // namespace fanbase::handlers
