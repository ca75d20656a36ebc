// Loading and validating the owner's TOML into config::Config (see load_config.hpp): parse, hand each top-level
// section to its reader (config/read_<feature>.cpp, through the table below), then throw ConfigError once with
// every problem. The reader core (locations, unknown keys, typed values) is config/toml_reader.hpp. toml++ types
// never leave config/.
#include "config/load_config.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/section_readers.hpp"
#include "config/toml_reader.hpp"

namespace fanbase::config {

namespace {

using detail::Problems;
using detail::TableReader;

// One top-level key of the file and its reader: `read_table` for a [table], `read_array` for an [[array of
// tables]] (the other is null). A key that is neither is reported by the top table's finish() as unknown.
struct Section {
  std::string_view name;
  void (*read_table)(TableReader, Config&) = nullptr;
  void (*read_array)(const toml::array&, const std::string& path, Problems&, Config&) = nullptr;
};

// `read(table, config.*member)` for a [table] section.
template <auto member, auto read>
void read_table_into(TableReader t, Config& config) {
  read(std::move(t), config.*member);
}

// `read(array, path, problems, config.*member)` for an [[array of tables]] section.
template <auto member, auto read>
void read_array_into(const toml::array& array, const std::string& path, Problems& problems, Config& config) {
  read(array, path, problems, config.*member);
}

template <auto member, auto read>
constexpr Section table_section(std::string_view name) {
  return Section{name, &read_table_into<member, read>, nullptr};
}

template <auto member, auto read>
constexpr Section array_section(std::string_view name) {
  return Section{name, nullptr, &read_array_into<member, read>};
}

// Every section of the file, read in this order (problems are sorted by position afterwards, so the order only
// decides between problems reported at the same position).
constexpr Section sections[] = {
    table_section<&Config::bot, detail::read_bot>("bot"),
    table_section<&Config::storage, detail::read_storage>("storage"),
    table_section<&Config::console, detail::read_console>("console"),
    table_section<&Config::telegram, detail::read_telegram>("telegram"),
    array_section<&Config::communities, detail::read_communities>("community"),
    table_section<&Config::points, detail::read_points>("points"),
    array_section<&Config::levels, detail::read_levels>("levels"),
    array_section<&Config::badges, detail::read_badges>("badges"),
    table_section<&Config::moderation, detail::read_moderation>("moderation"),
    table_section<&Config::filters, detail::read_filters>("filters"),
    table_section<&Config::qa, detail::read_qa>("qa"),
    table_section<&Config::topics, detail::read_topics>("topics"),
    table_section<&Config::commands, detail::read_commands>("commands"),
    table_section<&Config::recommender, detail::read_recommender>("recommender"),
    table_section<&Config::segments, detail::read_segments>("segments"),
    table_section<&Config::digest, detail::read_digest>("digest"),
    table_section<&Config::messages, detail::read_messages>("messages"),
};

Config read_document(const toml::table& root, Problems& problems, std::string source) {
  Config config;
  config.source = std::move(source);
  config.levels = detail::default_levels();  // unless the file has its own [[levels]] / [[badges]]
  config.badges = detail::default_badges();
  TableReader top(root, "", problems);
  for (const Section& section : sections) {
    if (section.read_table != nullptr) {
      if (auto t = top.sub_table(section.name)) section.read_table(std::move(*t), config);
    } else if (const auto* a = top.array(section.name)) {
      section.read_array(*a, std::string(section.name), problems, config);
    }
  }
  top.finish();
  // Checks across sections go here, after every section is read.
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

}  // namespace fanbase::config
