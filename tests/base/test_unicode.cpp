// base/unicode (generated letter, mark, digit and case tables), the letters of every script in
// text::fold_for_similarity (what min_length counts), and the spaced-out runs of base/filter_text.
#include <catch2/catch.hpp>

#include "base/filter_text.hpp"
#include "base/text.hpp"
#include "base/unicode.hpp"

using namespace fanbase;

TEST_CASE("letters, marks and digits of every script", "[unicode]") {
  for (char32_t c : {U'a', U'Z', U'é', U'ж', U'Ω', U'ب', U'ש', U'क', U'ก', U'中', U'ア', U'한', U'ა'}) {
    CAPTURE(static_cast<std::uint32_t>(c));
    CHECK(unicode::is_letter(c));
  }
  for (char32_t c : {U'0', U'٣', U'३', U'๓'}) CHECK(unicode::is_digit(c));
  CHECK(unicode::is_mark(U'\u093E'));   // Devanagari vowel sign aa
  CHECK(unicode::is_mark(U'\u0E48'));   // Thai tone mark mai ek
  CHECK(unicode::is_mark(U'\u064E'));   // Arabic fatha
  CHECK_FALSE(unicode::is_mark(U'\uFE0F'));  // a variation selector decorates an emoji, not a letter
  for (char32_t c : {U' ', U'!', U'。', U'😀', U'\u2764', U'-', U'\uFE0F'}) {
    CHECK_FALSE(unicode::is_letter(c));
    CHECK_FALSE(unicode::is_digit(c));
  }
  CHECK(unicode::is_unspaced(U'中'));
  CHECK(unicode::is_unspaced(U'ก'));
  CHECK(unicode::is_unspaced(U'ア'));
  CHECK_FALSE(unicode::is_unspaced(U'a'));
  CHECK_FALSE(unicode::is_unspaced(U'한'));  // Korean is written with spaces
  CHECK_FALSE(unicode::is_unspaced(U'ب'));
}

TEST_CASE("case folding covers Latin, Greek, Cyrillic, Armenian and full width", "[unicode]") {
  CHECK(unicode::fold_case("Alice") == "alice");
  CHECK(unicode::fold_case("ÉLODIE") == "élodie");
  CHECK(unicode::fold_case("Алиса") == "алиса");
  CHECK(unicode::fold_case("ΣΟΦΊΑ") == "σοφία");
  CHECK(unicode::fold_case("σοφος") == unicode::fold_case("ΣΟΦΟΣ"));  // final sigma folds to σ
  CHECK(unicode::fold_case("ŁUKASZ") == "łukasz");
  CHECK(unicode::fold_case("ĐẠT") == "đạt");           // Vietnamese (Latin Extended Additional)
  CHECK(unicode::fold_case("Արամ") == "արամ");
  CHECK(unicode::fold_case("İ") == "i");
  CHECK(unicode::fold_case("ＢＯＢ") == "ｂｏｂ");
  CHECK(unicode::fold_case("小明") == "小明");          // no case: unchanged
  CHECK(unicode::fold_case("straße") == "straße");     // one code point to one: ß stays
}

TEST_CASE("Arabic, Hebrew, Devanagari and Thai are letters for min_length", "[unicode][text]") {
  CHECK(text::codepoints(text::fold_for_similarity("مرحبا بالجميع")) == 12);
  CHECK(text::codepoints(text::fold_for_similarity("שלום לכולם")) == 9);
  CHECK(text::codepoints(text::fold_for_similarity("नमस्ते दोस्तों")) == 13);  // vowel signs and virama kept
  CHECK(text::codepoints(text::fold_for_similarity("สวัสดีครับ")) == 10);
  CHECK(text::fold_for_similarity("Hello, World!") == "helloworld");
  CHECK(text::fold_for_similarity("❤️❤️❤️ 👍🏽 !!!").empty());       // emoji and their selectors are not letters
  CHECK(text::fold_for_similarity("\u0301\u0301abc").size() == 3);  // marks with no letter before them are dropped
}

TEST_CASE("spaced-out runs are marked for joining, ordinary words are not", "[unicode][filters]") {
  // The joint (U+E000) shown as '|'.
  const auto joined = [](std::string_view text) {
    std::string out = join_spaced_runs(text);
    for (std::size_t at; (at = out.find("\uE000")) != std::string::npos;) out.replace(at, 3, "|");
    return out;
  };
  CHECK(joined("fr ee crypto") == "fr|ee crypto");
  CHECK(joined("get fr ee crypto now") == "get|fr|ee crypto now");
  CHECK(joined("f r e e c r y p t o") == "f|r|e|e|c|r|y|p|t|o");
  CHECK(joined("f.r.e.e crypto") == "f|r|e|e crypto");
  CHECK(joined("免 费 领 取") == "免|费|领|取");
  CHECK(joined("快来 免-费 领取 吧") == "快来|免|费|领取|吧");
  CHECK(joined("as sorted chocolates").empty());  // "sorted" is not short: nothing joined
  CHECK(joined("hello there").empty());
  CHECK(joined("").empty());
  CHECK(joined("a -- b").empty());  // a gap of more than three characters is a real gap
}
