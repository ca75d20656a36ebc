// Structured log lines on stderr: `2026-11-24T10:00:00.123Z warn event=command.refused key=value ...`.
// Values are quoted when they contain spaces. Secrets must never be passed here (there is no redaction).
// Thread: safe from any thread (one mutex around the write).
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace fanbase::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

using Field = std::pair<std::string_view, std::string>;

void set_level(Level level);
// Where lines go: stderr by default. The caller keeps `out` open for as long as it is set.
void set_output(std::FILE* out);
Level level();
bool parse_level(std::string_view text, Level& out);

void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void debug(std::string_view e, std::initializer_list<Field> f = {}) {
  if (level() <= Level::debug) write(Level::debug, e, f);
}
inline void info(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::info, e, f); }
inline void warn(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::warn, e, f); }
inline void error(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::error, e, f); }

}  // namespace fanbase::log
