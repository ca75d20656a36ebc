// Moderation: the one path for sanctions, used by the moderation commands, the automatic filters and the
// escalation policy. Each call records (warnings and sanction rows, the audit log, a points penalty through
// the ledger), adds the platform action (restrict, ban, delete …), announces it in the chat with the reason,
// and mirrors it to [moderation].mod_chat. Cheap to make: it holds only the Services reference.
// Storage thread only, inside the event's savepoint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"
#include "storage/rows.hpp"

namespace fanbase::handlers {

// Who acts: a moderator (their member row), or the bot itself (filters, escalation) when null.
using Actor = const storage::MemberRow*;

class Moderation {
 public:
  explicit Moderation(Services& services) : s_(services) {}

  // Whether `target` is beyond moderation: a moderator or owner (configured, or a trusted platform admin).
  bool is_staff(const Turn& turn, const storage::MemberRow& target) const;

  // Records a warning, announces it, and applies the escalation step the new count reaches, if any.
  void warn(Turn& turn, storage::MemberRow& target, Actor actor, const std::string& reason,
            const std::string& excerpt = {});
  // Withdraws the latest active warning; false when there was none.
  bool unwarn(Turn& turn, storage::MemberRow& target, Actor actor);
  void mute(Turn& turn, storage::MemberRow& target, Actor actor, std::int64_t duration_ms, const std::string& reason,
            const std::string& excerpt = {});
  bool unmute(Turn& turn, storage::MemberRow& target, Actor actor);
  // Whether the bot's own mute / ban on `target` is in force at the event's time.
  bool is_muted(const Turn& turn, const storage::MemberRow& target) const;
  bool is_banned(const Turn& turn, const storage::MemberRow& target) const;
  void kick(Turn& turn, storage::MemberRow& target, Actor actor, const std::string& reason,
            const std::string& excerpt = {});
  // duration 0: for good.
  void ban(Turn& turn, storage::MemberRow& target, Actor actor, std::int64_t duration_ms, const std::string& reason,
           const std::string& excerpt = {});
  bool unban(Turn& turn, storage::MemberRow& target, Actor actor);
  // Deletes a message of the event's chat (audit: who wrote it, an excerpt).
  void delete_message(Turn& turn, const std::string& message_id, const storage::MemberRow* author, Actor actor,
                      const std::string& reason, const std::string& excerpt);

  // An audit entry, mirrored to the mod chat as `mirror_text` (when non-empty).
  void record(Turn& turn, const char* action, const storage::MemberRow* target, Actor actor, const std::string& detail,
              const std::string& excerpt, const std::string& mirror_text);

  // Active warnings count from this time on (warn_expire_days before the event).
  std::int64_t warnings_since(const Turn& turn) const;
  // "2h", "3d" in the community's language is the same in both: format_duration.
  std::string reason_or_default(const Turn& turn, const std::string& reason) const;
  // Shortened for the log and the mod chat (at most 200 characters, one line).
  static std::string excerpt_of(const std::string& text);

 private:
  void penalty(Turn& turn, storage::MemberRow& target, Actor actor, int points, const char* what,
               const std::string& reason);
  void escalate(Turn& turn, storage::MemberRow& target, std::int64_t active, const std::string& last_reason);

  Services& s_;
};

}  // namespace fanbase::handlers
