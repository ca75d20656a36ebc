// Catalog: the live content items of one community as the ranking sees them — titles and tags in a TF-IDF index,
// and each item's time-decayed popularity. Storage thread only (the bench builds one by hand).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "handlers/personal/community_model.hpp"
#include "ml/tfidf.hpp"
#include "storage/content_repository.hpp"

namespace fanbase::handlers {

// The live items of one community, for ranking. Storage thread only (the bench builds one by hand).
class Catalog {
 public:
  struct Item {
    std::int64_t id = 0;
    std::string kind;
    std::string title;
    std::string url;
    std::vector<std::string> tags;
    std::optional<std::int64_t> author_id;
    std::int64_t created_at = 0;
  };

  explicit Catalog(std::int64_t half_life_ms, std::int64_t reference_ms = 0);
  void put(const storage::ContentItem& item);
  void remove(std::int64_t item_id);
  // A positive weight adds w · 2^((at - reference) / half-life) to the item's popularity; others are ignored.
  void add_popularity(std::int64_t item_id, double weight, std::int64_t at);
  // Adds a model's popularity (relative to its trained_at).
  void add_model_popularity(const CommunityModel& model);

  const Item* find(std::int64_t id) const;
  const std::unordered_map<std::int64_t, Item>& items() const { return items_; }
  const ml::TfidfIndex& tfidf() const { return tfidf_; }
  // Relative popularity (comparable across items of this catalog only).
  double popularity(std::int64_t item_id) const;

  std::int64_t watermark = 0;  // the largest interaction id counted in popularity

 private:
  void rebase(std::int64_t at);
  std::int64_t half_life_ms_;
  std::int64_t reference_ms_;
  std::unordered_map<std::int64_t, Item> items_;
  ml::TfidfIndex tfidf_;
  std::unordered_map<std::int64_t, double> popularity_;
};

}  // namespace fanbase::handlers
