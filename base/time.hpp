// Lengths of time in milliseconds, the unit of every stored time and of Event::at_ms, and the one overflow-safe
// way to shift a time by an offset.
#pragma once

#include <cstdint>
#include <limits>

namespace fanbase {

inline constexpr std::int64_t second_ms = 1'000;
inline constexpr std::int64_t minute_ms = 60 * second_ms;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;
inline constexpr std::int64_t day_ms = 24 * hour_ms;
inline constexpr std::int64_t week_ms = 7 * day_ms;

// a + b, saturated at the int64 range instead of overflowing (undefined behaviour). Times near the ends of the
// range cannot come from a platform (events are checked on arrival), but arithmetic on them must stay defined.
constexpr std::int64_t add_saturated(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

// `at_ms` as local wall-clock milliseconds for a fixed UTC offset in minutes.
constexpr std::int64_t local_ms(std::int64_t at_ms, int utc_offset_minutes) noexcept {
  return add_saturated(at_ms, static_cast<std::int64_t>(utc_offset_minutes) * minute_ms);
}

}  // namespace fanbase
