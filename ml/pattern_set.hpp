// PatternSet: many patterns — literal substrings and RE2 regular expressions — matched against one text in a
// single linear-time pass (RE2::Set: one automaton for all of them, so 200 patterns cost about what one does,
// and no input can make it backtrack). Matching is case-insensitive and over UTF-8 code points, so Chinese
// words and patterns work as written. Used by the blocklist filter on normalised text.
// Build it once (add..., then compile), then match from one thread at a time (RE2::Set::Match is const and
// thread-safe, but keep to the storage thread here).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fanbase::ml {

class PatternSet {
 public:
  PatternSet();
  ~PatternSet();
  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;

  // A substring to find anywhere (no special characters). Returns an error text when it cannot be added.
  std::optional<std::string> add_literal(std::string_view text);
  // A word or phrase found only as a whole word where its script is written with spaces: an end that is a letter
  // or digit of such a script (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Hangul, …) must not touch
  // another letter or digit of such a script, so "ass" is not found in "passed". An end in a script without
  // spaces (Han, kana, Thai, …: base/unicode.hpp is_unspaced) or a symbol matches as a substring.
  std::optional<std::string> add_word(std::string_view text);
  // add_word() for text whose spaced-out runs were joined with `joint` between their pieces (base/filter_text
  // join_spaced_runs): the joint may stand between any two characters of the word, and the word's own
  // separators may be a joint, up to three other separators, or nothing ("free crypto" is found in
  // "fr|ee crypto", "f|r|e|e|c|r|y|p|t|o" and "get|fr|ee crypto", "|" being the joint). The joint is no letter,
  // so it is also a word boundary. Errors as add_word, or when the word has no letters or digits.
  std::optional<std::string> add_spaced_word(std::string_view text, char32_t joint);
  // An RE2 regular expression (github.com/google/re2/wiki/Syntax). Returns RE2's error text when it is invalid.
  std::optional<std::string> add_regex(std::string_view pattern);
  // Must be called once after the last add and before match; false when RE2 ran out of its memory budget.
  bool compile();

  // The lowest index (in the order added) of a pattern found in `text`, or nullopt. Empty sets match nothing.
  std::optional<std::size_t> first_match(std::string_view text) const;
  std::size_t size() const noexcept { return size_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t size_ = 0;
  bool compiled_ = false;
};

}  // namespace fanbase::ml
