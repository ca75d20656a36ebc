// [points] (automatic rules, check-in, caps), [[levels]] (the ladder) and [[badges]].
#include "config/section_readers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanbase::config {

namespace detail {

namespace {

// ---- ranges ---------------------------------------------------------------------------------------------

constexpr std::int64_t max_rule_points = 1'000'000;
constexpr std::int64_t max_cooldown_seconds = 7 * 86'400;
constexpr std::int64_t max_rule_daily_cap = 1'000'000;
constexpr std::int64_t max_min_length = 10'000;
constexpr std::int64_t max_checkin_points = 1'000'000;
constexpr std::int64_t max_streak_bonus = 1'000'000;
constexpr std::int64_t max_streak_bonus_steps = 3'650;
constexpr std::int64_t max_total_daily_cap = 10'000'000;
constexpr std::int64_t max_max_award = 1'000'000'000;
constexpr std::int64_t max_level_threshold = 1'000'000'000'000;
constexpr std::int64_t max_badge_at = 1'000'000'000'000;
constexpr std::size_t max_badge_id_length = 64;

constexpr std::array<std::string_view, 12> metric_names{
    "messages",  "replies", "reactions_received", "checkins",         "checkin_streak", "points",
    "questions", "answers", "accepted_answers",   "upvotes_received", "topics_started", "topic_posts",
};

bool is_badge_id(std::string_view id) {
  return !id.empty() && id.size() <= max_badge_id_length && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

void read_rule(TableReader t, RuleConfig& rule) {
  t.read_bool("enabled", rule.enabled);
  t.read_int("points", rule.points, 0, max_rule_points);
  t.read_int("cooldown_seconds", rule.cooldown_seconds, 0, max_cooldown_seconds);
  t.read_int("daily_cap", rule.daily_cap, 0, max_rule_daily_cap);
  t.read_int("min_length", rule.min_length, 0, max_min_length);
  t.finish();
}

}  // namespace

// ---- built-in defaults, identical to config/fanbase.example.toml -----------------------------------------

std::vector<LevelConfig> default_levels() {
  return {
      {0, "新粉 Newcomer", "新粉"},
      {50, "活跃粉 Regular", "活跃粉"},
      {200, "粉丝达人 Super Fan", "粉丝达人"},
      {600, "核心粉 Core Fan", "核心粉"},
      {1500, "意见领袖 Opinion Leader", "意见领袖"},
      {4000, "传奇 Legend", "传奇"},
  };
}

std::vector<BadgeConfig> default_badges() {
  using M = BadgeMetric;
  return {
      {"first_words", "初次发言 First Words", "Sent a first message · 第一次发言", M::messages, 1, "初次发言", "第一次发言"},
      {"chatterbox", "话痨 Chatterbox", "Sent 100 messages · 发言 100 次", M::messages, 100, "话痨", "发言 100 次"},
      {"helpful", "热心肠 Helpful", "Replied to others 25 times · 回复他人 25 次", M::replies, 25, "热心肠",
       "回复他人 25 次"},
      {"week_streak", "七日连签 Week Streak", "Checked in 7 days in a row · 连续签到 7 天", M::checkin_streak, 7,
       "七日连签", "连续签到 7 天"},
      {"month_streak", "月度坚持 Month Streak", "Checked in 30 days in a row · 连续签到 30 天", M::checkin_streak, 30,
       "月度坚持", "连续签到 30 天"},
      {"thousand_club", "千分俱乐部 Thousand Club", "Earned 1000 points in total · 累计获得 1000 积分", M::points, 1000,
       "千分俱乐部", "累计获得 1000 积分"},
      {"first_question", "好奇宝宝 First Question", "Asked a first question · 第一次提问", M::questions, 1, "好奇宝宝",
       "第一次提问"},
      {"first_answer", "乐于助人 First Answer", "Answered a first question · 第一次回答", M::answers, 1, "乐于助人",
       "第一次回答"},
      {"accepted", "最佳答案 Accepted", "Had an answer accepted · 回答被采纳", M::accepted_answers, 1, "最佳答案",
       "回答被采纳"},
  };
}

void read_points(TableReader t, PointsConfig& points) {
  const std::pair<std::string_view, RuleConfig*> rules[] = {
      {"message", &points.message},
      {"reply", &points.reply},
      {"reaction_received", &points.reaction_received},
      {"question", &points.question},
      {"answer", &points.answer},
      {"accepted_answer", &points.accepted_answer},
      {"upvote_received", &points.upvote_received},
      {"topic_started", &points.topic_started},
      {"topic_post", &points.topic_post},
  };
  for (const auto& [name, rule] : rules) {
    if (auto sub = t.sub_table(name)) read_rule(std::move(*sub), *rule);
  }
  if (auto checkin = t.sub_table("checkin")) {
    checkin->read_int("points", points.checkin.points, 0, max_checkin_points);
    checkin->read_int("streak_bonus", points.checkin.streak_bonus, 0, max_streak_bonus);
    checkin->read_int("streak_bonus_max", points.checkin.streak_bonus_max, 0, max_streak_bonus_steps);
    checkin->finish();
  }
  t.read_int("daily_cap", points.daily_cap, 0, max_total_daily_cap);
  t.read_fraction("near_duplicate", points.near_duplicate);
  t.read_int("max_award", points.max_award, 1, max_max_award);
  t.finish();
}

void read_levels(const toml::array& array, const std::string& path, Problems& problems,
                 std::vector<LevelConfig>& out) {
  if (array.empty()) {
    problems.add(array.source(), path, "at least one level is required");
    return;
  }
  struct Read {
    LevelConfig level;
    const toml::node* threshold_node = nullptr;  // null when the threshold was missing or invalid
    std::string path;
  };
  std::vector<Read> levels;
  const auto tables = tables_of(array, path, problems);
  bool all_thresholds = tables.size() == array.size();  // "lowest must be 0" is only checked on a complete ladder
  for (const auto& [table, element] : tables) {
    TableReader t(*table, element, problems);
    Read read;  // default-initialised members: g++ 12 misreads an aggregate brace-init here (-Wmaybe-uninitialized)
    read.path = element;
    if (const auto* node = t.require("threshold")) {
      if (const auto v = to_int(*node, t.path_of("threshold"), 0, max_level_threshold, problems)) {
        read.level.threshold = *v;
        read.threshold_node = node;
      }
    }
    if (read.threshold_node == nullptr) all_thresholds = false;
    if (const auto* node = t.require("title")) {
      if (auto title = to_string_value(*node, t.path_of("title"), true, problems)) {
        read.level.title = std::move(*title);
      }
    }
    t.read_string("title_zh", read.level.title_zh, true);
    t.finish();
    levels.push_back(std::move(read));
  }

  std::map<std::int64_t, const Read*> first_with;  // threshold → first level in file order
  for (const auto& read : levels) {
    if (read.threshold_node == nullptr) continue;
    const auto [it, inserted] = first_with.try_emplace(read.level.threshold, &read);
    if (!inserted) {
      problems.add(read.threshold_node->source(), child_path(read.path, "threshold"),
                   "duplicate threshold " + std::to_string(read.level.threshold) + "; first used by " +
                       it->second->path + " at line " +
                       std::to_string(it->second->threshold_node->source().begin.line));
    }
  }
  if (all_thresholds && !first_with.empty() && first_with.begin()->first != 0) {
    const Read& lowest = *first_with.begin()->second;
    problems.add(lowest.threshold_node->source(), child_path(lowest.path, "threshold"),
                 "the lowest level's threshold must be 0, got " + std::to_string(lowest.level.threshold));
  }

  out.clear();
  for (auto& read : levels) out.push_back(std::move(read.level));
  std::stable_sort(out.begin(), out.end(),
                   [](const LevelConfig& a, const LevelConfig& b) { return a.threshold < b.threshold; });
}

void read_badges(const toml::array& array, const std::string& path, Problems& problems,
                 std::vector<BadgeConfig>& out) {
  struct Seen {
    std::string path;
    std::int64_t line;
  };
  std::map<std::string, Seen, std::less<>> seen;  // id → first badge with it
  out.clear();
  for (const auto& [table, element] : tables_of(array, path, problems)) {
    TableReader t(*table, element, problems);
    BadgeConfig badge;
    if (const auto* node = t.require("id")) {
      if (auto id = to_string_value(*node, t.path_of("id"), false, problems)) {
        if (!is_badge_id(*id)) {
          problems.add(node->source(), t.path_of("id"),
                       "expected an id of 1 to " + std::to_string(max_badge_id_length) +
                           " characters from [a-z0-9_], got " + quoted(*id));
        } else if (const auto [it, inserted] = seen.try_emplace(*id, Seen{element, node->source().begin.line});
                   !inserted) {
          problems.add(node->source(), t.path_of("id"),
                       "duplicate badge id " + quoted(*id) + "; first used by " + it->second.path + " at line " +
                           std::to_string(it->second.line));
        } else {
          badge.id = std::move(*id);
        }
      }
    }
    if (const auto* node = t.require("name")) {
      if (auto name = to_string_value(*node, t.path_of("name"), true, problems)) badge.name = std::move(*name);
    }
    t.read_string("name_zh", badge.name_zh, true);
    t.read_string("description", badge.description, false);
    t.read_string("description_zh", badge.description_zh, false);
    if (const auto* node = t.require("metric")) {
      if (const auto i = to_choice(*node, t.path_of("metric"), metric_names, problems)) {
        badge.metric = static_cast<BadgeMetric>(*i);
      }
    }
    if (const auto* node = t.get("at")) {
      if (const auto v = to_int(*node, t.path_of("at"), 1, max_badge_at, problems)) badge.at = *v;
    }
    t.finish();
    out.push_back(std::move(badge));
  }
}

}  // namespace detail

const char* to_string(BadgeMetric metric) noexcept {
  const auto i = static_cast<std::size_t>(metric);
  return i < detail::metric_names.size() ? detail::metric_names[i].data() : "unknown";
}

}  // namespace fanbase::config
