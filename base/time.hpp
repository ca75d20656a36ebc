// Lengths of time in milliseconds, the unit of every stored time and of Event::at_ms. Constants only.
#pragma once

#include <cstdint>

namespace fanbase {

inline constexpr std::int64_t second_ms = 1'000;
inline constexpr std::int64_t minute_ms = 60 * second_ms;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;
inline constexpr std::int64_t day_ms = 24 * hour_ms;
inline constexpr std::int64_t week_ms = 7 * day_ms;

}  // namespace fanbase
