// Durations as members type them in commands ("/mute @bob 2h spam", "/digest", console "/wait"): parsing and
// the short form replies use. Pure functions; safe from any thread. Malformed input is nullopt, never an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fanbase {

// "30s", "10m", "2h", "3d", "1w" and combinations such as "1h30m" or "1h 30m" (units case-insensitive, each unit
// at most once and from largest to smallest, single spaces allowed between parts). Chinese units too, as Chinese
// communities type them: 周/星期 (week), 天/日 (day), 小时/小時/时 (hour), 分钟/分鐘/分 (minute), 秒钟/秒 (second),
// e.g. "1天", "2小时", "30分钟", "1小时30分钟". Digits only: no sign, no
// decimals, no empty text, no surrounding whitespace. nullopt when malformed or when the total overflows int64
// milliseconds; range limits ("at most 400 days") are the caller's rule.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "1h 30m", "3d", "45s": the largest non-zero unit of w/d/h/m/s plus the unit just below it when that is non-zero.
// Sub-second remainders are dropped, so anything under one second (negative included) is "0s".
std::string format_duration(std::int64_t ms);

}  // namespace fanbase
