#include "base/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace fanbase::log {
namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;
std::FILE* g_out = nullptr;  // nullptr: stderr

const char* name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
    case Level::off: return "off";
  }
  return "?";
}

void append_value(std::string& out, const std::string& v) {
  const bool quote = v.empty() || v.find_first_of(" \t\n\"=") != std::string::npos;
  if (!quote) { out += v; return; }
  out += '"';
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  out += '"';
}
}  // namespace

void set_level(Level l) { g_level.store(l); }

void set_output(std::FILE* out) {
  std::lock_guard lock(g_mutex);
  g_out = out;
}
Level level() { return g_level.load(); }

bool parse_level(std::string_view text, Level& out) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error, Level::off}) {
    if (text == name(l)) { out = l; return true; }
  }
  return false;
}

void write(Level l, std::string_view event, std::initializer_list<Field> fields) {
  if (l < g_level.load()) return;
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const int millis = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  std::string line;
  line.reserve(128);
  line += stamp;
  line += ' ';
  line += name(l);
  line += " event=";
  line += event;
  for (const auto& [k, v] : fields) {
    line += ' ';
    line += k;
    line += '=';
    append_value(line, v);
  }
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::FILE* out = g_out != nullptr ? g_out : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  std::fflush(out);
}

}  // namespace fanbase::log
