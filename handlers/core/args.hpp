// Argument parsers: untrusted text → value or a refusal. Never throw, never log.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.hpp"

namespace fanbase::handlers {

// A whole number in [lo, hi]; "+5" accepted, "5.0", "5k", "" and out-of-range refused.
Result<std::int64_t> parse_amount(std::string_view text, std::int64_t lo, std::int64_t hi);

enum class Period { week, month, all };
std::optional<Period> parse_period(std::string_view text);  // week|month|all (also w, m, 7d, 30d, 周, 月, 总)
const char* period_key(Period p);                           // catalogue key: period.week, ...

}  // namespace fanbase::handlers
