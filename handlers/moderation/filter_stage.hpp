// FilterStage: the automatic filters ([filters]), a stage before points. A message (or an edit) that trips a
// filter is deleted and sanctioned as configured (delete, warn with escalation, mute, kick, ban, or only log),
// recorded in the audit log with an excerpt and mirrored to the mod chat; the event then stops, so it earns
// nothing and no command in it runs. Filters, in order: blocklist (words and RE2 patterns over normalised text,
// one pass for all of them), links (allowed domains; none for new members), @mentions, capitals, flood (N
// messages in T seconds), repeats (the same text N times in a row); commands count for neither of the last two. Joins feed the raid guard: too many joins
// in a window starts ten minutes of raid mode (moderators alerted; the joiners of that burst and every joiner
// after them muted).
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

// The blocklist of a configuration, compiled. Words match as whole words where their script is written with
// spaces ("ass" is not in "passed") and as substrings in Chinese, Japanese, Thai, … (ml::PatternSet::add_word);
// patterns (RE2) match as they are written. `text` (words and patterns) is matched against the normalised text,
// `joined` (the words as they may be spaced out) against the text with its spaced-out runs marked (base/filter_text
// join_spaced_runs: "fr ee crypto", "免 费 领 取"); patterns are not, as they say themselves what they match.
struct Blocklist {
  ml::PatternSet text;
  ml::PatternSet joined;
  bool matches(const TextAnalysis& analysis) const;
};
// Throws config::ConfigError naming each word or pattern that cannot be used, at its place in the file (also
// what `fanbase check-config` and a configuration reload run before the configuration is used).
Blocklist compile_blocklist(const config::Config& config);

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
  Hit check_text(const Turn& turn) const;
  Hit check_rate(const Turn& turn, const std::string& normalised);
  void apply(Turn& turn, const Hit& hit);
  void configure();  // (again) from s_.config: the compiled blocklist and the exemptions
  void on_joins(Turn& turn);
  void restrain_joiner(Turn& turn, const UserInfo& user, std::int64_t until);
  bool exempt(const Turn& turn) const;
  // The rule is on and the author is not on its own exemption list.
  static bool applies(const config::FilterRule& rule, const Turn& turn);

  Services& s_;
  Blocklist blocklist_;
  std::unordered_set<std::string> exempt_users_;
  std::uint64_t generation_ = 0;     // Services::config_generation this stage was configured from
  struct Seen {                      // one of a member's recent messages
    std::int64_t at = 0;
    std::uint64_t key = 0;            // hash of the event key: a retried event is recognised
    std::uint64_t text = 0;           // hash of the normalised text
  };
  struct Recent {                     // ~150 bytes per active member
    std::vector<Seen> seen;           // the latest few, oldest first
    std::uint64_t flood_key = 0;      // the event that last tripped flood (and when)
    std::int64_t flood_at = 0;
  };
  std::unordered_map<std::int64_t, Recent> recent_;  // by member id
  struct Join {
    std::int64_t at = 0;
    std::uint64_t key = 0;  // hash of the join event's key
    UserInfo user;
  };
  struct Raid {
    std::deque<Join> joins;  // the joiners within the window, oldest first
    std::int64_t until = 0;
    std::uint64_t started_by = 0;  // the join event that started raid mode
  };
  std::unordered_map<std::int64_t, Raid> raids_;     // by community id
};

}  // namespace fanbase::handlers
