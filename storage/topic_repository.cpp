#include "storage/topic_repository.hpp"

#include <stdexcept>

namespace fanbase::storage {
namespace {

// The columns every topic read selects, in read_topic's order; `m` is the starter (LEFT JOIN).
#define FANBASE_TOPIC_COLUMNS                                                                              \
  "t.id, t.community_id, t.title, t.tags, t.starter_id, "                                                  \
  "coalesce(nullif(m.display_name, ''), CASE WHEN m.username <> '' THEN '@' || m.username END, m.user_id, " \
  "''), t.thread_id, t.status, t.pinned, t.posts, t.hot, t.hot_at, t.created_at, t.last_post_at "

TopicRow read_topic(SQLite::Statement& st) {
  TopicRow t;
  t.id = st.getColumn(0).getInt64();
  t.community_id = st.getColumn(1).getInt64();
  t.title = st.getColumn(2).getString();
  t.tags = st.getColumn(3).getString();
  if (!st.getColumn(4).isNull()) t.starter_id = st.getColumn(4).getInt64();
  t.starter_name = st.getColumn(5).getString();
  t.thread_id = st.getColumn(6).getString();
  t.open = st.getColumn(7).getString() == "open";
  t.pinned = st.getColumn(8).getInt() != 0;
  t.posts = st.getColumn(9).getInt64();
  t.hot = st.getColumn(10).getDouble();
  t.hot_at = st.getColumn(11).getInt64();
  t.created_at = st.getColumn(12).getInt64();
  t.last_post_at = st.getColumn(13).getInt64();
  return t;
}

std::optional<TopicRow> one(SQLite::Statement& st) {
  if (!st.executeStep()) return std::nullopt;
  TopicRow t = read_topic(st);
  st.reset();
  return t;
}

std::int64_t single_int(SQLite::Statement& st) {
  st.executeStep();
  const std::int64_t v = st.getColumn(0).getInt64();
  st.reset();
  return v;
}

}  // namespace

std::int64_t TopicRepository::create(const NewTopic& topic) {
  auto& st = stmts_.get(
      "INSERT INTO topic (community_id, title, tags, starter_id, thread_id, hot, hot_at, created_at, last_post_at, "
      "reference) VALUES (?1, ?2, ?3, ?4, ?5, 1.0, ?6, ?6, ?6, ?7)");
  st.bind(1, topic.community_id);
  st.bind(2, topic.title);
  st.bind(3, topic.tags);
  if (topic.starter_id) {
    st.bind(4, *topic.starter_id);
  } else {
    st.bind(4);
  }
  st.bind(5, topic.thread_id);
  st.bind(6, topic.at);
  st.bind(7, topic.reference);
  st.exec();
  return stmts_.db().getLastInsertRowid();
}

std::optional<TopicRow> TopicRepository::by_id(std::int64_t community_id, std::int64_t id) {
  auto& st = stmts_.get("SELECT " FANBASE_TOPIC_COLUMNS
                        "FROM topic t LEFT JOIN member m ON m.id = t.starter_id WHERE t.id = ?1 AND t.community_id = ?2");
  st.bind(1, id);
  st.bind(2, community_id);
  return one(st);
}

std::optional<TopicRow> TopicRepository::open_in_thread(std::int64_t community_id, const std::string& thread_id) {
  // The literal conditions match the partial index topic_by_thread.
  auto& st = stmts_.get("SELECT " FANBASE_TOPIC_COLUMNS
                        "FROM topic t LEFT JOIN member m ON m.id = t.starter_id WHERE t.community_id = ?1 AND "
                        "t.thread_id = ?2 AND t.thread_id <> '' AND t.status = 'open'");
  st.bind(1, community_id);
  st.bind(2, thread_id);
  return one(st);
}

std::vector<TopicRow> TopicRepository::open_topics(std::int64_t community_id) {
  auto& st = stmts_.get("SELECT " FANBASE_TOPIC_COLUMNS
                        "FROM topic t LEFT JOIN member m ON m.id = t.starter_id WHERE t.community_id = ?1 AND "
                        "t.status = 'open'");
  st.bind(1, community_id);
  std::vector<TopicRow> out;
  while (st.executeStep()) out.push_back(read_topic(st));
  st.reset();
  return out;
}

void TopicRepository::close(std::int64_t id, std::int64_t at) {
  auto& st = stmts_.get("UPDATE topic SET status = 'closed', pinned = 0, closed_at = ?2 WHERE id = ?1");
  st.bind(1, id);
  st.bind(2, at);
  st.exec();
}

void TopicRepository::set_pinned(std::int64_t id, bool pinned) {
  auto& st = stmts_.get("UPDATE topic SET pinned = ?2 WHERE id = ?1");
  st.bind(1, id);
  st.bind(2, pinned ? 1 : 0);
  st.exec();
}

void TopicRepository::add_post(const TopicPost& post) {
  auto& insert = stmts_.get(
      "INSERT INTO topic_post (topic_id, member_id, message_id, via, fingerprint, at, reference) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert.bind(1, post.topic_id);
  insert.bind(2, post.member_id);
  insert.bind(3, post.message_id);
  insert.bind(4, post.via);
  insert.bind(5, post.fingerprint.data(), static_cast<int>(post.fingerprint.size()));  // a BLOB
  insert.bind(6, post.at);
  insert.bind(7, post.reference);
  insert.exec();
  auto& topic = stmts_.get(
      "UPDATE topic SET posts = posts + 1, hot = ?2, hot_at = ?3, last_post_at = max(last_post_at, ?4) WHERE id = ?1");
  topic.bind(1, post.topic_id);
  topic.bind(2, post.hot);
  topic.bind(3, post.hot_at);
  topic.bind(4, post.at);
  topic.exec();
  auto& followers = stmts_.get(
      "UPDATE topic_follower SET pending = pending + 1 WHERE topic_id = ?1 AND member_id <> ?2");
  followers.bind(1, post.topic_id);
  followers.bind(2, post.member_id);
  followers.exec();
}

std::string TopicRepository::last_post_fingerprint(std::int64_t topic_id, std::int64_t member_id) {
  auto& st = stmts_.get(
      "SELECT fingerprint FROM topic_post WHERE topic_id = ?1 AND member_id = ?2 ORDER BY id DESC LIMIT 1");
  st.bind(1, topic_id);
  st.bind(2, member_id);
  std::string folded;
  if (st.executeStep()) folded = st.getColumn(0).getString();
  st.reset();
  return folded;
}

std::vector<std::string> TopicRepository::participants(std::int64_t topic_id, int limit) {
  auto& st = stmts_.get(
      "SELECT coalesce(nullif(m.display_name, ''), CASE WHEN m.username <> '' THEN '@' || m.username END, m.user_id) "
      "FROM (SELECT member_id, count(*) AS n, min(id) AS first FROM topic_post WHERE topic_id = ?1 "
      "GROUP BY member_id) p JOIN member m ON m.id = p.member_id ORDER BY p.n DESC, p.first LIMIT ?2");
  st.bind(1, topic_id);
  st.bind(2, limit);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  st.reset();
  return out;
}

std::int64_t TopicRepository::participant_count(std::int64_t topic_id) {
  auto& st = stmts_.get("SELECT count(DISTINCT member_id) FROM topic_post WHERE topic_id = ?1");
  st.bind(1, topic_id);
  return single_int(st);
}

bool TopicRepository::follow(std::int64_t topic_id, std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get(
      "INSERT OR IGNORE INTO topic_follower (topic_id, member_id, since) VALUES (?1, ?2, ?3)");
  st.bind(1, topic_id);
  st.bind(2, member_id);
  st.bind(3, at);
  return st.exec() == 1;
}

bool TopicRepository::unfollow(std::int64_t topic_id, std::int64_t member_id) {
  auto& st = stmts_.get("DELETE FROM topic_follower WHERE topic_id = ?1 AND member_id = ?2");
  st.bind(1, topic_id);
  st.bind(2, member_id);
  return st.exec() == 1;
}

std::int64_t TopicRepository::follower_count(std::int64_t topic_id) {
  auto& st = stmts_.get("SELECT count(*) FROM topic_follower WHERE topic_id = ?1");
  st.bind(1, topic_id);
  return single_int(st);
}

std::vector<TopicDigest> TopicRepository::due_digests(const std::string& platform, std::int64_t last_before,
                                                      int limit) {
  // The partial index topic_follower_due holds only followers owed something.
  auto& st = stmts_.get(
      "SELECT f.topic_id, f.member_id, t.title, c.platform, c.chat_id, m.user_id, m.status = 'left', f.pending "
      "FROM topic_follower f INDEXED BY topic_follower_due JOIN topic t ON t.id = f.topic_id "
      "JOIN community c ON c.id = t.community_id "
      "JOIN member m ON m.id = f.member_id "
      "WHERE f.pending > 0 AND f.last_digest_at <= ?2 AND c.platform = ?1 "
      "ORDER BY f.last_digest_at, f.topic_id, f.member_id LIMIT ?3");
  st.bind(1, platform);
  st.bind(2, last_before);
  st.bind(3, limit);
  std::vector<TopicDigest> out;
  while (st.executeStep()) {
    TopicDigest d;
    d.topic_id = st.getColumn(0).getInt64();
    d.member_id = st.getColumn(1).getInt64();
    d.title = st.getColumn(2).getString();
    d.platform = st.getColumn(3).getString();
    d.chat_id = st.getColumn(4).getString();
    d.user_id = st.getColumn(5).getString();
    d.member_left = st.getColumn(6).getInt() != 0;
    d.pending = st.getColumn(7).getInt64();
    out.push_back(std::move(d));
  }
  st.reset();
  return out;
}

void TopicRepository::mark_digested(std::int64_t topic_id, std::int64_t member_id, std::int64_t at) {
  auto& st = stmts_.get(
      "UPDATE topic_follower SET pending = 0, last_digest_at = ?3 WHERE topic_id = ?1 AND member_id = ?2");
  st.bind(1, topic_id);
  st.bind(2, member_id);
  st.bind(3, at);
  st.exec();
}

bool TopicRepository::weekly_posted(const std::string& entry, std::int64_t week) {
  auto& st = stmts_.get("SELECT count(*) FROM topic_weekly WHERE entry = ?1 AND week = ?2");
  st.bind(1, entry);
  st.bind(2, week);
  return single_int(st) > 0;
}

void TopicRepository::record_weekly(const std::string& entry, std::int64_t week, std::int64_t topic_id,
                                    std::int64_t at) {
  auto& st = stmts_.get("INSERT INTO topic_weekly (entry, week, topic_id, at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, entry);
  st.bind(2, week);
  st.bind(3, topic_id);
  st.bind(4, at);
  st.exec();
}

}  // namespace fanbase::storage

#undef FANBASE_TOPIC_COLUMNS
