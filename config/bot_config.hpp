// [bot] and [[community]]: which platform runs, the default language and timezone, owners and moderators, and the
// per-chat settings that override them. Read by config/read_bot.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>
#include <vector>

namespace fanbase::config {

enum class PlatformKind { console, telegram };

struct BotConfig {
  PlatformKind platform = PlatformKind::console;
  std::string language = "en";             // "en" | "zh": default for communities that do not set their own
  std::string log_level = "info";          // debug | info | warn | error | off
  int utc_offset_minutes = 0;              // from `timezone = "+08:00"`: where a "day" starts for caps and check-ins
  std::vector<std::string> owners;         // platform user ids (Telegram numeric id as text, console name)
  std::vector<std::string> moderators;

  bool operator==(const BotConfig&) const = default;
};

// Per-chat settings; a chat without an entry gets the [bot] defaults.
struct CommunityConfig {
  std::string platform;                    // "console" | "telegram"
  std::string chat_id;
  std::string language;                    // empty: [bot].language
  std::vector<std::string> owners;         // in addition to [bot].owners
  std::vector<std::string> moderators;     // in addition to [bot].moderators

  bool operator==(const CommunityConfig&) const = default;
};

const char* to_string(PlatformKind platform) noexcept;

}  // namespace fanbase::config
