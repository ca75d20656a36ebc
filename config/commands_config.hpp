// [commands]: how often a member may make the bot answer commands. Read by config/read_commands.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

namespace fanbase::config {

// At most `count` commands of one family per member within any `per_seconds` seconds; count 0 = no limit.
struct CommandRateLimit {
  int count = 5;
  int per_seconds = 60;

  bool operator==(const CommandRateLimit&) const = default;
};

struct CommandsConfig {
  CommandRateLimit rate_limit;

  bool operator==(const CommandsConfig&) const = default;
};

}  // namespace fanbase::config
