// TopicRepository: themed discussions — topics, the posts that take part in them, their followers (with the
// digest each follower is owed) and the "topic of the week" entries already posted. Runs inside the caller's
// transaction. Storage thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace fanbase::storage {

struct TopicRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string title;
  std::string tags;                     // space-separated, without '#'
  std::optional<std::int64_t> starter_id;  // absent: posted by the schedule (topic of the week)
  std::string starter_name;             // display name, else @username, else user id ('' without a starter)
  std::string thread_id;                // the forum thread it is linked to ('' none)
  bool open = true;
  bool pinned = false;
  std::int64_t posts = 0;
  double hot = 0;                       // the hot score as of hot_at (handlers decay it)
  std::int64_t hot_at = 0;
  std::int64_t created_at = 0;
  std::int64_t last_post_at = 0;        // the start, or the latest post
};

struct NewTopic {
  std::int64_t community_id = 0;
  std::string title;
  std::string tags;
  std::optional<std::int64_t> starter_id;
  std::string thread_id;
  std::string reference;                // the event that started it
  std::int64_t at = 0;
};

struct TopicPost {
  std::int64_t topic_id = 0;
  std::int64_t member_id = 0;
  std::string message_id;
  const char* via = "reply";            // reply | thread
  std::string fingerprint;              // the post's near-duplicate fingerprint, encoded (text::TextFingerprint)
  std::string reference;
  std::int64_t at = 0;
  double hot = 0;                       // the topic's new hot score, as of hot_at
  std::int64_t hot_at = 0;
};

// A follower owed a digest: `pending` posts by others since the last one.
struct TopicDigest {
  std::int64_t topic_id = 0;
  std::int64_t member_id = 0;
  std::string title;
  std::string platform;
  std::string chat_id;                  // the community's chat (its language)
  std::string user_id;                  // the follower's platform id: their private chat
  bool member_left = false;
  std::int64_t pending = 0;
};

class TopicRepository {
 public:
  explicit TopicRepository(StatementCache& stmts) : stmts_(stmts) {}

  // A new open topic whose start counts as its first unit of heat (hot 1 at `at`). Returns its id.
  std::int64_t create(const NewTopic& topic);
  std::optional<TopicRow> by_id(std::int64_t community_id, std::int64_t id);
  // The open topic linked to a forum thread.
  std::optional<TopicRow> open_in_thread(std::int64_t community_id, const std::string& thread_id);
  // Every open topic of a community (the caller ranks them).
  std::vector<TopicRow> open_topics(std::int64_t community_id);
  void close(std::int64_t id, std::int64_t at);
  void set_pinned(std::int64_t id, bool pinned);

  // Stores a post, moves the topic's counters and heat, and owes every other follower one more post.
  void add_post(const TopicPost& post);
  // The fingerprint of the member's latest post in the topic ('' none).
  std::string last_post_fingerprint(std::int64_t topic_id, std::int64_t member_id);
  // Members who posted, most posts first (at most `limit` names), and how many there are.
  std::vector<std::string> participants(std::int64_t topic_id, int limit);
  std::int64_t participant_count(std::int64_t topic_id);

  // false: already following / not following.
  bool follow(std::int64_t topic_id, std::int64_t member_id, std::int64_t at);
  bool unfollow(std::int64_t topic_id, std::int64_t member_id);
  std::int64_t follower_count(std::int64_t topic_id);
  // Followers on `platform` owed posts whose last digest was at or before `last_before`.
  std::vector<TopicDigest> due_digests(const std::string& platform, std::int64_t last_before, int limit);
  void mark_digested(std::int64_t topic_id, std::int64_t member_id, std::int64_t at);

  // Topic of the week: whether entry `entry` was posted in local week `week`, and recording that it was.
  bool weekly_posted(const std::string& entry, std::int64_t week);
  void record_weekly(const std::string& entry, std::int64_t week, std::int64_t topic_id, std::int64_t at);

 private:
  StatementCache& stmts_;
};

}  // namespace fanbase::storage
