// CommandLimiter: how many commands one member may make the bot answer, per command family (CommandSpec::family),
// within a sliding window of [commands].rate_limit. The first command over the limit is answered once ("slow
// down"), the others are ignored until the window has room again. State is in memory only (no row per command):
// a restart forgets it, which costs at most one more window of replies. Time is the event's (the clock of every
// domain rule); a window dated after the event (a clock that went back) is dropped, so it never locks anyone out.
// Storage thread only (owned by the CommandRouter).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "config/commands_config.hpp"

namespace fanbase::handlers {

class CommandLimiter {
 public:
  enum class Verdict {
    allow,  // run the command; it counts towards the window
    warn,   // over the limit: say "slow down" (once per full window)
    quiet,  // over the limit and already told: say nothing
  };
  struct Decision {
    Verdict verdict = Verdict::allow;
    std::int64_t wait_seconds = 0;  // warn and quiet: until the window has room again (at least 1)
  };

  // `who` names the member (platform and user id), `family` the command family; `at_ms` is the event's time.
  Decision check(const std::string& who, std::string_view family, std::int64_t at_ms,
                 const config::CommandRateLimit& limit);

  std::size_t tracked() const noexcept { return windows_.size(); }

 private:
  struct Window {
    std::deque<std::int64_t> times;  // the allowed commands within the window, oldest first
    bool warned = false;             // "slow down" said since the last allowed command
  };
  void prune(std::int64_t at_ms, std::int64_t window_ms);

  std::unordered_map<std::string, Window> windows_;
  std::size_t prune_at_ = 4096;  // windows kept before idle ones are dropped
};

}  // namespace fanbase::handlers
