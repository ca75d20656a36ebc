// The TOML reader core (see toml_reader.hpp).
#include "config/toml_reader.hpp"

#include <algorithm>
#include <sstream>

#include "base/duration.hpp"

namespace fanbase::config::detail {

namespace {

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

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

}  // namespace

// ---- key paths and texts --------------------------------------------------------------------------------

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

// ---- problems -------------------------------------------------------------------------------------------

void Problems::add(const toml::source_region& where, std::string key, std::string message) {
  problems_.push_back(Problem{file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
                              std::move(key), std::move(message)});
}

void Problems::wrong_type(const toml::node& node, std::string key, std::string_view expected) {
  add(node.source(), std::move(key), "expected " + std::string(expected) + ", got " + type_phrase(node.type()));
}

std::vector<Problem> Problems::take() {
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::move(problems_);
}

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

// ---- one table ------------------------------------------------------------------------------------------

const toml::node* TableReader::get(std::string_view key) {
  known_.insert(std::string(key));
  return table_.get(key);
}

const toml::node* TableReader::require(std::string_view key) {
  const toml::node* node = get(key);
  if (node == nullptr) problems_.add(table_.source(), path_of(key), "missing required key");
  return node;
}

void TableReader::read_int(std::string_view key, int& out, std::int64_t lo, std::int64_t hi) {
  if (const auto* node = get(key)) {
    if (const auto v = to_int(*node, path_of(key), lo, hi, problems_)) out = static_cast<int>(*v);
  }
}

void TableReader::read_bool(std::string_view key, bool& out) {
  if (const auto* node = get(key)) {
    if (const auto v = to_bool(*node, path_of(key), problems_)) out = *v;
  }
}

void TableReader::read_fraction(std::string_view key, double& out) {
  if (const auto* node = get(key)) {
    if (const auto v = to_fraction(*node, path_of(key), problems_)) out = *v;
  }
}

void TableReader::read_string(std::string_view key, std::string& out, bool non_empty) {
  if (const auto* node = get(key)) {
    if (auto v = to_string_value(*node, path_of(key), non_empty, problems_)) out = std::move(*v);
  }
}

void TableReader::read_name(std::string_view key, std::string& out, std::span<const std::string_view> names) {
  if (const auto* node = get(key)) {
    if (const auto i = to_choice(*node, path_of(key), names, problems_)) out = std::string(names[*i]);
  }
}

void TableReader::read_ids(std::string_view key, std::vector<std::string>& out) {
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

void TableReader::read_strings(std::string_view key, std::vector<PatternConfig>& out, bool non_empty) {
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

void TableReader::read_strings(std::string_view key, std::vector<std::string>& out, bool non_empty) {
  std::vector<PatternConfig> values;
  if (get(key) == nullptr) return;
  read_strings(key, values, non_empty);
  out.clear();
  for (auto& v : values) out.push_back(std::move(v.text));
}

void TableReader::read_duration(std::string_view key, std::int64_t& out_ms, std::int64_t lo_ms, std::int64_t hi_ms) {
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

std::optional<TableReader> TableReader::sub_table(std::string_view key) {
  const auto* node = get(key);
  if (node == nullptr) return std::nullopt;
  const auto* table = node->as_table();
  if (table == nullptr) {
    problems_.wrong_type(*node, path_of(key), "a table");
    return std::nullopt;
  }
  return TableReader(*table, path_of(key), problems_);
}

const toml::array* TableReader::array(std::string_view key) {
  const auto* node = get(key);
  if (node == nullptr) return nullptr;
  const auto* array = node->as_array();
  if (array == nullptr) problems_.wrong_type(*node, path_of(key), "an array of tables");
  return array;
}

void TableReader::finish() {
  for (auto&& [key, node] : table_) {
    if (known_.count(key.str()) == 0) problems_.add(key.source(), path_of(key.str()), unknown_key(key.str()));
  }
}

// "unknown key", with the nearest known key when it is probably a typo of it.
std::string TableReader::unknown_key(std::string_view key) const {
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

}  // namespace fanbase::config::detail
