// Unicode character classes and case folding for every script, from generated tables (base/unicode_tables.cpp,
// scripts/gen_unicode_tables.py; there is no ICU in the stack). Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

namespace fanbase::unicode {

// General category L* (letters of every script: Latin, Arabic, Hebrew, Devanagari, Thai, Han, …).
bool is_letter(char32_t c) noexcept;
// General category M* (combining marks: Devanagari vowel signs, Thai vowels and tone marks, Arabic harakat),
// without variation selectors, U+034F and the marks for symbols (U+20D0..20FF), which decorate emoji. A mark
// counts as part of the letter it follows (text::fold_for_similarity keeps it only after a letter).
bool is_mark(char32_t c) noexcept;
// General category Nd (decimal digits of every script).
bool is_digit(char32_t c) noexcept;
// A letter or a digit.
inline bool is_alnum(char32_t c) noexcept { return is_letter(c) || is_digit(c); }
// Scripts written without spaces between words (Han, kana, Bopomofo, Thai, Lao, Khmer, Myanmar, Tibetan):
// there a word can only be found as a substring.
bool is_unspaced(char32_t c) noexcept;
// Simple case folding (one code point to one) for Latin (Latin-1, Extended-A/B, Extended Additional), IPA,
// Greek (and Greek Extended), Cyrillic, Armenian, Georgian and full-width Latin; other characters unchanged.
// "Σ", "σ" and "ς" fold to "σ"; "İ" to "i"; "ß" stays.
char32_t fold(char32_t c) noexcept;
// fold() over UTF-8 text (invalid bytes become U+FFFD): names compared without regard to case.
std::string fold_case(std::string_view utf8);

}  // namespace fanbase::unicode
