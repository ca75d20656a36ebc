#include "handlers/core/args.hpp"

#include <charconv>
#include <string>

#include "base/text.hpp"

namespace fanbase::handlers {

Result<std::int64_t> parse_amount(std::string_view text, std::int64_t lo, std::int64_t hi) {
  // Accepted: digits, with one optional leading '+' or '-'. Anything else ("+-5", "5k", "0x10", " 5") is not
  // a number; a number outside [lo, hi] (including one too long for int64) is out of range.
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '+' || negative)) digits.remove_prefix(1);
  const bool all_digits = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!all_digits) return user_error(Errc::bad_input, "args.not_a_number", {std::string(text.substr(0, 32))});
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (negative) value = -value;
  if (ec == std::errc::result_out_of_range || value < lo || value > hi) {
    return user_error(Errc::bad_input, "args.out_of_range", {std::to_string(lo), std::to_string(hi)});
  }
  return value;
}

std::optional<Period> parse_period(std::string_view text) {
  const std::string t = text::lower_ascii(text);
  if (t == "week" || t == "w" || t == "7d" || t == "周" || t == "本周") return Period::week;
  if (t == "month" || t == "m" || t == "30d" || t == "月" || t == "本月") return Period::month;
  if (t == "all" || t == "a" || t == "ever" || t == "总" || t == "全部") return Period::all;
  return std::nullopt;
}

const char* period_key(Period p) {
  switch (p) {
    case Period::week: return "period.week";
    case Period::month: return "period.month";
    case Period::all: return "period.all";
  }
  return "period.all";
}

}  // namespace fanbase::handlers
