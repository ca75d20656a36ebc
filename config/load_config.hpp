// Loading and validating the owner's TOML into config::Config.
// Every problem (syntax, unknown key, wrong type, out-of-range value, duplicate level threshold, ...) is
// collected with file:line:column and the key path, then reported at once by throwing ConfigError.
// Thread: pure function; call from anywhere.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace fanbase::config {

struct Problem {
  std::string file;
  int line = 0;       // 1-based; 0 when unknown
  int column = 0;     // 1-based; 0 when unknown
  std::string key;    // dotted key path, e.g. "points.message.cooldown_seconds" or "levels[2].threshold"
  std::string message;
  std::string to_string() const;  // "file:line:column: key: message"
};

// A problem found after loading (e.g. a regular expression that does not compile), at a value's recorded
// "file:line:column" (PatternConfig::where, MessageOverride::where); the file name itself may contain ':'.
Problem problem_at(const std::string& where, std::string key, std::string message);

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// Reads and validates a file. Throws ConfigError (listing every problem), including when the file is unreadable.
Config load_config_file(const std::string& path);

// Same for TOML text already in memory; `source_name` is what problems name as their file.
Config load_config_text(std::string_view toml_text, std::string_view source_name);

// The example configuration compiled into the binary (config/fanbase.example.toml), for `fanbase run` without --config.
std::string_view embedded_example_config();

}  // namespace fanbase::config
