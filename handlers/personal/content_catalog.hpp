// Content catalogue and implicit feedback: the one path by which topics, questions and owners' posts become
// content items, and by which members' interactions with them are recorded (with their [recommender.weights]
// confidence) for the recommender. The Q&A and topic code calls these with one line each; they run on the storage
// thread inside the event's transaction, so an item or an interaction commits or rolls back with its event. The
// recommender's in-memory catalogue is told about every change (and dropped on a rollback).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"
#include "storage/content_repository.hpp"
#include "storage/qa_repository.hpp"

namespace fanbase::handlers {

enum class InteractionKind { view, reply, answer, upvote, follow, like, dislike, not_interested };
const char* to_string(InteractionKind kind) noexcept;
double interaction_weight(const config::InteractionWeights& weights, InteractionKind kind) noexcept;

// Upserts the item of a topic (tags: space-separated, as topics store them); returns its id.
std::int64_t catalog_topic(Services& services, const Turn& turn, std::int64_t community_id, std::int64_t topic_id,
                           const std::string& title, const std::string& tags, std::optional<std::int64_t> author_id);
// Upserts the item of a question (title: its first line, shortened); returns its id.
std::int64_t catalog_question(Services& services, const Turn& turn, const storage::QuestionRow& question);
// An owner's post (/post add); returns its id.
std::int64_t catalog_post(Services& services, const Turn& turn, const std::string& url, const std::string& title,
                          const std::vector<std::string>& tags);
// The content feed file's posts for a chat: upserted (source "feed", keyed by url), and the chat's feed posts no
// longer in the file retired. Runs as its own storage job (not an event). Returns {added or updated, retired}.
std::pair<std::size_t, std::size_t> sync_feed(Services& services, const std::string& platform, const std::string& chat_id,
                                              const std::vector<storage::ContentItem>& posts, std::int64_t at);

// A closed topic or question is no longer recommended: its item is retired (nothing when it has none).
void retire_subject(Services& services, const Turn& turn, const std::string& kind, std::int64_t ref_id);

// Retires a live item of the turn's community; false when there is none.
bool retire_item(Services& services, const Turn& turn, std::int64_t item_id);

// Records the turn's member's interaction with an item (same transaction as the event). A weight of 0 records
// nothing.
void record_interaction(Services& services, const Turn& turn, const storage::ContentItem& item, InteractionKind kind);
// The same for the item of a topic or a question; nothing when it has no item (content from before the catalogue).
void interact_with_topic(Services& services, const Turn& turn, std::int64_t topic_id, InteractionKind kind);
void interact_with_question(Services& services, const Turn& turn, std::int64_t question_id, InteractionKind kind);

}  // namespace fanbase::handlers
