// The generated Unicode tables behind base/unicode.hpp (base/unicode_tables.cpp, written by
// scripts/gen_unicode_tables.py). Sorted, non-overlapping; read by binary search. Immutable; any thread.
#pragma once

#include <span>

namespace fanbase::unicode::tables {

struct Range {
  char32_t first;
  char32_t last;  // inclusive
};
struct FoldPair {
  char32_t from;
  char32_t to;
};

extern const std::span<const Range> letter_ranges;    // L*
extern const std::span<const Range> mark_ranges;      // M*, without variation selectors and symbol marks
extern const std::span<const Range> digit_ranges;     // Nd
extern const std::span<const Range> unspaced_ranges;  // scripts written without spaces (Han, kana, Thai, …)
extern const std::span<const FoldPair> fold_pairs;    // simple case folding, sorted by `from`

}  // namespace fanbase::unicode::tables
