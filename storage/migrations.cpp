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
