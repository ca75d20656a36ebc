#include "storage/migrations.hpp"

#include <string>

#include <SQLiteCpp/Transaction.h>

#include "storage/database.hpp"

namespace fanbase::storage {
namespace {

// Append only. Times are unix milliseconds; platform ids are TEXT so no id is ever truncated.
constexpr Migration migrations[] = {
    {1, "community", R"sql(
CREATE TABLE community (
  id         INTEGER PRIMARY KEY,
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (platform, chat_id)
);)sql"},
    {2, "member", R"sql(
CREATE TABLE member (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  username     TEXT NOT NULL DEFAULT '',          -- lower case, without '@'; '' when none
  status       TEXT NOT NULL DEFAULT 'member',    -- member | left
  joined_at    INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  points       INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),   -- spendable balance
  earned       INTEGER NOT NULL DEFAULT 0,                       -- lifetime points: the basis of levels
  level        INTEGER NOT NULL DEFAULT 0,                       -- index into the configured ladder
  day          INTEGER NOT NULL DEFAULT 0,                       -- the local day of day_points
  day_points   INTEGER NOT NULL DEFAULT 0,                       -- automatic points earned that day
  -- The "message" activity (the kind nearly every event is) lives on the member row, so a message dirties one
  -- row instead of two; member_activity holds every other kind.
  msg_count         INTEGER NOT NULL DEFAULT 0,
  msg_last_award_at INTEGER NOT NULL DEFAULT 0,
  msg_day           INTEGER NOT NULL DEFAULT 0,
  msg_day_points    INTEGER NOT NULL DEFAULT 0,
  msg_last_text     TEXT NOT NULL DEFAULT '',                     -- the previous message, folded (near-duplicates)
  UNIQUE (community_id, user_id)
);
CREATE INDEX member_by_username ON member (community_id, username) WHERE username <> '';
CREATE INDEX member_by_earned ON member (community_id, earned DESC);)sql"},
    {3, "processed_event", R"sql(
CREATE TABLE processed_event (
  key TEXT PRIMARY KEY,
  at  INTEGER NOT NULL
) WITHOUT ROWID;)sql"},
    {4, "point_entry", R"sql(
CREATE TABLE point_entry (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  delta        INTEGER NOT NULL,
  reason       TEXT NOT NULL,          -- message | reply | reaction_received | checkin | award | revoke | ...
  reference    TEXT NOT NULL,          -- the event key that caused it
  actor_id     INTEGER REFERENCES member(id),
  note         TEXT NOT NULL DEFAULT '',
  at           INTEGER NOT NULL
);
-- No UNIQUE on (reference, member_id, reason): processed_event, in the same transaction, already makes an event
-- pay once, and that index cost a third B-tree insert on every paid event.
CREATE INDEX point_entry_by_member ON point_entry (member_id, id);
-- Covering, so "/top week" sums deltas without visiting the table.
CREATE INDEX point_entry_by_time ON point_entry (community_id, at, member_id, delta);)sql"},
    {5, "member_activity", R"sql(
CREATE TABLE member_activity (
  member_id     INTEGER NOT NULL REFERENCES member(id),
  kind          TEXT NOT NULL,
  count         INTEGER NOT NULL DEFAULT 0,   -- qualifying interactions of this kind, ever (badges)
  last_award_at INTEGER NOT NULL DEFAULT 0,   -- cooldown
  day           INTEGER NOT NULL DEFAULT 0,
  day_points    INTEGER NOT NULL DEFAULT 0,   -- per-kind daily cap
  streak        INTEGER NOT NULL DEFAULT 0,   -- check-ins: consecutive days ending at `day`
  best_streak   INTEGER NOT NULL DEFAULT 0,
  last_text     TEXT NOT NULL DEFAULT '',     -- unused by kinds other than "message" (kept on member)
  PRIMARY KEY (member_id, kind)
) WITHOUT ROWID;)sql"},
    {6, "member_badge", R"sql(
CREATE TABLE member_badge (
  member_id  INTEGER NOT NULL REFERENCES member(id),
  badge      TEXT NOT NULL,
  awarded_at INTEGER NOT NULL,
  reference  TEXT NOT NULL,
  PRIMARY KEY (member_id, badge)
) WITHOUT ROWID;)sql"},
    {7, "level_up", R"sql(
CREATE TABLE level_up (
  id        INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES member(id),
  level     INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  reference TEXT NOT NULL
);
CREATE INDEX level_up_by_member ON level_up (member_id);)sql"},
    {8, "message_ref", R"sql(
CREATE TABLE message_ref (
  community_id INTEGER NOT NULL REFERENCES community(id),
  message_id   TEXT NOT NULL,
  member_id    INTEGER NOT NULL REFERENCES member(id),
  at           INTEGER NOT NULL,
  PRIMARY KEY (community_id, message_id)
) WITHOUT ROWID;)sql"},
    {9, "outbox", R"sql(
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  platform    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  thread_id   TEXT NOT NULL DEFAULT '',
  reply_to    TEXT NOT NULL DEFAULT '',
  text        TEXT NOT NULL,
  reference   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending',   -- pending | sent | failed
  attempts    INTEGER NOT NULL DEFAULT 0,
  sent_at     INTEGER,
  last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (platform, id) WHERE state = 'pending';)sql"},
    {10, "audit_log", R"sql(
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  actor_id     INTEGER REFERENCES member(id),
  action       TEXT NOT NULL,        -- e.g. points.award, points.revoke, command.refused
  target_id    INTEGER REFERENCES member(id),
  detail       TEXT NOT NULL DEFAULT '',
  reference    TEXT NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX audit_log_by_community ON audit_log (community_id, id);)sql"},
    {11, "reaction_seen", R"sql(
-- One row per (message, reacting member): a reaction pays its author once, however often it is toggled.
CREATE TABLE reaction_seen (
  community_id INTEGER NOT NULL REFERENCES community(id),
  message_id   TEXT NOT NULL,
  member_id    INTEGER NOT NULL REFERENCES member(id),
  at           INTEGER NOT NULL,
  PRIMARY KEY (community_id, message_id, member_id)
) WITHOUT ROWID;)sql"},
    {12, "outbox_actions", R"sql(
-- Every platform action, not only messages: the arguments of each kind (see bot/core/action.hpp).
ALTER TABLE outbox ADD COLUMN keyboard TEXT NOT NULL DEFAULT '';     -- inline buttons, encode_keyboard's form
ALTER TABLE outbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';   -- edit/delete: the message acted on
ALTER TABLE outbox ADD COLUMN user_id TEXT NOT NULL DEFAULT '';      -- mute/ban/join: the platform user
ALTER TABLE outbox ADD COLUMN until_at INTEGER NOT NULL DEFAULT 0;   -- mute/ban: end (0: none)
ALTER TABLE outbox ADD COLUMN callback_id TEXT NOT NULL DEFAULT '';  -- answer_callback
ALTER TABLE outbox ADD COLUMN photo TEXT NOT NULL DEFAULT '';        -- send_photo: path, URL or file id
ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';      -- what the message presents ('question:12')
ALTER TABLE outbox ADD COLUMN sent_message_id TEXT NOT NULL DEFAULT '';  -- the platform's id of what was sent
CREATE INDEX outbox_sent ON outbox (created_at) WHERE state = 'sent';)sql"},
    {13, "bot_message", R"sql(
-- The bot's own messages that present something (a question, a topic): a reply to one of them is about that
-- subject. Written when the platform reports the message's id; kept when old outbox rows are pruned.
CREATE TABLE bot_message (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  subject    TEXT NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (platform, chat_id, message_id)
) WITHOUT ROWID;)sql"},
    {14, "warning", R"sql(
-- Moderation: warnings (count towards the escalation policy while active), the excerpt a moderation entry is
-- about, and who is an administrator on the platform (trust_platform_admins).
CREATE TABLE warning (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  actor_id     INTEGER REFERENCES member(id),   -- NULL: an automatic filter
  reason       TEXT NOT NULL DEFAULT '',
  reference    TEXT NOT NULL,
  at           INTEGER NOT NULL,
  revoked_at   INTEGER,                         -- /unwarn
  revoked_by   INTEGER REFERENCES member(id)
);
CREATE INDEX warning_by_member ON warning (member_id, at);
ALTER TABLE audit_log ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_target ON audit_log (community_id, target_id, id) WHERE target_id IS NOT NULL;
ALTER TABLE member ADD COLUMN platform_admin INTEGER NOT NULL DEFAULT 0;)sql"},
    {15, "sanction", R"sql(
-- A member's current mute or ban in a community, as the bot imposed it (so /unmute and /unban know, and a
-- muted member who rejoins stays muted until it ends).
CREATE TABLE sanction (
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  kind         TEXT NOT NULL,                   -- mute | ban
  until_at     INTEGER NOT NULL,                -- 0: no end
  reason       TEXT NOT NULL DEFAULT '',
  actor_id     INTEGER REFERENCES member(id),
  at           INTEGER NOT NULL,
  PRIMARY KEY (community_id, member_id, kind)
) WITHOUT ROWID;)sql"},
    {16, "question", R"sql(
-- Q&A (handlers/qa_*): a question, numbered per community. Tags are kept here for display (space-separated) and
-- in question_tag for lookups. accepted_answer_id names an answer row (answer is created by a later migration).
CREATE TABLE question (
  id                 INTEGER PRIMARY KEY,
  community_id       INTEGER NOT NULL REFERENCES community(id),
  number             INTEGER NOT NULL,
  asker_id           INTEGER NOT NULL REFERENCES member(id),
  text               TEXT NOT NULL,
  tags               TEXT NOT NULL DEFAULT '',
  thread_id          TEXT NOT NULL DEFAULT '',
  state              TEXT NOT NULL DEFAULT 'open',     -- open | closed
  accepted_answer_id INTEGER,
  answer_count       INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL,
  closed_at          INTEGER,
  pinged_at          INTEGER NOT NULL DEFAULT 0,       -- when the unanswered reminder went out (0: not yet)
  reference          TEXT NOT NULL,
  UNIQUE (community_id, number)
);
CREATE INDEX question_by_asker ON question (community_id, asker_id, number);
CREATE INDEX question_open ON question (community_id, number) WHERE state = 'open';
CREATE INDEX question_awaiting_ping ON question (created_at)
  WHERE state = 'open' AND answer_count = 0 AND pinged_at = 0;)sql"},
    {17, "question_tag", R"sql(
CREATE TABLE question_tag (
  question_id  INTEGER NOT NULL REFERENCES question(id),
  community_id INTEGER NOT NULL REFERENCES community(id),
  tag          TEXT NOT NULL,                          -- lower case, without '#'
  PRIMARY KEY (question_id, tag)
) WITHOUT ROWID;
CREATE INDEX question_tag_by_tag ON question_tag (community_id, tag, question_id);)sql"},
    {18, "answer", R"sql(
CREATE TABLE answer (
  id            INTEGER PRIMARY KEY,
  community_id  INTEGER NOT NULL REFERENCES community(id),
  question_id   INTEGER NOT NULL REFERENCES question(id),
  number        INTEGER NOT NULL,                      -- per community: /upvote 7, /accept 7
  author_id     INTEGER NOT NULL REFERENCES member(id),
  text          TEXT NOT NULL,
  votes         INTEGER NOT NULL DEFAULT 0,
  accept_points INTEGER NOT NULL DEFAULT 0,            -- what its acceptance paid: taken back if acceptance moves
  created_at    INTEGER NOT NULL,
  reference     TEXT NOT NULL,
  UNIQUE (community_id, number)
);
CREATE INDEX answer_by_question ON answer (question_id);)sql"},
    {19, "answer_vote", R"sql(
-- One upvote per (answer, member).
CREATE TABLE answer_vote (
  answer_id INTEGER NOT NULL REFERENCES answer(id),
  member_id INTEGER NOT NULL REFERENCES member(id),
  at        INTEGER NOT NULL,
  PRIMARY KEY (answer_id, member_id)
) WITHOUT ROWID;)sql"},
    {20, "qa_draft", R"sql(
-- A question held back because similar open ones exist; its id is in the "post anyway" button's data.
CREATE TABLE qa_draft (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  asker_id     INTEGER NOT NULL REFERENCES member(id),
  text         TEXT NOT NULL,
  tags         TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);
CREATE INDEX qa_draft_by_time ON qa_draft (created_at);)sql"},
    {21, "qa_revision", R"sql(
-- Moves whenever a community's set of open questions changes, in the same transaction: the in-memory
-- similar-question index remembers the revision it reflects, so after any rollback it sees it is stale.
CREATE TABLE qa_revision (
  community_id INTEGER PRIMARY KEY REFERENCES community(id),
  revision     INTEGER NOT NULL
);)sql"},
    {22, "topic", R"sql(
-- Themed discussions (/topic). hot is the decayed sum of the posts' weights as of hot_at (the start counts as one).
CREATE TABLE topic (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  title        TEXT NOT NULL,
  tags         TEXT NOT NULL DEFAULT '',        -- space-separated, without '#'
  starter_id   INTEGER REFERENCES member(id),   -- NULL: posted by the schedule (topic of the week)
  thread_id    TEXT NOT NULL DEFAULT '',        -- the forum thread it was started in ('' none)
  status       TEXT NOT NULL DEFAULT 'open',    -- open | closed
  pinned       INTEGER NOT NULL DEFAULT 0,
  posts        INTEGER NOT NULL DEFAULT 0,
  hot          REAL NOT NULL DEFAULT 0,
  hot_at       INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  last_post_at INTEGER NOT NULL,
  closed_at    INTEGER,
  reference    TEXT NOT NULL                    -- the event that started it
);
CREATE INDEX topic_by_status ON topic (community_id, status);
CREATE UNIQUE INDEX topic_by_thread ON topic (community_id, thread_id) WHERE thread_id <> '' AND status = 'open';)sql"},
    {23, "topic_post", R"sql(
-- Participation: a reply to a topic's announcement or a message in its forum thread.
CREATE TABLE topic_post (
  id         INTEGER PRIMARY KEY,
  topic_id   INTEGER NOT NULL REFERENCES topic(id),
  member_id  INTEGER NOT NULL REFERENCES member(id),
  message_id TEXT NOT NULL DEFAULT '',
  via        TEXT NOT NULL,                     -- reply | thread
  folded     TEXT NOT NULL DEFAULT '',          -- the post's fingerprint (near-duplicates)
  at         INTEGER NOT NULL,
  reference  TEXT NOT NULL
);
CREATE INDEX topic_post_by_member ON topic_post (topic_id, member_id, id);)sql"},
    {24, "topic_follower", R"sql(
-- /follow. pending: posts by others since the follower's last digest (a direct message).
CREATE TABLE topic_follower (
  topic_id       INTEGER NOT NULL REFERENCES topic(id),
  member_id      INTEGER NOT NULL REFERENCES member(id),
  since          INTEGER NOT NULL,
  pending        INTEGER NOT NULL DEFAULT 0,
  last_digest_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (topic_id, member_id)
) WITHOUT ROWID;
CREATE INDEX topic_follower_due ON topic_follower (last_digest_at) WHERE pending > 0;)sql"},
    {25, "topic_weekly", R"sql(
-- "Topic of the week" entries already posted: one row per entry and local week, so a restart never posts twice.
CREATE TABLE topic_weekly (
  entry    TEXT NOT NULL,                       -- platform, chat and title of the [[topics.weekly]] entry
  week     INTEGER NOT NULL,                    -- Monday-based local weeks since 1970
  topic_id INTEGER NOT NULL REFERENCES topic(id),
  at       INTEGER NOT NULL,
  PRIMARY KEY (entry, week)
) WITHOUT ROWID;)sql"},
    {26, "content_item", R"sql(
-- Personalisation: what can be recommended. Topics and questions get an item when they are created; owners add
-- posts (/post add, a feed file); the Stack Exchange importer adds questions.
CREATE TABLE content_item (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  kind         TEXT NOT NULL,                   -- post | topic | question
  ref_id       INTEGER,                         -- topic.id / question.id for those kinds; NULL for posts
  title        TEXT NOT NULL,
  url          TEXT NOT NULL DEFAULT '',
  tags         TEXT NOT NULL DEFAULT '',        -- space-separated, lower case, without '#'
  author_id    INTEGER REFERENCES member(id),
  created_at   INTEGER NOT NULL,
  retired_at   INTEGER,                         -- NULL: live
  source       TEXT NOT NULL DEFAULT '',        -- command | feed | import | topic | question
  external_id  TEXT NOT NULL DEFAULT ''         -- the feed's or importer's own id: a re-import updates, never doubles
);
CREATE UNIQUE INDEX content_item_ref ON content_item (community_id, kind, ref_id) WHERE ref_id IS NOT NULL;
CREATE UNIQUE INDEX content_item_external ON content_item (community_id, source, external_id) WHERE external_id <> '';
CREATE INDEX content_item_live ON content_item (community_id, created_at) WHERE retired_at IS NULL;)sql"},
    {27, "interaction", R"sql(
-- Implicit feedback on content items, each with the confidence weight its kind had ([recommender.weights]).
-- Negative kinds (dislike, not_interested) exclude the item for the member.
CREATE TABLE interaction (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  item_id      INTEGER NOT NULL REFERENCES content_item(id),
  kind         TEXT NOT NULL,                   -- view | reply | answer | upvote | follow | like | dislike | not_interested
  weight       REAL NOT NULL,
  at           INTEGER NOT NULL,
  reference    TEXT NOT NULL                    -- the event key
);
CREATE INDEX interaction_by_member ON interaction (member_id, item_id);
CREATE INDEX interaction_by_community ON interaction (community_id, id);)sql"},
    {28, "member_segment", R"sql(
-- Member segments (k-means over activity features), recomputed on ticks: the latest assignment per member, and
-- each segment's name, size and typical features (its centroid in the features' own units, as text).
CREATE TABLE member_segment (
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  segment      TEXT NOT NULL,                   -- high-interaction | active | potential | segment N
  computed_at  INTEGER NOT NULL,
  PRIMARY KEY (community_id, member_id)
) WITHOUT ROWID;
CREATE INDEX member_segment_by_segment ON member_segment (community_id, segment);)sql"},
    {29, "segment_summary", R"sql(
CREATE TABLE segment_summary (
  community_id INTEGER NOT NULL REFERENCES community(id),
  segment      TEXT NOT NULL,
  rank         INTEGER NOT NULL,                -- 1 = most engaged
  size         INTEGER NOT NULL,
  centroid     TEXT NOT NULL,                   -- "feature=value;..." in the features' units
  computed_at  INTEGER NOT NULL,
  PRIMARY KEY (community_id, segment)
) WITHOUT ROWID;)sql"},
    {30, "member_digest", R"sql(
-- Digests members opted into (/digest): how often, at which local hour, and what was sent when.
CREATE TABLE member_digest (
  community_id  INTEGER NOT NULL REFERENCES community(id),
  member_id     INTEGER NOT NULL REFERENCES member(id),
  frequency     TEXT NOT NULL,                  -- daily | weekly
  hour          INTEGER NOT NULL,               -- local hour, 0-23
  last_sent_at  INTEGER NOT NULL DEFAULT 0,
  last_check_at INTEGER NOT NULL DEFAULT 0,     -- a due digest with nothing new is not looked for again that day
  week          INTEGER NOT NULL DEFAULT 0,     -- the local week of sent_in_week
  sent_in_week  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (community_id, member_id)
) WITHOUT ROWID;)sql"},
    {31, "text_fingerprints", R"sql(
-- Near-duplicate checks keep the previous text's fingerprint (base/text_fingerprint.hpp: 12 + 4 x up to 64
-- bytes, ml/text_fingerprint computes it) instead of the folded text. SQLite cannot run that hash, so rows written
-- before this migration start with an empty fingerprint, which means "no previous message": each member's first
-- message (reply, question, answer, topic post) after the upgrade is never taken for a near-duplicate.
ALTER TABLE member DROP COLUMN msg_last_text;
ALTER TABLE member ADD COLUMN msg_last_fingerprint BLOB NOT NULL DEFAULT x'';
ALTER TABLE member_activity DROP COLUMN last_text;
ALTER TABLE member_activity ADD COLUMN last_fingerprint BLOB NOT NULL DEFAULT x'';
ALTER TABLE topic_post DROP COLUMN folded;
ALTER TABLE topic_post ADD COLUMN fingerprint BLOB NOT NULL DEFAULT x'';)sql"},
};

int current_version(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

int apply_up_to(SQLite::Database& db, int target) {
  int have = current_version(db);
  if (have > latest_schema_version()) {
    throw StorageError("database schema version " + std::to_string(have) + " is newer than this binary supports (" +
                       std::to_string(latest_schema_version()) + "); upgrade fanbase or use another database file");
  }
  for (const Migration& m : migrations) {
    if (m.version <= have || m.version > target) continue;
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(m.sql);
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      tx.commit();  // schema change and version bump land together or not at all
    } catch (const SQLite::Exception& e) {
      throw StorageError("migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.what());
    }
    have = m.version;
  }
  return have;
}

}  // namespace

std::span<const Migration> all_migrations() { return migrations; }
int latest_schema_version() { return migrations[std::size(migrations) - 1].version; }
int migrate(SQLite::Database& db) { return apply_up_to(db, latest_schema_version()); }
int migrate_to(SQLite::Database& db, int version) { return apply_up_to(db, version); }

}  // namespace fanbase::storage
