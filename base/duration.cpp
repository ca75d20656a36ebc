#include "base/duration.hpp"

#include <array>
#include <limits>
#include <utility>

#include "base/time.hpp"

namespace fanbase {
namespace {

// ---- durations -----------------------------------------------------------------------------------------------

struct DurationUnit {
  char letter;
  std::int64_t ms;
};

// Largest first: parse_duration_ms requires this order and format_duration walks it.
constexpr std::array<DurationUnit, 5> duration_units{{
    {'w', week_ms},
    {'d', day_ms},
    {'h', hour_ms},
    {'m', minute_ms},
    {'s', second_ms},
}};

// Chinese unit words → index into duration_units. Longest first where one is a prefix of another (分钟 before 分).
struct WordUnit {
  std::string_view word;
  std::size_t index;
};
constexpr std::array<WordUnit, 12> word_units{{
    {"星期", 0}, {"周", 0}, {"天", 1}, {"日", 1}, {"小时", 2}, {"小時", 2}, {"时", 2},
    {"分钟", 3}, {"分鐘", 3}, {"分", 3}, {"秒钟", 4}, {"秒", 4},
}};

// The unit at text[i]: its index into duration_units (duration_units.size() if there is none) and its length in
// bytes. A letter in either case, or a Chinese unit word.
std::pair<std::size_t, std::size_t> unit_at(std::string_view text, std::size_t i) {
  const char c = text[i];
  const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::size_t k = 0; k < duration_units.size(); ++k) {
    if (duration_units[k].letter == lower) return {k, 1};
  }
  for (const WordUnit& w : word_units) {
    if (text.substr(i, w.word.size()) == w.word) return {w.index, w.word.size()};
  }
  return {duration_units.size(), 0};
}


}  // namespace

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come largest first, each once
  std::size_t i = 0;
  while (true) {
    std::int64_t n = 0;
    const std::size_t digits_start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      const int d = text[i] - '0';
      if (n > (max - d) / 10) return std::nullopt;
      n = n * 10 + d;
    }
    if (i == digits_start || i == text.size()) return std::nullopt;
    const auto [unit, unit_length] = unit_at(text, i);
    i += unit_length;
    if (unit < next_unit || unit >= duration_units.size()) return std::nullopt;
    next_unit = unit + 1;
    const std::int64_t unit_ms = duration_units[unit].ms;
    if (n > max / unit_ms || n * unit_ms > max - total) return std::nullopt;
    total += n * unit_ms;
    if (i == text.size()) return total;
    if (text[i] == ' ') ++i;  // "1h 30m": one space, then another part must follow
  }
}

std::string format_duration(std::int64_t ms) {
  if (ms < 1000) return "0s";
  const std::int64_t seconds_ms = ms - ms % 1000;
  for (std::size_t k = 0; k < duration_units.size(); ++k) {
    const auto& unit = duration_units[k];
    if (seconds_ms < unit.ms) continue;
    std::string out = std::to_string(seconds_ms / unit.ms) + unit.letter;
    if (k + 1 < duration_units.size()) {
      const auto& below = duration_units[k + 1];
      const std::int64_t rest = (seconds_ms % unit.ms) / below.ms;
      if (rest > 0) out += ' ' + std::to_string(rest) + below.letter;
    }
    return out;
  }
  return "0s";  // not reached: seconds_ms >= 1000 always meets the 's' unit
}

}  // namespace fanbase
