// Event: one inbound happening on any platform, in platform-neutral terms. Adapters build it (bot/telegram,
// bot/console); the pipeline consumes it. Nothing here knows Telegram or JSON.
// Thread: plain value type; built on an adapter's thread, moved to the storage thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/text_analysis.hpp"

namespace fanbase {

enum class EventKind {
  message,          // a member wrote something (text, caption or media)
  edited_message,   // a member edited a message: never earns points again
  reaction,         // a member reacted to a message (see Event::reaction_*)
  callback,         // an inline button was pressed (Event::callback_data)
  member_joined,    // someone entered the chat
  member_left,      // someone left or was removed
  member_updated,   // a member's standing on the platform changed (promoted to or demoted from administrator)
  join_request,     // someone asked to join (the membership gate decides; until it lands nothing answers it)
  tick,             // the platform's clock ticked (about once a minute): scheduled work runs (no chat, no author)
};

const char* to_string(EventKind kind) noexcept;

// A platform user. `id` is the platform's own id as text (Telegram's int64, Discord's snowflake, a console name),
// so one type serves every platform and no id is ever truncated.
struct UserInfo {
  std::string id;
  std::string display_name;  // "Alice Liddell"
  std::string username;      // without '@'; may be empty
  bool is_bot = false;
  bool admin = false;        // member_joined/member_updated subjects: an administrator of the chat on the platform
};

// A span of the text that names a user the platform resolved for us (Telegram text_mention).
struct Mention {
  std::string text;  // the span as written, e.g. "Alice"
  UserInfo user;
};

struct ReplyTarget {
  std::string message_id;
  std::optional<UserInfo> author;  // absent when the platform did not say
  std::string text;                // its text or caption when the platform includes it (reports, /del excerpts)
};

struct Event {
  std::string key;          // idempotency key, unique per platform delivery: "tg:<update_id>", "console:<session>:<n>"
  std::string platform;     // "telegram", "console"
  std::string chat_id;      // platform chat id as text
  std::string chat_title;
  bool private_chat = false;
  EventKind kind = EventKind::message;
  UserInfo author;
  std::string message_id;   // the message this event is about (for reactions: the message reacted to)
  std::string thread_id;    // forum topic, empty when none
  std::string text;         // message text or caption; empty for media without caption
  std::optional<ReplyTarget> reply_to;
  std::vector<Mention> mentions;
  // "@username" mentions the platform itself marked in the text (Telegram: entities of type "mention"), so no
  // handler re-parses them with one platform's username rule; nullopt when the platform said nothing (the console,
  // an update without entities), and then the text's own @usernames are counted.
  std::optional<std::size_t> username_mentions;
  std::vector<UserInfo> subjects;   // member_joined/left: who entered or left (may differ from author)
  bool all_admins = false;          // member_updated: `subjects` is the platform's whole list of administrators
  int reaction_added = 0;           // reaction: number of reactions added by this update (0 when only removed)
  std::string callback_data;        // callback: the button's payload
  std::string callback_id;
  std::int64_t at_ms = 0;           // when it happened, per the platform: the clock of every domain rule
  // `text` analysed, set by Application::submit (off the storage thread); absent only for an Event handed to the
  // pipeline directly (tests), which the context stage then analyses itself. Read it through Turn::text().
  std::optional<TextAnalysis> analysis;
};

// Whether an event's platform time can be true. Platforms date events with their own clock; an event dated more
// than `max_event_lead_ms` after it was received, or before `earliest_ms` (the platform's launch), cannot be, and
// would anchor the member's cooldowns, days and streaks at that time. Such an event is **malformed** (refused,
// counted and logged by the adapter like any other malformed update), not clamped: a clamped time would be a
// time nobody sent. nullopt when plausible, else the reason ("dated 2500-01-01T00:00:00Z, more than a day after
// it was received at 2026-12-03T14:00:00Z"). Events the platform sends without a time (a button press: at_ms 0,
// stamped on receipt) are not checked.
inline constexpr std::int64_t max_event_lead_ms = 24LL * 3'600'000;
std::optional<std::string> implausible_time(std::int64_t at_ms, std::int64_t received_ms, std::int64_t earliest_ms);

// UTC "YYYY-MM-DDTHH:MM:SSZ" of a time in ms (any int64; years past 9999 print as they are).
std::string utc_stamp(std::int64_t at_ms);

}  // namespace fanbase
