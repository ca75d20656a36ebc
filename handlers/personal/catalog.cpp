#include "handlers/personal/catalog.hpp"

#include <cmath>

namespace fanbase::handlers {
namespace {

std::vector<std::string> split_tags(const std::string& stored) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < stored.size()) {
    auto end = stored.find(' ', start);
    if (end == std::string::npos) end = stored.size();
    if (end > start) out.push_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

Catalog::Catalog(std::int64_t half_life_ms, std::int64_t reference_ms)
    : half_life_ms_(std::max<std::int64_t>(1, half_life_ms)), reference_ms_(reference_ms) {}

void Catalog::put(const storage::ContentItem& c) {
  Item item{c.id, c.kind, c.title, c.url, split_tags(c.tags), c.author_id, c.created_at};
  tfidf_.add(c.id, item.title, item.tags);
  items_[c.id] = std::move(item);
}

void Catalog::remove(std::int64_t item_id) {
  items_.erase(item_id);
  tfidf_.remove(item_id);
}

void Catalog::rebase(std::int64_t at) {
  const double factor = std::exp2(static_cast<double>(reference_ms_ - at) / static_cast<double>(half_life_ms_));
  for (auto& [id, p] : popularity_) p *= factor;
  reference_ms_ = at;
}

void Catalog::add_popularity(std::int64_t item_id, double weight, std::int64_t at) {
  if (!(weight > 0)) return;
  if (reference_ms_ == 0) reference_ms_ = at;
  // Keep exponents small: 2^64 of headroom before the sums are moved to a later reference.
  if (at - reference_ms_ > 64 * half_life_ms_) rebase(at);
  popularity_[item_id] +=
      weight * std::exp2(static_cast<double>(at - reference_ms_) / static_cast<double>(half_life_ms_));
}

void Catalog::add_model_popularity(const CommunityModel& model) {
  if (reference_ms_ == 0) reference_ms_ = model.trained_at;
  if (model.trained_at - reference_ms_ > 64 * half_life_ms_) rebase(model.trained_at);
  const double factor =
      std::exp2(static_cast<double>(model.trained_at - reference_ms_) / static_cast<double>(half_life_ms_));
  for (std::size_t i = 0; i < model.item_ids.size(); ++i) {
    if (model.popularity[i] > 0) popularity_[model.item_ids[i]] += model.popularity[i] * factor;
  }
}

const Catalog::Item* Catalog::find(std::int64_t id) const {
  auto it = items_.find(id);
  return it == items_.end() ? nullptr : &it->second;
}

double Catalog::popularity(std::int64_t item_id) const {
  auto it = popularity_.find(item_id);
  return it == popularity_.end() ? 0.0 : it->second;
}

}  // namespace fanbase::handlers
