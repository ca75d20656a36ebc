// Plain row types the repositories return. Values, not handles: copying one never touches the database.
#pragma once

#include <cstdint>
#include <string>

namespace fanbase::storage {

struct ActivityRow {
  std::int64_t member_id = 0;
  std::string kind;
  std::int64_t count = 0;
  std::int64_t last_award_at = 0;
  std::int64_t day = 0;
  std::int64_t day_points = 0;
  std::int64_t streak = 0;
  std::int64_t best_streak = 0;
  // The previous text's near-duplicate fingerprint, encoded (text::TextFingerprint::bytes(); '' = none). Not the
  // text since migration 31; the name is older.
  std::string last_text;
  // True when the row was read from member_activity (save() can then UPDATE it in place instead of upserting).
  // Rows kept on the member row ignore it.
  bool stored = false;
};

struct MemberRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string user_id;
  std::string display_name;
  std::string username;
  std::string status;
  std::int64_t joined_at = 0;
  std::int64_t points = 0;
  std::int64_t earned = 0;
  int level = 0;
  std::int64_t day = 0;
  std::int64_t day_points = 0;
  bool platform_admin = false;  // an administrator on the platform (trust_platform_admins)
  ActivityRow messages;  // kind "message", stored on the member row
  // Kind "reply" (member_activity), read with the row by MemberRepository::touch (one statement instead of two
  // per reply); false on rows from the other lookups, which leave `replies` zeroed.
  bool replies_loaded = false;
  // A last_seen_at refresh touch(…, defer_seen) left unwritten (0: none); see MemberRepository::write_seen.
  std::int64_t seen_pending = 0;
  ActivityRow replies;
};

struct LedgerEntry {
  std::int64_t id = 0;
  std::int64_t delta = 0;
  std::string reason;
  std::string note;
  std::string actor_name;  // display name of the moderator for award/revoke; '' otherwise
  std::int64_t at = 0;
};

struct Standing {
  std::int64_t member_id = 0;
  std::string display_name;
  std::string username;
  std::int64_t points = 0;  // the ranked figure: lifetime points, or points in the window
  int level = 0;
};

// One queued platform action (bot/core/action.hpp says what each field means for each kind).
struct OutboxRow {
  std::int64_t id = 0;
  std::string platform;
  std::string kind;
  std::string chat_id;
  std::string thread_id;
  std::string reply_to;
  std::string text;
  std::string keyboard;  // encoded by bot/core's encode_keyboard; storage does not read it
  std::string message_id;
  std::string user_id;
  std::int64_t until_at = 0;
  std::string callback_id;
  std::string photo;
  std::string subject;   // 'question:12': recorded in bot_message with the sent message's id
  std::string reference;
  std::int64_t created_at = 0;
  int attempts = 0;
};

// A delivered outbox row and the platform's id of the message it created ('' when it created none).
struct SentRow {
  std::int64_t outbox_id = 0;
  std::string message_id;
};

}  // namespace fanbase::storage

namespace fanbase::storage {

struct WarningRow {
  std::int64_t id = 0;
  std::string actor_name;  // '' for an automatic filter
  std::string reason;
  std::int64_t at = 0;
};

struct SanctionRow {
  std::string kind;        // mute | ban
  std::int64_t until_at = 0;
  std::string reason;
  std::int64_t at = 0;
};

struct AuditRow {
  std::int64_t id = 0;
  std::string actor_name;   // '' for the bot itself (filters, escalation)
  std::string action;
  std::string target_name;  // '' when the entry has no target
  std::string detail;       // the reason, or what was refused
  std::string excerpt;      // the message it is about, shortened
  std::int64_t at = 0;
};

}  // namespace fanbase::storage
