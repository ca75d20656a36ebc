// Incentives: the points rules (per-kind cooldown, per-kind and overall daily caps), levels and badges.
// Every change of points goes through here so that the ledger, balances, level-ups and badges stay together
// and their announcements are added to the turn. Storage thread only, inside the event's savepoint.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/text_analysis.hpp"
#include "bot/core/turn.hpp"
#include "config/config.hpp"
#include "storage/points_ledger.hpp"
#include "storage/rows.hpp"

namespace fanbase::handlers {

struct Services;

// The interaction kinds that have rules; the name is the ledger reason and the activity kind.
enum class Kind {
  message, reply, reaction_received, question, answer, accepted_answer, upvote_received, topic_started, checkin,
  topic_post,
};
const char* to_string(Kind kind) noexcept;

// The message rules' verdict on a text (Incentives::check_text): whether it may count at all.
enum class TextRule {
  ok,
  too_short,       // fewer letters and digits than the min_length ("ok", "👍", "?")
  near_duplicate,  // at least [points].near_duplicate similar to the member's previous one
};

class Incentives {
 public:
  explicit Incentives(const config::Config& config) : config_(config) {}
  void bind(Services& services) { services_ = &services; }

  const config::RuleConfig& rule(Kind kind) const;

  // The message rules, shared by every path where a member's text may earn or count (PointsStage's messages,
  // Q&A's questions and answers, topic posts): at least `min_length` letters and digits (any script), and not a
  // near-duplicate of `previous`, a stored fingerprint (ActivityRow::last_text; empty: none).
  TextRule check_text(const TextAnalysis& text, int min_length, std::string_view previous) const;
  // The kind the turn's message is paid as: a reply to another member's message, else a message.
  static Kind message_kind(const Event& event);
  // check_text() for the turn's message, exactly as PointsStage judges it: its kind's min_length and the
  // member's previous message (turn.member.messages).
  TextRule message_rules(const Turn& turn) const;

  // An automatic interaction of `member`: counts it (badges) and pays by the rule, within the cooldown and caps.
  // `reference` is the ledger's reference (the event key). `activity`, when given,
  // is the member's row for this kind already read by the caller (it is updated and saved here). Returns points
  // paid. `messages`, when given (a reply, which also counts as a message), is the member's "message" row, changed
  // by the caller: it is saved here too, with the balance when the interaction pays.
  std::int64_t interaction(Turn& turn, storage::MemberRow& member, Kind kind, const std::string& reference,
                           storage::ActivityRow* activity = nullptr, const storage::ActivityRow* messages = nullptr);

  // interaction() for something a member wrote (a question, an answer, a topic post): too short for the kind's
  // min_length, or a near-duplicate of the member's previous one of this kind, earns nothing and does not count.
  std::int64_t content_interaction(Turn& turn, storage::MemberRow& member, Kind kind, const std::string& reference,
                                   std::string_view text);

  // A direct change (check-in, /award, /revoke): always in the ledger; levels and badges follow.
  // Returns the new balance.
  std::int64_t change(Turn& turn, storage::MemberRow& member, std::int64_t delta, const char* reason,
                      const std::string& reference, std::optional<std::int64_t> actor_id, const std::string& note,
                      bool counts_as_earned);
  // change() for automatic points: also records the member's new total for the day (overall daily cap).
  std::int64_t change_automatic(Turn& turn, storage::MemberRow& member, std::int64_t delta, const char* reason,
                                const std::string& reference, std::int64_t day, std::int64_t day_points,
                                const storage::ActivityRow* message_activity = nullptr);

  // Badges whose metric reached its threshold between `before` and `after` (exclusive, inclusive).
  void check_badges(Turn& turn, const storage::MemberRow& member, config::BadgeMetric metric, std::int64_t before,
                    std::int64_t after);

  // The level index for lifetime points, and the level's title.
  int level_for(std::int64_t earned) const;
  // The level at `index`, clamped to the configured ladder (a stored level may predate a shorter ladder).
  const config::LevelConfig& level(int index) const {
    const int last = static_cast<int>(config_.levels.size()) - 1;
    return config_.levels[static_cast<std::size_t>(std::clamp(index, 0, last))];
  }
  int level_count() const { return static_cast<int>(config_.levels.size()); }

  std::int64_t today(std::int64_t at_ms) const;

 private:
  std::int64_t apply(Turn& turn, storage::MemberRow& member, const storage::PointsChange& change);
  void after_points(Turn& turn, storage::MemberRow& member, const std::string& reference);

  const config::Config& config_;
  Services* services_ = nullptr;
};

}  // namespace fanbase::handlers
