// Loading and validating the owner's TOML into config::Config (see load_config.hpp).
// Every reader below records a problem and keeps the documented default instead of stopping, so one run of
// `fanbase` lists everything that is wrong with a file. toml++ types never leave this file.
#include "config/load_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/moderation_text.hpp"

namespace fanbase::config {

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
constexpr std::int64_t max_batch_events = 10'000;
constexpr std::int64_t max_batch_wait_us = 1'000'000;
constexpr std::size_t max_badge_id_length = 64;
constexpr int min_utc_offset_minutes = -12 * 60;
constexpr int max_utc_offset_minutes = 14 * 60;

// ---- enum-like names (order matches the enums in config.hpp) --------------------------------------------

constexpr std::array<std::string_view, 2> platform_names{"console", "telegram"};
constexpr std::array<std::string_view, 2> synchronous_names{"normal", "full"};
constexpr std::array<std::string_view, 2> language_names{"en", "zh"};
constexpr std::array<std::string_view, 5> log_level_names{"debug", "info", "warn", "error", "off"};
constexpr std::array<std::string_view, 12> metric_names{
    "messages",  "replies", "reactions_received", "checkins",         "checkin_streak", "points",
    "questions", "answers", "accepted_answers",   "upvotes_received", "topics_started", "topic_posts",
};

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

// ---- key paths ------------------------------------------------------------------------------------------

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// "points" + "message" → "points.message"; keys that are not bare TOML keys are quoted as in the file.
std::string child_path(std::string_view parent, std::string_view key) {
  std::string out(parent);
  if (!out.empty()) out += '.';
  if (is_bare_key(key)) {
    out += key;
  } else {
    out += '"';
    for (char c : key) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

std::string element_path(std::string_view array_path, std::size_t index) {
  return std::string(array_path) + "[" + std::to_string(index) + "]";
}

// ---- problems -------------------------------------------------------------------------------------------

std::string type_phrase(toml::node_type type) {
  switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string one_of(std::span<const std::string_view> names) {
  std::string out = "expected one of: ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

// A scalar as it would be written in TOML, for "got ..." in messages.
std::string toml_text(const toml::node& node) {
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

// Levenshtein distance, for suggesting the key an unknown key was probably meant to be.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The problems of one document, in the order they are found; sorted by position when taken.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void add(const toml::source_region& where, std::string key, std::string message) {
    problems_.push_back(Problem{file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
                                std::move(key), std::move(message)});
  }
  void wrong_type(const toml::node& node, std::string key, std::string_view expected) {
    add(node.source(), std::move(key), "expected " + std::string(expected) + ", got " + type_phrase(node.type()));
  }

  const std::string& file() const noexcept { return file_; }
  bool empty() const noexcept { return problems_.empty(); }

  std::vector<Problem> take() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(problems_);
  }

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

std::string where_text(const std::string& file, const toml::source_region& where) {
  return file + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

// ---- conversions of one node; each reports its own problem and returns nullopt -------------------------

std::optional<std::int64_t> to_int(const toml::node& node, const std::string& key, std::int64_t lo, std::int64_t hi,
                                   Problems& problems) {
  const auto* value = node.as_integer();
  if (value == nullptr) {
    problems.wrong_type(node, key, "an integer");
    return std::nullopt;
  }
  const std::int64_t v = value->get();
  if (v < lo || v > hi) {
    problems.add(node.source(), key,
                 "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                     std::to_string(v));
    return std::nullopt;
  }
  return v;
}

// A float in [0.0, 1.0]; the integers 0 and 1 are accepted too.
std::optional<double> to_fraction(const toml::node& node, const std::string& key, Problems& problems) {
  double v = 0;
  if (const auto* f = node.as_floating_point()) {
    v = f->get();
  } else if (const auto* i = node.as_integer()) {
    v = static_cast<double>(i->get());
  } else {
    problems.wrong_type(node, key, "a number");
    return std::nullopt;
  }
  if (!(v >= 0.0 && v <= 1.0)) {  // also rejects nan
    problems.add(node.source(), key, "expected a number in [0.0, 1.0], got " + toml_text(node));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> to_bool(const toml::node& node, const std::string& key, Problems& problems) {
  if (const auto* b = node.as_boolean()) return b->get();
  problems.wrong_type(node, key, "a boolean");
  return std::nullopt;
}

std::optional<std::string> to_string_value(const toml::node& node, const std::string& key, bool non_empty,
                                           Problems& problems) {
  const auto* s = node.as_string();
  if (s == nullptr) {
    problems.wrong_type(node, key, "a string");
    return std::nullopt;
  }
  if (non_empty && s->get().empty()) {
    problems.add(node.source(), key, "expected a non-empty string");
    return std::nullopt;
  }
  return s->get();
}

// The index of the name in `names`.
std::optional<std::size_t> to_choice(const toml::node& node, const std::string& key,
                                     std::span<const std::string_view> names, Problems& problems) {
  const auto* s = node.as_string();
  if (s == nullptr) {
    problems.wrong_type(node, key, "a string");
    return std::nullopt;
  }
  const auto it = std::find(names.begin(), names.end(), std::string_view(s->get()));
  if (it == names.end()) {
    problems.add(node.source(), key, one_of(names) + " (got " + quoted(s->get()) + ")");
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - names.begin());
}

// A user or chat id: an integer (Telegram) stored as decimal text, or a non-empty string.
std::optional<std::string> to_id(const toml::node& node, const std::string& key, Problems& problems) {
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* s = node.as_string()) {
    if (!s->get().empty()) return s->get();
    problems.add(node.source(), key, "expected a non-empty string");
    return std::nullopt;
  }
  problems.wrong_type(node, key, "an integer or a string");
  return std::nullopt;
}

// "UTC", "+08:00", "-05:30" → minutes east of UTC.
std::optional<int> parse_utc_offset(std::string_view text) {
  if (text == "UTC") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  for (std::size_t i : {1u, 2u, 4u, 5u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (minutes > 59) return std::nullopt;
  const int total = (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  if (total < min_utc_offset_minutes || total > max_utc_offset_minutes) return std::nullopt;
  return total;
}

std::optional<int> to_utc_offset(const toml::node& node, const std::string& key, Problems& problems) {
  const auto text = to_string_value(node, key, false, problems);
  if (!text) return std::nullopt;
  const auto minutes = parse_utc_offset(*text);
  if (!minutes) {
    problems.add(node.source(), key,
                 "expected \"UTC\" or an offset \"+HH:MM\" / \"-HH:MM\" in [-12:00, +14:00] (got " +
                     quoted(*text) + ")");
  }
  return minutes;
}

constexpr std::array<std::string_view, 6> sanction_names{"log", "delete", "warn", "mute", "kick", "ban"};

bool is_badge_id(std::string_view id) {
  return !id.empty() && id.size() <= max_badge_id_length && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool is_username(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// ---- one table ------------------------------------------------------------------------------------------

// Reads the keys of one TOML table by name and, in finish(), reports every key nobody asked for ("unknown
// key": usually a typo). Values that fail to convert leave the output untouched, i.e. at its default.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Problems& problems)
      : table_(table), path_(std::move(path)), problems_(problems) {}

  const std::string& path() const noexcept { return path_; }
  const toml::table& table() const noexcept { return table_; }
  Problems& problems() const noexcept { return problems_; }
  std::string path_of(std::string_view key) const { return child_path(path_, key); }

  // The node under `key`, or nullptr when absent. Marks the key as known.
  const toml::node* get(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }

  // Like get(), but an absent key is a problem reported at the table.
  const toml::node* require(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) problems_.add(table_.source(), path_of(key), "missing required key");
    return node;
  }

  void read_int(std::string_view key, int& out, std::int64_t lo, std::int64_t hi) {
    if (const auto* node = get(key)) {
      if (const auto v = to_int(*node, path_of(key), lo, hi, problems_)) out = static_cast<int>(*v);
    }
  }
  void read_bool(std::string_view key, bool& out) {
    if (const auto* node = get(key)) {
      if (const auto v = to_bool(*node, path_of(key), problems_)) out = *v;
    }
  }
  void read_fraction(std::string_view key, double& out) {
    if (const auto* node = get(key)) {
      if (const auto v = to_fraction(*node, path_of(key), problems_)) out = *v;
    }
  }
  void read_string(std::string_view key, std::string& out, bool non_empty) {
    if (const auto* node = get(key)) {
      if (auto v = to_string_value(*node, path_of(key), non_empty, problems_)) out = std::move(*v);
    }
  }
  // A string that must be one of `names`; stored as the name itself.
  void read_name(std::string_view key, std::string& out, std::span<const std::string_view> names) {
    if (const auto* node = get(key)) {
      if (const auto i = to_choice(*node, path_of(key), names, problems_)) out = std::string(names[*i]);
    }
  }
  template <class Enum>
  void read_enum(std::string_view key, Enum& out, std::span<const std::string_view> names) {
    if (const auto* node = get(key)) {
      if (const auto i = to_choice(*node, path_of(key), names, problems_)) out = static_cast<Enum>(*i);
    }
  }
  // An array of user ids, each an integer or a string.
  void read_ids(std::string_view key, std::vector<std::string>& out) {
    const auto* node = get(key);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr) {
      problems_.wrong_type(*node, path_of(key), "an array");
      return;
    }
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (auto id = to_id((*array)[i], element_path(path_of(key), i), problems_)) ids.push_back(std::move(*id));
    }
    out = std::move(ids);
  }

  // An array of strings, each with where it was written ("file:line:column").
  void read_strings(std::string_view key, std::vector<PatternConfig>& out, bool non_empty) {
    const auto* node = get(key);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr) {
      problems_.wrong_type(*node, path_of(key), "an array of strings");
      return;
    }
    std::vector<PatternConfig> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto& element = (*array)[i];
      if (auto v = to_string_value(element, element_path(path_of(key), i), non_empty, problems_)) {
        values.push_back({std::move(*v), where_text(problems_.file(), element.source())});
      }
    }
    out = std::move(values);
  }
  void read_strings(std::string_view key, std::vector<std::string>& out, bool non_empty) {
    std::vector<PatternConfig> values;
    if (get(key) == nullptr) return;
    read_strings(key, values, non_empty);
    out.clear();
    for (auto& v : values) out.push_back(std::move(v.text));
  }
  // A duration written "30m", "24h", "7d", "1h30m": at least lo_ms and at most hi_ms.
  void read_duration(std::string_view key, std::int64_t& out_ms, std::int64_t lo_ms, std::int64_t hi_ms) {
    const auto* node = get(key);
    if (node == nullptr) return;
    const auto text = to_string_value(*node, path_of(key), true, problems_);
    if (!text) return;
    const auto ms = parse_duration_ms(*text);
    if (!ms || *ms < lo_ms || *ms > hi_ms) {
      problems_.add(node->source(), path_of(key),
                    "expected a duration like \"30m\", \"24h\" or \"7d\" from " + format_duration(lo_ms) + " to " +
                        format_duration(hi_ms) + " (got " + quoted(*text) + ")");
      return;
    }
    out_ms = *ms;
  }

  // The sub-table under `key`, or nullopt when absent or not a table (the latter reported).
  std::optional<TableReader> sub_table(std::string_view key) {
    const auto* node = get(key);
    if (node == nullptr) return std::nullopt;
    const auto* table = node->as_table();
    if (table == nullptr) {
      problems_.wrong_type(*node, path_of(key), "a table");
      return std::nullopt;
    }
    return TableReader(*table, path_of(key), problems_);
  }

  // The array under `key` (e.g. `[[levels]]`), or nullptr when absent or not an array (the latter reported).
  const toml::array* array(std::string_view key) {
    const auto* node = get(key);
    if (node == nullptr) return nullptr;
    const auto* array = node->as_array();
    if (array == nullptr) problems_.wrong_type(*node, path_of(key), "an array of tables");
    return array;
  }

  void finish() {
    for (auto&& [key, node] : table_) {
      if (known_.count(key.str()) == 0) problems_.add(key.source(), path_of(key.str()), unknown_key(key.str()));
    }
  }

 private:
  // "unknown key", with the nearest known key when it is probably a typo of it.
  std::string unknown_key(std::string_view key) const {
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only within two edits
    for (const auto& candidate : known_) {
      if (table_.contains(candidate)) continue;
      const std::size_t d = edit_distance(key, candidate);
      if (d < best_distance) {
        best = candidate;
        best_distance = d;
      }
    }
    return best.empty() ? std::string("unknown key") : "unknown key (did you mean " + quoted(best) + "?)";
  }

  const toml::table& table_;
  std::string path_;
  Problems& problems_;
  std::set<std::string, std::less<>> known_;
};

// The tables of an array of tables, with their paths; elements that are not tables are reported.
std::vector<std::pair<const toml::table*, std::string>> tables_of(const toml::array& array, const std::string& path,
                                                                  Problems& problems) {
  std::vector<std::pair<const toml::table*, std::string>> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string element = element_path(path, i);
    if (const auto* table = array[i].as_table()) {
      out.emplace_back(table, element);
    } else {
      problems.wrong_type(array[i], element, "a table");
    }
  }
  return out;
}

// ---- sections -------------------------------------------------------------------------------------------

void read_bot(TableReader t, BotConfig& bot) {
  t.read_enum("platform", bot.platform, platform_names);
  t.read_name("language", bot.language, language_names);
  t.read_name("log_level", bot.log_level, log_level_names);
  if (const auto* node = t.get("timezone")) {
    if (const auto minutes = to_utc_offset(*node, t.path_of("timezone"), t.problems())) {
      bot.utc_offset_minutes = *minutes;
    }
  }
  t.read_ids("owners", bot.owners);
  t.read_ids("moderators", bot.moderators);
  t.finish();
}


void read_storage(TableReader t, StorageConfig& storage) {
  t.read_string("path", storage.path, true);
  t.read_enum("synchronous", storage.synchronous, synchronous_names);
  t.read_int("batch_max_events", storage.batch_max_events, 1, max_batch_events);
  t.read_int("batch_max_wait_us", storage.batch_max_wait_us, 0, max_batch_wait_us);
  t.read_int("retention_days", storage.retention_days, 2, 3650);
  t.finish();
}

void read_qa(TableReader t, QaConfig& qa) {
  t.read_int("unanswered_after_minutes", qa.unanswered_after_minutes, 0, 43'200);  // up to 30 days
  t.read_fraction("similar_min_score", qa.similar_min_score);
  t.read_int("max_suggestions", qa.max_suggestions, 0, 10);
  t.finish();
}

void read_console(TableReader t, ConsoleConfig& console) {
  t.read_string("chat_id", console.chat_id, true);
  t.read_string("chat_title", console.chat_title, true);
  t.read_string("bot_name", console.bot_name, true);
  t.read_string("default_user", console.default_user, true);
  t.finish();
}

constexpr std::array<std::string_view, 7> update_kinds{"message",          "edited_message", "callback_query",
                                                      "message_reaction", "chat_member",    "my_chat_member",
                                                      "chat_join_request"};

void read_telegram(TableReader t, TelegramConfig& telegram) {
  if (const auto* node = t.get("token_env")) {
    if (auto name = to_string_value(*node, t.path_of("token_env"), true, t.problems())) {
      const bool ok = name->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
                          std::string::npos && !(name->front() >= '0' && name->front() <= '9');
      if (ok) {
        telegram.token_env = std::move(*name);
      } else {
        t.problems().add(node->source(), t.path_of("token_env"),
                         "expected the NAME of an environment variable (letters, digits, '_'), not the token itself");
      }
    }
  }
  if (const auto* node = t.get("api_base")) {
    if (auto base = to_string_value(*node, t.path_of("api_base"), true, t.problems())) {
      const bool scheme = base->rfind("https://", 0) == 0 || base->rfind("http://", 0) == 0;
      const auto host_start = base->find("://") + 3;
      if (scheme && base->find('/', host_start) == std::string::npos) {
        telegram.api_base = std::move(*base);
      } else {
        t.problems().add(node->source(), t.path_of("api_base"),
                         "expected \"https://host[:port]\" with no path (plain http only for a loopback test server)");
      }
    }
  }
  t.read_int("poll_timeout_seconds", telegram.poll_timeout_seconds, 0, 120);
  if (const auto* node = t.get("mode")) {
    if (auto mode = to_string_value(*node, t.path_of("mode"), true, t.problems())) {
      if (*mode == "polling" || *mode == "webhook") {
        telegram.mode = std::move(*mode);
      } else {
        t.problems().add(node->source(), t.path_of("mode"), "expected one of: polling, webhook (got " + quoted(*mode) + ")");
      }
    }
  }
  t.read_string("public_url", telegram.public_url, false);
  if (const auto* node = t.get("webhook_path")) {
    if (auto path = to_string_value(*node, t.path_of("webhook_path"), true, t.problems())) {
      if (path->front() == '/' && path->find_first_of(" ?#") == std::string::npos) {
        telegram.webhook_path = std::move(*path);
      } else {
        t.problems().add(node->source(), t.path_of("webhook_path"), "expected a path starting with '/', got " + quoted(*path));
      }
    }
  }
  t.read_string("webhook_listen", telegram.webhook_listen, true);
  t.read_int("webhook_port", telegram.webhook_port, 0, 65535);
  t.read_string("secret_env", telegram.secret_env, true);
  t.read_string("tls_cert_file", telegram.tls_cert_file, false);
  t.read_string("tls_key_file", telegram.tls_key_file, false);
  if (telegram.mode == "webhook" && telegram.public_url.rfind("https://", 0) != 0) {
    t.problems().add(t.table().source(), t.path_of("public_url"),
                     "webhook mode needs public_url = \"https://your.host\" (Telegram only calls HTTPS)");
  }
  if (telegram.tls_cert_file.empty() != telegram.tls_key_file.empty()) {
    t.problems().add(t.table().source(), t.path_of("tls_cert_file"), "tls_cert_file and tls_key_file go together");
  }
  if (const auto* node = t.get("allowed_updates")) {
    if (const auto* array = node->as_array()) {
      std::vector<std::string> kinds;
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto path = element_path(t.path_of("allowed_updates"), i);
        auto kind = to_string_value((*array)[i], path, true, t.problems());
        if (!kind) continue;
        if (std::find(update_kinds.begin(), update_kinds.end(), *kind) == update_kinds.end()) {
          t.problems().add((*array)[i].source(), path, "not an update kind Fanbase handles: " + quoted(*kind));
          continue;
        }
        kinds.push_back(std::move(*kind));
      }
      telegram.allowed_updates = std::move(kinds);
    } else {
      t.problems().wrong_type(*node, t.path_of("allowed_updates"), "an array of strings");
    }
  }
  if (const auto* node = t.get("bot_username")) {
    if (auto name = to_string_value(*node, t.path_of("bot_username"), false, t.problems())) {
      if (!name->empty() && name->front() == '@') name->erase(0, 1);
      if (is_username(*name)) {
        telegram.bot_username = std::move(*name);
      } else {
        t.problems().add(node->source(), t.path_of("bot_username"),
                         "expected a Telegram username (letters, digits and '_'), got " + quoted(*name));
      }
    }
  }
  t.finish();
}

void read_communities(const toml::array& array, const std::string& path, Problems& problems,
                      std::vector<CommunityConfig>& out) {
  struct Seen {
    std::string path;
    std::int64_t line;
  };
  std::map<std::pair<std::string, std::string>, Seen> seen;  // (platform, chat_id) → first entry
  for (const auto& [table, element] : tables_of(array, path, problems)) {
    TableReader t(*table, element, problems);
    CommunityConfig community;
    bool identified = true;
    if (const auto* node = t.require("platform")) {
      if (const auto i = to_choice(*node, t.path_of("platform"), platform_names, problems)) {
        community.platform = std::string(platform_names[*i]);
      } else {
        identified = false;
      }
    } else {
      identified = false;
    }
    const toml::node* chat_id = t.require("chat_id");
    if (chat_id != nullptr) {
      if (auto id = to_id(*chat_id, t.path_of("chat_id"), problems)) {
        community.chat_id = std::move(*id);
      } else {
        identified = false;
      }
    } else {
      identified = false;
    }
    t.read_name("language", community.language, language_names);
    t.read_ids("owners", community.owners);
    t.read_ids("moderators", community.moderators);
    t.finish();

    if (identified) {
      const auto [it, inserted] = seen.try_emplace({community.platform, community.chat_id},
                                                   Seen{element, chat_id->source().begin.line});
      if (!inserted) {
        problems.add(chat_id->source(), t.path_of("chat_id"),
                     "duplicate community " + community.platform + " " + quoted(community.chat_id) +
                         "; first defined by " + it->second.path + " at line " + std::to_string(it->second.line));
      }
    }
    out.push_back(std::move(community));
  }
}

void read_rule(TableReader t, RuleConfig& rule) {
  t.read_bool("enabled", rule.enabled);
  t.read_int("points", rule.points, 0, max_rule_points);
  t.read_int("cooldown_seconds", rule.cooldown_seconds, 0, max_cooldown_seconds);
  t.read_int("daily_cap", rule.daily_cap, 0, max_rule_daily_cap);
  t.read_int("min_length", rule.min_length, 0, max_min_length);
  t.finish();
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

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t max_sanction_ms = 366LL * 86'400'000;

void read_moderation(TableReader t, ModerationConfig& m) {
  t.read_bool("trust_platform_admins", m.trust_platform_admins);
  t.read_string("mod_chat", m.mod_chat, false);
  t.read_int("warn_expire_days", m.warn_expire_days, 0, 3650);
  t.read_int("warn_penalty", m.warn_penalty, 0, 100'000);
  t.read_int("mute_penalty", m.mute_penalty, 0, 100'000);
  t.read_int("ban_penalty", m.ban_penalty, 0, 100'000);
  if (const auto* a = t.array("escalation")) {
    m.escalation.clear();
    std::map<int, std::string> seen;
    for (const auto& [table, element] : tables_of(*a, t.path_of("escalation"), t.problems())) {
      TableReader s(*table, element, t.problems());
      EscalationStep step;
      step.duration_ms = 0;
      if (s.require("warnings") != nullptr) s.read_int("warnings", step.warnings, 1, 100);
      if (const auto* node = s.require("action")) {
        s.read_enum("action", step.action, sanction_names);
        if (step.action != Sanction::mute && step.action != Sanction::kick && step.action != Sanction::ban) {
          t.problems().add(node->source(), s.path_of("action"), "an escalation step must mute, kick or ban");
        }
      }
      s.read_duration("duration", step.duration_ms, minute_ms, max_sanction_ms);
      if (step.action == Sanction::mute && step.duration_ms == 0) {
        t.problems().add(table->source(), s.path_of("duration"), "a mute step needs a duration, e.g. \"24h\"");
      }
      s.finish();
      if (const auto* node = table->get("warnings"); node != nullptr && seen.count(step.warnings)) {
        t.problems().add(node->source(), s.path_of("warnings"),
                         "two steps at " + std::to_string(step.warnings) + " warnings (first: " + seen[step.warnings] + ")");
      }
      seen.emplace(step.warnings, element);
      m.escalation.push_back(step);
    }
    std::sort(m.escalation.begin(), m.escalation.end(),
              [](const EscalationStep& a, const EscalationStep& b) { return a.warnings < b.warnings; });
  }
  t.finish();
}

void read_filter_rule(TableReader& t, FilterRule& rule) {
  t.read_bool("enabled", rule.enabled);
  if (const auto* node = t.get("action")) {
    t.read_enum("action", rule.action, sanction_names);
    (void)node;
  }
  t.read_int("mute_minutes", rule.mute_minutes, 1, 366 * 24 * 60);
  t.read_ids("exempt_users", rule.exempt_users);
}

void read_filters(TableReader t, FiltersConfig& f) {
  t.read_bool("exempt_moderators", f.exempt_moderators);
  t.read_ids("exempt_users", f.exempt_users);
  if (auto s = t.sub_table("blocklist")) {
    read_filter_rule(*s, f.blocklist);
    s->read_strings("words", f.words, true);
    s->read_strings("patterns", f.patterns, true);
    s->finish();
  }
  if (auto s = t.sub_table("links")) {
    read_filter_rule(*s, f.links);
    s->read_strings("allowed_domains", f.allowed_domains, true);
    s->read_int("new_member_hours", f.links_new_member_hours, 0, 24 * 365);
    s->read_bool("block_all", f.links_block_all);
    s->finish();
  }
  if (auto s = t.sub_table("flood")) {
    read_filter_rule(*s, f.flood);
    s->read_int("messages", f.flood_messages, 2, 1000);
    s->read_int("seconds", f.flood_seconds, 1, 3600);
    s->finish();
  }
  if (auto s = t.sub_table("repeat")) {
    read_filter_rule(*s, f.repeat);
    s->read_int("count", f.repeat_count, 2, 100);
    s->read_int("seconds", f.repeat_seconds, 1, 86'400);
    s->finish();
  }
  if (auto s = t.sub_table("mentions")) {
    read_filter_rule(*s, f.mentions);
    s->read_int("max", f.max_mentions, 1, 100);
    s->finish();
  }
  if (auto s = t.sub_table("caps")) {
    read_filter_rule(*s, f.caps);
    s->read_int("min_letters", f.caps_min_letters, 1, 1000);
    s->read_fraction("ratio", f.caps_ratio);
    s->finish();
  }
  if (auto s = t.sub_table("raid")) {
    s->read_bool("enabled", f.raid_enabled);
    s->read_int("joins", f.raid_joins, 2, 10'000);
    s->read_int("seconds", f.raid_seconds, 1, 3600);
    s->read_int("mute_minutes", f.raid_mute_minutes, 1, 366 * 24 * 60);
    s->finish();
  }
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

void read_messages(const toml::table& table, const std::string& path, Problems& problems,
                   std::map<std::string, std::map<std::string, MessageOverride>>& out) {
  for (auto&& [language, node] : table) {
    const std::string language_path = child_path(path, language.str());
    if (std::find(language_names.begin(), language_names.end(), language.str()) == language_names.end()) {
      problems.add(language.source(), language_path, "unknown language; " + one_of(language_names));
      continue;
    }
    const auto* overrides = node.as_table();
    if (overrides == nullptr) {
      problems.wrong_type(node, language_path, "a table");
      continue;
    }
    auto& catalogue = out[std::string(language.str())];
    for (auto&& [key, value] : *overrides) {
      if (auto text = to_string_value(value, child_path(language_path, key.str()), false, problems)) {
        catalogue[std::string(key.str())] =
            MessageOverride{std::move(*text), where_text(problems.file(), key.source())};
      }
    }
  }
}

// ---- [topics] -------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> weekday_names{"monday", "tuesday",  "wednesday", "thursday",
                                                         "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 2> topic_starter_names{"members", "moderators"};

// "HH:MM" (24-hour clock) → minutes after midnight.
std::optional<int> parse_clock_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

void read_weekly_topics(const toml::array& array, const std::string& path, Problems& problems,
                        std::vector<WeeklyTopicConfig>& out) {
  out.clear();
  for (const auto& [table, element] : tables_of(array, path, problems)) {
    TableReader t(*table, element, problems);
    WeeklyTopicConfig entry;
    if (t.require("title") != nullptr) t.read_string("title", entry.title, true);
    std::vector<std::string> tags;
    t.read_strings("tags", tags, true);
    for (auto& tag : tags) {
      while (!tag.empty() && tag.front() == '#') tag.erase(0, 1);
      if (!tag.empty()) entry.tags.push_back(std::move(tag));
    }
    if (t.require("weekday") != nullptr) t.read_enum("weekday", entry.weekday, weekday_names);
    if (const auto* node = t.require("time")) {
      if (const auto text = to_string_value(*node, t.path_of("time"), true, problems)) {
        if (const auto minutes = parse_clock_time(*text)) {
          entry.minute_of_day = *minutes;
        } else {
          problems.add(node->source(), t.path_of("time"),
                       "expected a time \"HH:MM\" from 00:00 to 23:59 (got " + quoted(*text) + ")");
        }
      }
    }
    t.read_name("platform", entry.platform, platform_names);
    if (t.require("chat_id") != nullptr) {
      if (auto id = to_id(*t.get("chat_id"), t.path_of("chat_id"), problems)) entry.chat_id = std::move(*id);
    }
    t.finish();
    out.push_back(std::move(entry));
  }
}

void read_topics(TableReader t, TopicsConfig& topics) {
  if (const auto* node = t.get("who_can_start")) {
    if (const auto i = to_choice(*node, t.path_of("who_can_start"), topic_starter_names, t.problems())) {
      topics.members_can_start = *i == 0;
    }
  }
  t.read_int("hot_half_life_hours", topics.hot_half_life_hours, 1, 24 * 365);
  t.read_int("digest_minutes", topics.digest_minutes, 1, 7 * 24 * 60);
  t.read_int("list_size", topics.list_size, 1, 50);
  t.read_int("max_title_length", topics.max_title_length, 10, 500);
  if (const auto* a = t.array("weekly")) read_weekly_topics(*a, t.path_of("weekly"), t.problems(), topics.weekly);
  t.finish();
}

// ---- [recommender], [segments], [digest] ----------------------------------------------------------------

void read_double(TableReader& t, std::string_view key, double& out, double lo, double hi) {
  const auto* node = t.get(key);
  if (node == nullptr) return;
  std::optional<double> v;
  if (const auto* d = node->as_floating_point()) v = d->get();
  else if (const auto* i = node->as_integer()) v = static_cast<double>(i->get());
  if (!v) {
    t.problems().wrong_type(*node, t.path_of(key), "a number");
    return;
  }
  if (!(*v >= lo && *v <= hi)) {
    std::ostringstream range;
    range << "expected a number in [" << lo << ", " << hi << "], got " << *v;
    t.problems().add(node->source(), t.path_of(key), range.str());
    return;
  }
  out = *v;
}

void read_recommender(TableReader t, RecommenderConfig& r) {
  t.read_bool("enabled", r.enabled);
  t.read_int("factors", r.factors, 1, 512);
  read_double(t, "lambda", r.lambda, 1e-6, 1e6);
  read_double(t, "alpha", r.alpha, 0, 1e6);
  t.read_int("iterations", r.iterations, 1, 200);
  t.read_int("cg_steps", r.cg_steps, 1, 64);
  t.read_int("threads", r.threads, 1, 64);
  t.read_int("retrain_minutes", r.retrain_minutes, 1, 7 * 24 * 60);
  t.read_int("retrain_min_interactions", r.retrain_min_interactions, 1, 10'000'000);
  t.read_string("model_path", r.model_path, false);
  t.read_int("cold_start_interactions", r.cold_start_interactions, 0, 1000);
  t.read_int("popularity_half_life_days", r.popularity_half_life_days, 1, 3650);
  t.read_fraction("diversity", r.diversity);
  t.read_string("feed_file", r.feed_file, false);
  t.read_string("feed_chat_id", r.feed_chat_id, false);
  t.read_int("feed_check_seconds", r.feed_check_seconds, 1, 86'400);
  if (!r.feed_file.empty() && r.feed_chat_id.empty()) {
    if (const auto* node = t.get("feed_file")) {
      t.problems().add(node->source(), t.path_of("feed_chat_id"), "feed_file needs feed_chat_id: the chat its posts belong to");
    }
  }
  if (auto w = t.sub_table("weights")) {
    read_double(*w, "view", r.weights.view, -100, 100);
    read_double(*w, "reply", r.weights.reply, -100, 100);
    read_double(*w, "answer", r.weights.answer, -100, 100);
    read_double(*w, "upvote", r.weights.upvote, -100, 100);
    read_double(*w, "follow", r.weights.follow, -100, 100);
    read_double(*w, "like", r.weights.like, -100, 100);
    read_double(*w, "dislike", r.weights.dislike, -100, 0);
    read_double(*w, "not_interested", r.weights.not_interested, -100, 0);
    w->finish();
  }
  t.finish();
}

void read_segments(TableReader t, SegmentsConfig& s) {
  t.read_int("k", s.k, 1, 20);
  t.read_int("restarts", s.restarts, 1, 100);
  t.read_int("pca_components", s.pca_components, 0, 20);
  t.read_int("refresh_hours", s.refresh_hours, 1, 24 * 30);
  t.finish();
}

void read_digest(TableReader t, DigestConfig& d) {
  t.read_int("default_hour", d.default_hour, 0, 23);
  t.read_int("quiet_start_hour", d.quiet_start_hour, 0, 23);
  t.read_int("quiet_end_hour", d.quiet_end_hour, 0, 23);
  t.read_int("max_items", d.max_items, 1, 20);
  t.read_int("max_per_week", d.max_per_week, 1, 50);
  t.finish();
}

Config read_document(const toml::table& root, Problems& problems, std::string source) {
  Config config;
  config.source = std::move(source);
  TableReader top(root, "", problems);
  if (auto t = top.sub_table("bot")) read_bot(std::move(*t), config.bot);
  if (auto t = top.sub_table("storage")) read_storage(std::move(*t), config.storage);
  if (auto t = top.sub_table("console")) read_console(std::move(*t), config.console);
  if (auto t = top.sub_table("telegram")) read_telegram(std::move(*t), config.telegram);
  if (const auto* a = top.array("community")) read_communities(*a, "community", problems, config.communities);
  if (auto t = top.sub_table("points")) read_points(std::move(*t), config.points);
  config.levels = default_levels();
  if (const auto* a = top.array("levels")) read_levels(*a, "levels", problems, config.levels);
  config.badges = default_badges();
  if (const auto* a = top.array("badges")) read_badges(*a, "badges", problems, config.badges);
  if (auto t = top.sub_table("moderation")) read_moderation(std::move(*t), config.moderation);
  if (auto t = top.sub_table("filters")) read_filters(std::move(*t), config.filters);
  if (auto t = top.sub_table("qa")) read_qa(std::move(*t), config.qa);
  if (auto t = top.sub_table("topics")) read_topics(std::move(*t), config.topics);
  if (auto t = top.sub_table("recommender")) read_recommender(std::move(*t), config.recommender);
  if (auto t = top.sub_table("segments")) read_segments(std::move(*t), config.segments);
  if (auto t = top.sub_table("digest")) read_digest(std::move(*t), config.digest);
  if (auto t = top.sub_table("messages")) read_messages(t->table(), t->path(), problems, config.messages);
  top.finish();
  return config;
}

std::string join_lines(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& problem : problems) {
    if (!out.empty()) out += '\n';
    out += problem.to_string();
  }
  return out;
}

}  // namespace

Problem problem_at(const std::string& where, std::string key, std::string message) {
  Problem p;
  p.key = std::move(key);
  p.message = std::move(message);
  p.file = where;
  const auto last = where.rfind(':');
  const auto mid = last == std::string::npos || last == 0 ? std::string::npos : where.rfind(':', last - 1);
  if (mid != std::string::npos) {
    int line = 0;
    int column = 0;
    std::from_chars(where.data() + mid + 1, where.data() + last, line);
    std::from_chars(where.data() + last + 1, where.data() + where.size(), column);
    p.file = where.substr(0, mid);
    p.line = line;
    p.column = column;
  }
  return p;
}

std::string Problem::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

ConfigError::ConfigError(std::vector<Problem> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

Config load_config_text(std::string_view toml_text, std::string_view source_name) {
  Problems problems{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    problems.add(error.source(), "", std::string(error.description()));
    throw ConfigError(problems.take());
  }
  Config config = read_document(root, problems, std::string(source_name));
  if (!problems.empty()) throw ConfigError(problems.take());
  return config;
}

Config load_config_file(const std::string& path) {
  const auto cannot_read = [&path](int error) {
    return ConfigError({Problem{path, 0, 0, "", "cannot read: " + std::string(std::strerror(error))}});
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw cannot_read(errno);
  std::string text;
  char buffer[16384];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  const int error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
  std::fclose(file);
  if (error != 0) throw cannot_read(error);
  return load_config_text(text, path);
}

const char* to_string(BadgeMetric metric) noexcept {
  const auto i = static_cast<std::size_t>(metric);
  return i < metric_names.size() ? metric_names[i].data() : "unknown";
}

const char* to_string(Sanction sanction) noexcept {
  const auto i = static_cast<std::size_t>(sanction);
  return i < sanction_names.size() ? sanction_names[i].data() : "unknown";
}

const char* to_string(PlatformKind platform) noexcept {
  const auto i = static_cast<std::size_t>(platform);
  return i < platform_names.size() ? platform_names[i].data() : "unknown";
}

}  // namespace fanbase::config
