#include "handlers/personal/content_catalog.hpp"

#include <set>

#include "handlers/qa/qa_posting.hpp"
#include "handlers/personal/recommender.hpp"

namespace fanbase::handlers {

namespace {
constexpr std::size_t question_title_length = 80;

std::int64_t upsert(Services& services, storage::ContentItem& item) {
  item.id = services.store.content.upsert(item);
  if (services.recommender != nullptr) services.recommender->item_changed(item);
  return item.id;
}
}  // namespace

const char* to_string(InteractionKind kind) noexcept {
  switch (kind) {
    case InteractionKind::view: return "view";
    case InteractionKind::reply: return "reply";
    case InteractionKind::answer: return "answer";
    case InteractionKind::upvote: return "upvote";
    case InteractionKind::follow: return "follow";
    case InteractionKind::like: return "like";
    case InteractionKind::dislike: return "dislike";
    case InteractionKind::not_interested: return "not_interested";
  }
  return "?";
}

double interaction_weight(const config::InteractionWeights& w, InteractionKind kind) noexcept {
  switch (kind) {
    case InteractionKind::view: return w.view;
    case InteractionKind::reply: return w.reply;
    case InteractionKind::answer: return w.answer;
    case InteractionKind::upvote: return w.upvote;
    case InteractionKind::follow: return w.follow;
    case InteractionKind::like: return w.like;
    case InteractionKind::dislike: return w.dislike;
    case InteractionKind::not_interested: return w.not_interested;
  }
  return 0;
}

std::int64_t catalog_topic(Services& services, const Turn& turn, std::int64_t community_id, std::int64_t topic_id,
                           const std::string& title, const std::string& tags, std::optional<std::int64_t> author_id) {
  storage::ContentItem item;
  item.community_id = community_id;
  item.kind = "topic";
  item.ref_id = topic_id;
  item.title = title;
  item.tags = tags;
  item.author_id = author_id;
  item.created_at = turn.event.at_ms;
  item.source = "topic";
  return upsert(services, item);
}

std::int64_t catalog_question(Services& services, const Turn& turn, const storage::QuestionRow& question) {
  storage::ContentItem item;
  item.community_id = question.community_id;
  item.kind = "question";
  item.ref_id = question.id;
  item.title = short_title(question.text, question_title_length);
  for (const auto& t : question.tags) item.tags += (item.tags.empty() ? "" : " ") + t;
  item.author_id = question.asker_id;
  item.created_at = turn.event.at_ms;
  item.source = "question";
  return upsert(services, item);
}

std::int64_t catalog_post(Services& services, const Turn& turn, const std::string& url, const std::string& title,
                          const std::vector<std::string>& tags) {
  storage::ContentItem item;
  item.community_id = turn.community_id;
  item.kind = "post";
  item.title = title;
  item.url = url;
  for (const auto& t : tags) item.tags += (item.tags.empty() ? "" : " ") + t;
  if (turn.member.id != 0) item.author_id = turn.member.id;
  item.created_at = turn.event.at_ms;
  item.source = "command";
  return upsert(services, item);
}

std::pair<std::size_t, std::size_t> sync_feed(Services& services, const std::string& platform, const std::string& chat_id,
                                              const std::vector<storage::ContentItem>& posts, std::int64_t at) {
  auto& content = services.store.content;
  const std::int64_t community = services.store.communities.ensure(platform, chat_id, "", at);
  std::set<std::string> urls;
  for (storage::ContentItem item : posts) {
    item.community_id = community;
    item.kind = "post";
    item.source = "feed";
    item.external_id = item.url;
    item.created_at = at;
    urls.insert(item.url);
    const std::int64_t id = content.upsert(item);
    // The stored row: an unchanged post keeps its first created_at (digests must not see it as new).
    if (services.recommender != nullptr) {
      if (auto stored = content.by_id(id)) services.recommender->item_changed(*stored);
    }
  }
  std::size_t retired = 0;
  for (const auto& item : content.live(community, 100'000)) {
    if (item.source != "feed" || urls.count(item.external_id)) continue;
    if (content.retire(item.id, at)) {
      ++retired;
      if (services.recommender != nullptr) services.recommender->item_retired(community, item.id);
    }
  }
  return {posts.size(), retired};
}

void retire_subject(Services& services, const Turn& turn, const std::string& kind, std::int64_t ref_id) {
  if (const auto item = services.store.content.by_ref(turn.community_id, kind, ref_id)) {
    retire_item(services, turn, item->id);
  }
}

bool retire_item(Services& services, const Turn& turn, std::int64_t item_id) {
  const auto item = services.store.content.by_id(item_id);
  if (!item || item->community_id != turn.community_id) return false;
  if (!services.store.content.retire(item_id, turn.event.at_ms)) return false;
  if (services.recommender != nullptr) services.recommender->item_retired(item->community_id, item_id);
  return true;
}

void record_interaction(Services& services, const Turn& turn, const storage::ContentItem& item, InteractionKind kind) {
  if (turn.member.id == 0) return;
  const double weight = interaction_weight(services.config.recommender.weights, kind);
  if (weight == 0) return;
  // A like or a view counts once per member and item: pressing 👍 again must not push the item up for everyone.
  if ((kind == InteractionKind::like || kind == InteractionKind::view) &&
      services.store.content.has_interaction(turn.member.id, item.id, to_string(kind))) {
    return;
  }
  storage::InteractionRow row;
  row.community_id = item.community_id;
  row.member_id = turn.member.id;
  row.item_id = item.id;
  row.kind = to_string(kind);
  row.weight = weight;
  row.at = turn.event.at_ms;
  row.reference = turn.event.key;
  services.store.content.add_interaction(row);
  row.id = services.store.db().getLastInsertRowid();
  if (services.recommender != nullptr) services.recommender->interaction_added(row);
}

void interact_with_topic(Services& services, const Turn& turn, std::int64_t topic_id, InteractionKind kind) {
  if (turn.member.id == 0) return;
  if (const auto item = services.store.content.by_ref(turn.community_id, "topic", topic_id)) {
    record_interaction(services, turn, *item, kind);
  }
}

void interact_with_question(Services& services, const Turn& turn, std::int64_t question_id, InteractionKind kind) {
  if (turn.member.id == 0) return;
  if (const auto item = services.store.content.by_ref(turn.community_id, "question", question_id)) {
    record_interaction(services, turn, *item, kind);
  }
}

}  // namespace fanbase::handlers
