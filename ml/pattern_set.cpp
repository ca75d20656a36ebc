#include "ml/pattern_set.hpp"

#include <algorithm>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "base/text.hpp"
#include "base/unicode.hpp"

namespace fanbase::ml {

namespace {
RE2::Options options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(24 << 20);  // program + DFA cache; 200 patterns use a few MiB, the cache is reused when full
  return o;
}
}  // namespace

struct PatternSet::Impl {
  RE2::Set set{options(), RE2::UNANCHORED};
};

PatternSet::PatternSet() : impl_(std::make_unique<Impl>()) {}
PatternSet::~PatternSet() = default;
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;

std::optional<std::string> PatternSet::add_literal(std::string_view text) {
  if (text.empty()) return "an empty word would match everything";
  return add_regex(RE2::QuoteMeta(re2::StringPiece(text.data(), text.size())));
}

namespace {
bool spaced_word_char(char32_t c) { return (unicode::is_alnum(c) || unicode::is_mark(c)) && !unicode::is_unspaced(c); }
bool token_char(char32_t c) { return unicode::is_alnum(c) || unicode::is_mark(c); }
// What may stand next to a word: the edge of the text, or anything but a letter, mark or digit of a script
// written with spaces (RE2's own Unicode classes: \pL, \pM, \pN and the scripts of unicode::is_unspaced).
constexpr std::string_view unspaced_class =
    "[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Bopomofo}\\p{Thai}\\p{Lao}\\p{Khmer}\\p{Myanmar}\\p{Tibetan}]";
std::string edge(bool before) {
  return std::string("(?:") + (before ? "^" : "$") + "|[^\\pL\\pM\\pN]|" + std::string(unspaced_class) + ")";
}
std::string quoted(char32_t c) {
  std::string one;
  text::append_utf8(one, c);
  return RE2::QuoteMeta(re2::StringPiece(one.data(), one.size()));
}
}  // namespace

std::optional<std::string> PatternSet::add_word(std::string_view text) {
  if (text.empty()) return "an empty word would match everything";
  const std::vector<char32_t> cps = text::decode(text);
  std::string pattern;
  if (spaced_word_char(cps.front())) pattern += edge(true);
  pattern += RE2::QuoteMeta(re2::StringPiece(text.data(), text.size()));
  if (spaced_word_char(cps.back())) pattern += edge(false);
  return add_regex(pattern);
}

std::optional<std::string> PatternSet::add_spaced_word(std::string_view text, char32_t joint) {
  std::vector<char32_t> cps;
  for (char32_t c : text::decode(text)) {
    if (token_char(c)) {
      cps.push_back(c);
    } else if (!cps.empty() && cps.back() != 0) {
      cps.push_back(0);  // one separator between two pieces of the word, however it was written
    }
  }
  while (!cps.empty() && cps.back() == 0) cps.pop_back();
  if (cps.empty()) return "the word has no letters or digits";
  const std::string j = quoted(joint);
  std::string pattern;
  if (spaced_word_char(cps.front())) pattern += edge(true);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == 0) {
      pattern += "(?:" + j + "|[^\\pL\\pM\\pN]{1,3})?";  // "free crypto" as "fr|ee cr|ypto" or "free|crypto"
      continue;
    }
    if (i > 0 && cps[i - 1] != 0) pattern += j + "?";
    pattern += quoted(cps[i]);
  }
  if (spaced_word_char(cps.back())) pattern += edge(false);
  return add_regex(pattern);
}

std::optional<std::string> PatternSet::add_regex(std::string_view pattern) {
  if (compiled_) return "the pattern set is already compiled";
  // Checked on its own first: RE2::Set's error text does not say which part is wrong.
  RE2 alone(re2::StringPiece(pattern.data(), pattern.size()), options());
  if (!alone.ok()) return alone.error();
  if (alone.Match("", 0, 0, RE2::UNANCHORED, nullptr, 0)) return "the pattern matches an empty text, so every message";
  std::string error;
  if (impl_->set.Add(re2::StringPiece(pattern.data(), pattern.size()), &error) < 0) return error;
  ++size_;
  return std::nullopt;
}

bool PatternSet::compile() {
  if (compiled_) return true;
  compiled_ = impl_->set.Compile();
  return compiled_;
}

std::optional<std::size_t> PatternSet::first_match(std::string_view text) const {
  if (!compiled_ || size_ == 0) return std::nullopt;
  std::vector<int> hits;
  if (!impl_->set.Match(re2::StringPiece(text.data(), text.size()), &hits) || hits.empty()) return std::nullopt;
  return static_cast<std::size_t>(*std::min_element(hits.begin(), hits.end()));
}

}  // namespace fanbase::ml
