// The TOML reader core behind load_config(): the problem list, key paths, the conversions of one node and
// TableReader, which reads one table's keys by name and reports every key nobody asked for.
// Internal to config/: included by config/*.cpp only (it exposes toml++ types, which never leave config/).
// Every reader records a problem and keeps the documented default instead of stopping, so one run of `fanbase`
// lists everything that is wrong with a file.
// Thread: one document per Problems; no shared state.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/load_config.hpp"
#include "config/pattern_config.hpp"

namespace fanbase::config::detail {

// ---- key paths and texts --------------------------------------------------------------------------------

// "points" + "message" → "points.message"; keys that are not bare TOML keys are quoted as in the file.
std::string child_path(std::string_view parent, std::string_view key);
// "levels" + 2 → "levels[2]".
std::string element_path(std::string_view array_path, std::size_t index);

std::string quoted(std::string_view text);                       // "\"text\""
std::string one_of(std::span<const std::string_view> names);     // "expected one of: a, b, c"
std::string toml_text(const toml::node& node);                   // a scalar as written in TOML, for "got ..."
std::size_t edit_distance(std::string_view a, std::string_view b);  // Levenshtein, for "did you mean"

// ---- problems -------------------------------------------------------------------------------------------

// The problems of one document, in the order they are found; sorted by position when taken.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void add(const toml::source_region& where, std::string key, std::string message);
  void wrong_type(const toml::node& node, std::string key, std::string_view expected);

  const std::string& file() const noexcept { return file_; }
  bool empty() const noexcept { return problems_.empty(); }

  std::vector<Problem> take();  // stable-sorted by (line, column)

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

// "file:line:column" of a region, as stored in PatternConfig::where and MessageOverride::where.
std::string where_text(const std::string& file, const toml::source_region& where);

// ---- conversions of one node; each reports its own problem and returns nullopt -------------------------

std::optional<std::int64_t> to_int(const toml::node& node, const std::string& key, std::int64_t lo, std::int64_t hi,
                                   Problems& problems);
// A float in [0.0, 1.0]; the integers 0 and 1 are accepted too.
std::optional<double> to_fraction(const toml::node& node, const std::string& key, Problems& problems);
std::optional<bool> to_bool(const toml::node& node, const std::string& key, Problems& problems);
std::optional<std::string> to_string_value(const toml::node& node, const std::string& key, bool non_empty,
                                           Problems& problems);
// The index of the name in `names`.
std::optional<std::size_t> to_choice(const toml::node& node, const std::string& key,
                                     std::span<const std::string_view> names, Problems& problems);
// A user or chat id: an integer (Telegram) stored as decimal text, or a non-empty string.
std::optional<std::string> to_id(const toml::node& node, const std::string& key, Problems& problems);

// ---- one table ------------------------------------------------------------------------------------------

// Reads the keys of one TOML table by name and, in finish(), reports every key nobody asked for ("unknown
// key": usually a typo, with "did you mean" when a known key is within two edits). Values that fail to convert
// leave the output untouched, i.e. at its default.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Problems& problems)
      : table_(table), path_(std::move(path)), problems_(problems) {}

  const std::string& path() const noexcept { return path_; }
  const toml::table& table() const noexcept { return table_; }
  Problems& problems() const noexcept { return problems_; }
  std::string path_of(std::string_view key) const { return child_path(path_, key); }

  // The node under `key`, or nullptr when absent. Marks the key as known.
  const toml::node* get(std::string_view key);
  // Like get(), but an absent key is a problem reported at the table.
  const toml::node* require(std::string_view key);

  void read_int(std::string_view key, int& out, std::int64_t lo, std::int64_t hi);
  void read_bool(std::string_view key, bool& out);
  void read_fraction(std::string_view key, double& out);
  void read_string(std::string_view key, std::string& out, bool non_empty);
  // A string that must be one of `names`; stored as the name itself.
  void read_name(std::string_view key, std::string& out, std::span<const std::string_view> names);
  // A string that must be one of `names`; stored as the enumerator with that index.
  template <class Enum>
  void read_enum(std::string_view key, Enum& out, std::span<const std::string_view> names);
  // An array of user ids, each an integer or a string.
  void read_ids(std::string_view key, std::vector<std::string>& out);
  // An array of strings, each with where it was written ("file:line:column").
  void read_strings(std::string_view key, std::vector<PatternConfig>& out, bool non_empty);
  void read_strings(std::string_view key, std::vector<std::string>& out, bool non_empty);
  // A duration written "30m", "24h", "7d", "1h30m": at least lo_ms and at most hi_ms.
  void read_duration(std::string_view key, std::int64_t& out_ms, std::int64_t lo_ms, std::int64_t hi_ms);

  // The sub-table under `key`, or nullopt when absent or not a table (the latter reported).
  std::optional<TableReader> sub_table(std::string_view key);
  // The array under `key` (e.g. `[[levels]]`), or nullptr when absent or not an array (the latter reported).
  const toml::array* array(std::string_view key);

  // Reports every key of the table that no get() asked for.
  void finish();

 private:
  std::string unknown_key(std::string_view key) const;

  const toml::table& table_;
  std::string path_;
  Problems& problems_;
  std::set<std::string, std::less<>> known_;
};

// A number (float or integer) in [lo, hi], read into `out`.
void read_double(TableReader& t, std::string_view key, double& out, double lo, double hi);

// The tables of an array of tables, with their paths; elements that are not tables are reported.
std::vector<std::pair<const toml::table*, std::string>> tables_of(const toml::array& array, const std::string& path,
                                                                  Problems& problems);

// ---- template definitions -------------------------------------------------------------------------------

template <class Enum>
void TableReader::read_enum(std::string_view key, Enum& out, std::span<const std::string_view> names) {
  if (const auto* node = get(key)) {
    if (const auto i = to_choice(*node, path_of(key), names, problems_)) out = static_cast<Enum>(*i);
  }
}

}  // namespace fanbase::config::detail
