// Platform: what one chat service can do, and the face every adapter (bot/telegram, bot/console, later
// bot/discord) shows the application. Handlers never ask which platform an event came from; they consult the
// Capabilities on the Turn instead (Turn::caps), so one handler behaves right on every platform.
// Thread: Capabilities is a plain value; a Platform's members are called from the thread that owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fanbase {

struct Capabilities {
  bool private_messages = true;   // the bot can write to a member directly (ActionKind::send_direct)
  bool buttons = true;            // inline buttons under a message (callback events come back)
  bool roles = false;             // the platform has assignable roles (Discord)
  bool join_requests = false;     // people may ask to join and wait for approval (Telegram join requests)
  bool payments = false;          // the platform sells access (Telegram Stars)
  // The longest message text (and photo caption) the platform accepts, in UTF-16 code units of the visible text
  // (Telegram's unit: a character past U+FFFF counts two; a mention counts as its name). Pipeline::finish cuts
  // every action's text to it, so no handler needs to; a platform counting code points is safe with this too.
  std::size_t max_message_chars = 4096;
  std::size_t max_caption_chars = 1024;
  std::int64_t max_sanction_ms = 0;      // a mute or ban longer than this counts as forever there (0: no limit)
  std::int64_t min_sanction_ms = 0;      // ... and so does one shorter than this
};

class Platform {
 public:
  virtual ~Platform() = default;
  virtual std::string_view id() const noexcept = 0;  // "telegram", "console": Event::platform and Action::platform
  virtual Capabilities capabilities() const = 0;
};

}  // namespace fanbase
