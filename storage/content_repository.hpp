// ContentRepository: the content catalogue (topics, questions, owners' posts, imported questions) and the implicit
// feedback members give on it, for the recommender. Runs inside the caller's transaction. Storage thread only
// (and the recommender's trainer reads a snapshot through its own read-only connection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct ContentItem {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string kind;                 // post | topic | question
  std::optional<std::int64_t> ref_id;
  std::string title;
  std::string url;
  std::string tags;                 // space-separated, lower case
  std::optional<std::int64_t> author_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;
  std::string source;
  std::string external_id;
};

struct InteractionRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::int64_t member_id = 0;
  std::int64_t item_id = 0;
  std::string kind;
  double weight = 0;
  std::int64_t at = 0;
  std::string reference;            // the event key (not read back)
};

class ContentRepository {
 public:
  explicit ContentRepository(StatementCache& stmts) : stmts_(stmts) {}

  // Inserts, or updates title/url/tags (and un-retires) the item with the same (community, kind, ref_id) or the same
  // (community, source, external_id). Returns its id.
  std::int64_t upsert(const ContentItem& item);
  std::optional<ContentItem> by_id(std::int64_t id);
  std::optional<ContentItem> by_ref(std::int64_t community_id, const std::string& kind, std::int64_t ref_id);
  // Live items of a community, newest first.
  std::vector<ContentItem> live(std::int64_t community_id, int limit);
  // Live posts (kind 'post': owners' and the feed's) of a community, oldest first (/post add's duplicate check).
  std::vector<ContentItem> live_posts(std::int64_t community_id);
  bool retire(std::int64_t id, std::int64_t at);

  void add_interaction(const InteractionRow& row);
  // Communities that have any interaction (the recommender watches them for retraining after a restart).
  std::vector<std::int64_t> communities_with_interactions();
  bool has_interaction(std::int64_t member_id, std::int64_t item_id, const std::string& kind);
  // Every interaction of a community with id > after_id, in id order (incremental training reads).
  std::vector<InteractionRow> interactions(std::int64_t community_id, std::int64_t after_id, int limit);
  // The items a member has interacted with, and whether any of their interactions with each was negative.
  std::vector<std::pair<std::int64_t, bool>> items_of(std::int64_t member_id);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
