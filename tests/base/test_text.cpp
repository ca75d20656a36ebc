// base/text: UTF-8 lengths and decoding, ASCII lowering and trimming, the near-duplicate fingerprint, and local
// days at positive and negative UTC offsets (including times before 1970).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "base/time.hpp"

namespace text = fanbase::text;

namespace {

using fanbase::add_saturated;
using fanbase::day_ms;
using fanbase::hour_ms;
using fanbase::local_ms;
using fanbase::minute_ms;

}  // namespace

TEST_CASE("codepoints counts ASCII characters one each", "[base][text]") {
  CHECK(text::codepoints("") == 0);
  CHECK(text::codepoints("hello") == 5);
  CHECK(text::codepoints("a b\tc") == 5);
}

TEST_CASE("codepoints counts a CJK character or an emoji as one", "[base][text]") {
  CHECK(text::codepoints("\xE4\xBD\xA0\xE5\xA5\xBD") == 2);       // 你好: 6 bytes
  CHECK(text::codepoints("\xF0\x9F\x98\x80") == 1);                 // 😀: 4 bytes
  CHECK(text::codepoints("hi \xF0\x9F\x98\x80\xE4\xBD\xA0") == 5);  // "hi 😀你"
  CHECK(text::codepoints("caf\xC3\xA9") == 4);                      // café
}

TEST_CASE("codepoints counts each invalid byte as one", "[base][text]") {
  CHECK(text::codepoints("a\xFF" "b") == 3);   // a lone invalid byte
  CHECK(text::codepoints("\x80\x80") == 2);    // stray continuation bytes
  CHECK(text::codepoints("\xE4\xBD") == 2);    // a 3-byte sequence cut short at the end
  CHECK(text::codepoints("\xE4\x41\x42") == 3);  // a lead byte followed by ASCII: the ASCII survives
}

TEST_CASE("decode turns invalid bytes into U+FFFD and keeps valid code points", "[base][text]") {
  CHECK(text::decode("a\xFF" "b") == std::vector<char32_t>{U'a', 0xFFFD, U'b'});
  CHECK(text::decode("\xE4\xBD\xA0") == std::vector<char32_t>{0x4F60});
  CHECK(text::decode("\xF0\x9F\x98\x80") == std::vector<char32_t>{0x1F600});
  CHECK(text::decode("\xC3\xA9") == std::vector<char32_t>{0xE9});
  CHECK(text::decode("\xE4\xBD") == std::vector<char32_t>{0xFFFD, 0xFFFD});
  CHECK(text::decode("").empty());
}

// RFC 3629: an overlong form is invalid UTF-8. Decoding C1 81 as 'A' lets a disguised letter through
// fold_for_similarity and makes codepoints() count 2 bytes as one character.
TEST_CASE("decode rejects overlong encodings as invalid bytes", "[base][text]") {
  CHECK(text::decode("\xC0\xAF") == std::vector<char32_t>{0xFFFD, 0xFFFD});   // overlong '/'
  CHECK(text::decode("\xC1\x81") == std::vector<char32_t>{0xFFFD, 0xFFFD});   // overlong 'A'
  CHECK(text::codepoints("\xE0\x80\x80") == 3);                               // overlong NUL
}

