#include "handlers/args.hpp"

#include <charconv>
#include <string>

#include "base/text.hpp"

namespace fanbase::handlers {

Result<std::int64_t> parse_amount(std::string_view text, std::int64_t lo, std::int64_t hi) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const char* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ptr != end || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
    return user_error(Errc::bad_input, "args.not_a_number", {std::string(text)});
  }
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
