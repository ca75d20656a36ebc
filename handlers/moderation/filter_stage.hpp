// FilterStage: the automatic filters ([filters]), a stage before points. A message (or an edit) that trips a
// filter is deleted and sanctioned as configured (delete, warn with escalation, mute, kick, ban, or only log),
// recorded in the audit log with an excerpt and mirrored to the mod chat; the event then stops, so it earns
// nothing and no command in it runs. Filters, in order: blocklist (words and RE2 patterns over normalised text,
// one pass for all of them), links (allowed domains; none for new members), @mentions, capitals, flood (N
// messages in T seconds), repeats (the same text N times in a row); commands count for neither of the last two. Joins feed the raid guard: too many joins
// in a window starts ten minutes of raid mode (moderators alerted, every new joiner muted).
// Moderators, owners and [filters].exempt_users are exempt.
// The flood, repeat and raid windows are transient (in memory, like the Telegram adapter's rate windows). They are
// keyed by event, so an event the writer runs twice (a failed batch is retried event by event) counts once and
// gets the same decision. Storage thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"
#include "ml/pattern_set.hpp"

namespace fanbase::handlers {

// The blocklist of a configuration, compiled; throws config::ConfigError naming each word or pattern that cannot
// be used, at its place in the file (also what `fanbase check-config` runs).
ml::PatternSet compile_blocklist(const config::Config& config);

class FilterStage final : public Stage {
 public:
  // Throws config::ConfigError naming each pattern that does not compile, at its place in the file.
  explicit FilterStage(Services& services);
  const char* name() const noexcept override { return "filters"; }
  void run(Turn& turn) override;

 private:
  struct Hit {
    const config::FilterRule* rule = nullptr;
    const char* name = "";   // audit action suffix: blocklist, links, …
    std::string reason;      // shown to the chat and in the log
  };
  Hit check_text(const Turn& turn, const std::string& normalised) const;
  Hit check_rate(const Turn& turn, const std::string& normalised);
  void apply(Turn& turn, const Hit& hit);
  void on_joins(Turn& turn);
  bool exempt(const Turn& turn) const;
  // The rule is on and the author is not on its own exemption list.
  static bool applies(const config::FilterRule& rule, const Turn& turn);

  Services& s_;
  ml::PatternSet blocklist_;
  std::unordered_set<std::string> exempt_users_;
  struct Seen {                      // one of a member's recent messages
    std::int64_t at = 0;
    std::uint64_t key = 0;            // hash of the event key: a retried event is recognised
    std::uint64_t text = 0;           // hash of the normalised text
  };
  struct Recent {                     // ~150 bytes per active member
    std::vector<Seen> seen;           // the latest few, oldest first
    std::uint64_t flood_key = 0;      // the event that last tripped flood (and when)
    std::int64_t flood_at = 0;
    std::uint64_t repeat_key = 0;     // ... and repeats: a run is counted from after it
    std::int64_t repeat_at = 0;
  };
  std::unordered_map<std::int64_t, Recent> recent_;  // by member id
  struct Raid {
    std::deque<std::pair<std::int64_t, std::uint64_t>> joins;  // (time, event key hash) per joiner
    std::int64_t until = 0;
    std::uint64_t started_by = 0;  // the join event that started raid mode
  };
  std::unordered_map<std::int64_t, Raid> raids_;     // by community id
};

}  // namespace fanbase::handlers