TEST_CASE("decode rejects UTF-16 surrogates and code points above U+10FFFF", "[base][text]") {
  CHECK(text::decode("\xED\xA0\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD});          // U+D800
  CHECK(text::decode("\xF4\x90\x80\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD});  // U+110000
}

TEST_CASE("lower_ascii lowers ASCII letters only", "[base][text]") {
  CHECK(text::lower_ascii("Alice_FAN42") == "alice_fan42");
  CHECK(text::lower_ascii("") == "");
  CHECK(text::lower_ascii("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // ÉTÉ → ÉtÉ: bytes of É untouched
  CHECK(text::lower_ascii("@[Z]^") == "@[z]^");  // neighbours of A-Z stay as they are
}

TEST_CASE("trim removes ASCII whitespace at both ends only", "[base][text]") {
  CHECK(text::trim("  \t hello world \r\n") == "hello world");
  CHECK(text::trim("hello") == "hello");
  CHECK(text::trim(" \f\v\t\n ") == "");
  CHECK(text::trim("") == "");
  CHECK(text::trim("a  b") == "a  b");
}

TEST_CASE("fold_for_similarity lowers case and drops spaces and punctuation", "[base][text]") {
  CHECK(text::fold_for_similarity("Hello, World!!") == "helloworld");
  CHECK(text::fold_for_similarity("hello everyone!!") == text::fold_for_similarity("Hello everyone"));
  CHECK(text::fold_for_similarity("R2-D2 & C-3PO?") == "r2d2c3po");
  CHECK(text::fold_for_similarity("   ...   ") == "");
}

TEST_CASE("fold_for_similarity drops emoji and symbols", "[base][text]") {
  CHECK(text::fold_for_similarity("hi \xF0\x9F\x98\x80 there \xE2\x9D\xA4\xEF\xB8\x8F") == "hithere");  // 😀 ❤️
  CHECK(text::fold_for_similarity("\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5") == "");          // 🔥🔥🔥
}

TEST_CASE("fold_for_similarity keeps CJK, kana, Hangul and accented letters but drops CJK punctuation",
          "[base][text]") {
  // 你好，世界！ → 你好世界 (fullwidth comma and exclamation mark dropped)
  CHECK(text::fold_for_similarity("\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C\xEF\xBC\x81") ==
        "\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C");
  // 今天。 → 今天 (ideographic full stop dropped)
  CHECK(text::fold_for_similarity("\xE4\xBB\x8A\xE5\xA4\xA9\xE3\x80\x82") == "\xE4\xBB\x8A\xE5\xA4\xA9");
  CHECK(text::fold_for_similarity("\xE3\x81\x82\xE3\x82\xA2") == "\xE3\x81\x82\xE3\x82\xA2");  // あア
  CHECK(text::fold_for_similarity("\xEC\x95\x88\xEB\x85\x95!") == "\xEC\x95\x88\xEB\x85\x95");  // 안녕!
  CHECK(text::fold_for_similarity("Caf\xC3\xA9 au lait") == "caf\xC3\xA9" "aulait");
  CHECK(text::fold_for_similarity("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82") ==  // Привет kept
        "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST_CASE("fold_for_similarity maps fullwidth letters and digits to ASCII", "[base][text]") {
  // ＡＢＣ ｘｙｚ １２３ → abcxyz123
  CHECK(text::fold_for_similarity("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 \xEF\xBD\x98\xEF\xBD\x99\xEF\xBD\x9A "
                                  "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93") == "abcxyz123");
  CHECK(text::fold_for_similarity("\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F") ==
        text::fold_for_similarity("HELLO"));  // Ｈｅｌｌｏ
}

TEST_CASE("fold_for_similarity keeps at most max_codepoints code points", "[base][text]") {
  CHECK(text::fold_for_similarity("a b c d e f", 3) == "abc");
  CHECK(text::fold_for_similarity("\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C", 2) ==
        "\xE4\xBD\xA0\xE5\xA5\xBD");  // counts code points, not bytes
  CHECK(text::fold_for_similarity("abc", 0) == "");
  CHECK(text::codepoints(text::fold_for_similarity(std::string(500, 'x'))) == 200);  // the default cap
}

TEST_CASE("fold_for_similarity drops invalid bytes", "[base][text]") {
  CHECK(text::fold_for_similarity("ab\xFF\xFE" "cd") == "abcd");
}

TEST_CASE("local_day at UTC splits days at midnight", "[base][text]") {
  CHECK(text::local_day(0, 0) == 0);
  CHECK(text::local_day(day_ms - 1, 0) == 0);
  CHECK(text::local_day(day_ms, 0) == 1);
  CHECK(text::local_day(1'700'000'000'000, 0) == 19'675);  // 2023-11-14
}

TEST_CASE("local_day at a positive offset starts the day before UTC midnight", "[base][text]") {
  const int utc8 = 8 * 60;
  const std::int64_t local_midnight = day_ms - 8 * hour_ms;  // 1970-01-02 00:00 at UTC+8 is 16:00 UTC on day 0
  CHECK(text::local_day(local_midnight - 1, utc8) == 0);
  CHECK(text::local_day(local_midnight, utc8) == 1);
  CHECK(text::local_day(0, utc8) == 0);
  CHECK(text::local_day(day_ms - 1, utc8) == 1);  // 23:59 UTC on day 0 is already day 1 in UTC+8
}

TEST_CASE("local_day at a negative offset starts the day after UTC midnight", "[base][text]") {
  const int utc_minus5 = -5 * 60;
  const std::int64_t local_midnight = day_ms + 5 * hour_ms;  // 1970-01-02 00:00 at UTC-5 is 05:00 UTC on day 1
  CHECK(text::local_day(local_midnight - 1, utc_minus5) == 0);
  CHECK(text::local_day(local_midnight, utc_minus5) == 1);
  CHECK(text::local_day(day_ms, utc_minus5) == 0);  // UTC midnight of day 1 is still the evening of day 0
  CHECK(text::local_day(0, utc_minus5) == -1);      // the epoch itself is 1969-12-31 19:00 at UTC-5
}

TEST_CASE("local_day rounds negative times down rather than toward zero", "[base][text]") {
  CHECK(text::local_day(-1, 0) == -1);
  CHECK(text::local_day(-day_ms + 1, 0) == -1);
  CHECK(text::local_day(-day_ms, 0) == -1);
  CHECK(text::local_day(-day_ms - 1, 0) == -2);
  CHECK(text::local_day(0, -1) == -1);  // one minute west of Greenwich
  CHECK(text::local_day(-minute_ms, 1) == 0);
}

TEST_CASE("ms_until_next_day counts to the next local midnight", "[base][text]") {
  CHECK(text::ms_until_next_day(0, 0) == day_ms);
  CHECK(text::ms_until_next_day(day_ms - 1, 0) == 1);
  CHECK(text::ms_until_next_day(12 * hour_ms, 0) == 12 * hour_ms);
  CHECK(text::ms_until_next_day(day_ms - 8 * hour_ms - 1, 8 * 60) == 1);
  CHECK(text::ms_until_next_day(day_ms - 8 * hour_ms, 8 * 60) == day_ms);
  CHECK(text::ms_until_next_day(day_ms, -5 * 60) == 5 * hour_ms);
  CHECK(text::ms_until_next_day(-1, 0) == 1);
  CHECK(text::ms_until_next_day(-day_ms, 0) == day_ms);
}

TEST_CASE("ms_until_next_day always lands exactly on the first millisecond of the next local day",
          "[base][text]") {
  const std::int64_t at = GENERATE(std::int64_t{-3 * day_ms - 17}, std::int64_t{-1}, std::int64_t{0},
                                   std::int64_t{1'700'000'000'000}, std::int64_t{1'700'000'000'000 + 12'345'678});
  const int offset = GENERATE(-12 * 60, -5 * 60 - 30, -1, 0, 1, 5 * 60 + 45, 8 * 60, 14 * 60);
  const std::int64_t wait = text::ms_until_next_day(at, offset);
  CAPTURE(at, offset, wait);
  CHECK(wait > 0);
  CHECK(wait <= day_ms);
  CHECK(text::local_day(at + wait, offset) == text::local_day(at, offset) + 1);
  CHECK(text::local_day(at + wait - 1, offset) == text::local_day(at, offset));
}

TEST_CASE("UTF-8 is cut at character boundaries only", "[base][text]") {
  using fanbase::text::prefix_bytes;
  using fanbase::text::prefix_codepoints;
  using fanbase::text::truncate;
  CHECK(prefix_codepoints("粉丝见面会", 2) == "粉丝");
  CHECK(prefix_codepoints("ab", 5) == "ab");
  CHECK(prefix_bytes("粉丝", 4) == "粉");  // 3 bytes a character: the second would be cut
  CHECK(prefix_bytes("粉丝", 2).empty());
  CHECK(prefix_bytes("abc", 3) == "abc");
  CHECK(truncate("粉丝见面会几点开始", 4) == "粉丝见面…");
  CHECK(truncate("hello world again", 6) == "hello…");  // the space before the cut is dropped
  CHECK(truncate("short", 10) == "short");
}

// Issue 10, defect 2: with a positive offset, local_day(at near INT64_MAX) overflowed int64 (UBSan). The
// arithmetic now saturates: defined, monotonic, and at the far ends of the range.
TEST_CASE("local day arithmetic stays defined at the ends of the int64 range", "[base][text]") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  CHECK(add_saturated(max, 1) == max);
  CHECK(add_saturated(min, -1) == min);
  CHECK(add_saturated(5, -7) == -2);
  CHECK(local_ms(max - 1000, 14 * 60) == max);
  CHECK(text::local_day(max, 14 * 60) == max / day_ms);
  CHECK(text::local_day(min, -14 * 60) == min / day_ms - 1);
  CHECK(text::ms_until_next_day(max, 480) > 0);
  CHECK(text::ms_until_next_day(max, 480) <= day_ms);
  CHECK(text::ms_until_next_day(min, -720) > 0);
  CHECK(text::ms_until_next_day(0, 0) == day_ms);
  CHECK(text::ms_until_next_day(day_ms - 1, 0) == 1);
  CHECK(text::ms_until_next_day(-1, 0) == 1);
}

TEST_CASE("utf16_units counts a character past U+FFFF as two, as Telegram does", "[base][text]") {
  CHECK(text::utf16_units("") == 0);
  CHECK(text::utf16_units("abc") == 3);
  CHECK(text::utf16_units("你好") == 2);        // BMP: one unit each, though three bytes each
  CHECK(text::utf16_units("😀😀") == 4);        // U+1F600: a surrogate pair each
  CHECK(text::utf16_units("a\xff" "b") == 3);   // an invalid byte counts one (U+FFFD)
}

TEST_CASE("prefix_utf16 keeps whole characters within a UTF-16 budget", "[base][text]") {
  CHECK(text::prefix_utf16("abcdef", 4) == "abcd");
  CHECK(text::prefix_utf16("abc", 10) == "abc");
  CHECK(text::prefix_utf16("a😀b", 2) == "a");    // the emoji needs two units: it is not split, it is left out
  CHECK(text::prefix_utf16("a😀b", 3) == "a😀");
  CHECK(text::prefix_utf16("你好世界", 3) == "你好世");
  CHECK(text::prefix_utf16("😀", 1).empty());
  CHECK(text::prefix_utf16("anything", 0).empty());
}
