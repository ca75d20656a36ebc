#include "base/unicode.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "base/unicode_tables.hpp"

namespace fanbase::unicode {
namespace {

bool in(std::span<const tables::Range> ranges, char32_t c) noexcept {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                             [](char32_t v, const tables::Range& r) { return v < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->last;
}

}  // namespace

bool is_letter(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return in(tables::letter_ranges, c);
}

bool is_mark(char32_t c) noexcept { return c >= 0x300 && in(tables::mark_ranges, c); }

bool is_digit(char32_t c) noexcept {
  if (c < 0x80) return c >= '0' && c <= '9';
  return in(tables::digit_ranges, c);
}

bool is_unspaced(char32_t c) noexcept { return c >= 0xE00 && in(tables::unspaced_ranges, c); }

char32_t fold(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  const auto& pairs = tables::fold_pairs;
  auto it = std::lower_bound(pairs.begin(), pairs.end(), c,
                             [](const tables::FoldPair& p, char32_t v) { return p.from < v; });
  return it != pairs.end() && it->from == c ? it->to : c;
}

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t c : text::decode(utf8)) text::append_utf8(out, fold(c));
  return out;
}

}  // namespace fanbase::unicode
