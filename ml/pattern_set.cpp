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

std::optional<std::string> PatternSet::add_word(std::string_view text) {
  if (text.empty()) return "an empty word would match everything";
  const std::vector<char32_t> cps = text::decode(text);
  const auto spaced_word_char = [](char32_t c) {
    return (unicode::is_alnum(c) || unicode::is_mark(c)) && !unicode::is_unspaced(c);
  };
  // What may stand next to the word: the edge of the text, or anything but a letter, mark or digit of a script
  // written with spaces (RE2's own Unicode classes: \pL, \pM, \pN and the scripts of unicode::is_unspaced).
  static constexpr std::string_view edge =
      "(?:^|[^\\pL\\pM\\pN]|[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Bopomofo}\\p{Thai}\\p{Lao}\\p{Khmer}"
      "\\p{Myanmar}\\p{Tibetan}])";
  static constexpr std::string_view edge_after =
      "(?:$|[^\\pL\\pM\\pN]|[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Bopomofo}\\p{Thai}\\p{Lao}\\p{Khmer}"
      "\\p{Myanmar}\\p{Tibetan}])";
  std::string pattern;
  if (spaced_word_char(cps.front())) pattern += edge;
  pattern += RE2::QuoteMeta(re2::StringPiece(text.data(), text.size()));
  if (spaced_word_char(cps.back())) pattern += edge_after;
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
