// [points], [[levels]] and [[badges]]: what earns points, the level ladder and the badges. Read by
// config/read_points.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fanbase::config {

// One automatic points rule. cooldown and daily cap are per member and per kind.
struct RuleConfig {
  bool enabled = true;
  int points = 1;
  int cooldown_seconds = 0;                // earn at most once per this many seconds; 0 = no cooldown
  int daily_cap = 0;                       // at most this many points of this kind per day; 0 = no cap
  int min_length = 0;                      // fewer letters and digits earn nothing (see the example TOML)

  bool operator==(const RuleConfig&) const = default;
};

struct CheckinConfig {
  int points = 5;                          // base points of /checkin
  int streak_bonus = 1;                    // + this per consecutive day after the first ...
  int streak_bonus_max = 10;               // ... up to this many bonus steps

  bool operator==(const CheckinConfig&) const = default;
};

// The doubles compare exactly; the readers never store NaN (they reject it), so == is reflexive.
struct PointsConfig {
  RuleConfig message{true, 1, 60, 100, 3};
  RuleConfig reply{true, 2, 60, 100, 3};
  RuleConfig reaction_received{true, 1, 0, 50, 0};
  RuleConfig question{true, 5, 300, 50, 0};
  RuleConfig answer{true, 10, 60, 100, 4};
  RuleConfig accepted_answer{true, 25, 0, 0, 0};
  RuleConfig upvote_received{true, 2, 0, 100, 0};
  RuleConfig topic_started{true, 5, 600, 25, 0};
  RuleConfig topic_post{true, 2, 60, 50, 3};
  CheckinConfig checkin;
  int daily_cap = 300;                     // all automatic kinds together, per member per day; 0 = none
  double near_duplicate = 0.85;            // similarity to the member's previous message at which it earns nothing
  int max_award = 10000;                   // largest N for /award and /revoke

  bool operator==(const PointsConfig&) const = default;
};

struct LevelConfig {
  std::int64_t threshold = 0;              // lifetime points needed; strictly increasing, first is 0
  std::string title;                       // honour title, e.g. "粉丝达人 Super Fan"; every language's default
  std::string title_zh;                    // shown in zh communities; empty: `title`

  // The title a community in `language` reads ("en", "zh").
  const std::string& title_in(std::string_view language) const {
    return language == "zh" && !title_zh.empty() ? title_zh : title;
  }

  bool operator==(const LevelConfig&) const = default;
};

enum class BadgeMetric {
  messages, replies, reactions_received, checkins, checkin_streak, points,
  questions, answers, accepted_answers, upvotes_received, topics_started, topic_posts,
};

struct BadgeConfig {
  std::string id;                          // stable key stored in the database, e.g. "first_words"
  std::string name;                        // shown to members
  std::string description;
  BadgeMetric metric = BadgeMetric::messages;
  std::int64_t at = 1;                     // awarded when the metric reaches this value
  std::string name_zh;                     // shown in zh communities; empty: `name`
  std::string description_zh;              // shown in zh communities; empty: `description`

  // The name and description a community in `language` reads ("en", "zh").
  const std::string& name_in(std::string_view language) const {
    return language == "zh" && !name_zh.empty() ? name_zh : name;
  }
  const std::string& description_in(std::string_view language) const {
    return language == "zh" && !description_zh.empty() ? description_zh : description;
  }

  bool operator==(const BadgeConfig&) const = default;
};

const char* to_string(BadgeMetric metric) noexcept;

}  // namespace fanbase::config
