// [moderation] (warnings, penalties, escalation) and [filters] (automatic filters and the raid guard). Read by
// config/read_moderation.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/pattern_config.hpp"

namespace fanbase::config {

// What a moderation rule does to a member: "delete" removes the message only; "warn", "mute", "ban" also remove it
// and then warn (escalation may follow), mute for mute_minutes, or ban; "kick" removes the member (they may
// rejoin); "log" only records the hit in the audit log.
enum class Sanction { log, del, warn, mute, kick, ban };

// One step of the escalation policy: reaching `warnings` active warnings triggers the action.
struct EscalationStep {
  int warnings = 3;
  Sanction action = Sanction::mute;        // mute | kick | ban
  std::int64_t duration_ms = 24 * 3'600'000LL;  // mute/ban length; 0: no end (ban) — mute needs one

  bool operator==(const EscalationStep&) const = default;
};

struct ModerationConfig {
  bool trust_platform_admins = true;       // a platform administrator (Telegram group admin) counts as moderator
  std::string mod_chat;                    // chat id where moderation is mirrored ('' none), same platform
  int warn_expire_days = 30;               // warnings older than this no longer count (0: never expire)
  int warn_penalty = 0;                    // points deducted per warning (never below 0)
  int mute_penalty = 0;                    // ... per mute
  int ban_penalty = 0;                     // ... per ban or kick
  std::vector<EscalationStep> escalation;  // sorted by warnings

  bool operator==(const ModerationConfig&) const = default;
};

struct FilterRule {
  bool enabled = false;
  Sanction action = Sanction::del;
  int mute_minutes = 10;                   // action "mute"
  std::vector<std::string> exempt_users;   // platform user ids this filter never applies to (besides [filters]'s)

  bool operator==(const FilterRule&) const = default;
};

// == compares the patterns by text only (see PatternConfig), and caps_ratio exactly (never NaN once read).
struct FiltersConfig {
  bool exempt_moderators = true;           // moderators and owners are never filtered
  std::vector<std::string> exempt_users;   // platform user ids never filtered
  FilterRule blocklist{false, Sanction::warn, 10, {}};
  std::vector<PatternConfig> words;        // substrings of the normalised text (case- and width-insensitive)
  std::vector<PatternConfig> patterns;     // RE2 regular expressions over the normalised text
  FilterRule links{false, Sanction::del, 10, {}};
  std::vector<std::string> allowed_domains;  // these (and their subdomains) are always fine
  int links_new_member_hours = 0;          // members who joined less than this ago may post no link at all
  bool links_block_all = true;             // other domains are blocked for everyone (false: only new members)
  FilterRule flood{false, Sanction::mute, 10, {}};
  int flood_messages = 6;                  // more than this many messages ...
  int flood_seconds = 10;                  // ... within this many seconds
  FilterRule repeat{false, Sanction::del, 10, {}};
  int repeat_count = 3;                    // the same text this many times in a row ...
  int repeat_seconds = 120;                // ... each within this many seconds of the one before
  FilterRule mentions{false, Sanction::del, 10, {}};
  int max_mentions = 5;                    // more @mentions than this in one message
  FilterRule caps{false, Sanction::del, 10, {}};
  int caps_min_letters = 12;               // only messages with at least this many cased letters ...
  double caps_ratio = 0.7;                 // ... of which at least this share is upper case
  bool raid_enabled = false;
  int raid_joins = 10;                     // more than this many joins ...
  int raid_seconds = 60;                   // ... within this many seconds start raid mode:
  int raid_mute_minutes = 30;              // new joiners are muted this long, moderators alerted

  bool operator==(const FiltersConfig&) const = default;
};

const char* to_string(Sanction sanction) noexcept;

}  // namespace fanbase::config
