// base/moderation_text: filter normalization (case, full-width, invisible characters, whitespace, invalid UTF-8),
// duration parsing and formatting, link hosts and the allowlist, the caps ratio and mention counting.
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "base/duration.hpp"
#include "base/filter_text.hpp"
#include "base/links.hpp"

using fanbase::caps_ratio;
using fanbase::count_mentions;
using fanbase::find_link_hosts;
using fanbase::format_duration;
using fanbase::host_allowed;
using fanbase::normalize_for_filter;
using fanbase::parse_duration_ms;

namespace {

constexpr std::int64_t second_ms = 1'000;
constexpr std::int64_t minute_ms = 60 * second_ms;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t day_ms = 24 * hour_ms;
constexpr std::int64_t week_ms = 7 * day_ms;
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// Invisible characters, kept apart so that a following letter is never read as part of a \x escape.
const std::string zwsp = "\xE2\x80\x8B";    // U+200B zero width space
const std::string zwnj = "\xE2\x80\x8C";    // U+200C
const std::string zwj = "\xE2\x80\x8D";     // U+200D
const std::string rlo = "\xE2\x80\xAE";     // U+202E right-to-left override
const std::string wj = "\xE2\x81\xA0";      // U+2060 word joiner
const std::string bom = "\xEF\xBB\xBF";     // U+FEFF
const std::string shy = "\xC2\xAD";         // U+00AD soft hyphen
const std::string vs16 = "\xEF\xB8\x8F";    // U+FE0F variation selector 16
const std::string nbsp = "\xC2\xA0";        // U+00A0
const std::string ideo_space = "\xE3\x80\x80";  // U+3000
const std::string em_space = "\xE2\x80\x83";    // U+2003
const std::string hangul_filler = "\xE3\x85\xA4";  // U+3164

std::vector<std::string> hosts(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

}  // namespace

// ---- normalize_for_filter ---------------------------------------------------------------------------------------

TEST_CASE("normalize_for_filter of empty or blank text is empty", "[base][moderation_text]") {
  CHECK(normalize_for_filter("") == "");
  CHECK(normalize_for_filter("   ") == "");
  CHECK(normalize_for_filter("\t\r\n") == "");
  CHECK(normalize_for_filter(zwsp + zwsp + bom) == "");
  CHECK(normalize_for_filter(ideo_space + nbsp) == "");
}

TEST_CASE("normalize_for_filter lowers ASCII and keeps digits and punctuation", "[base][moderation_text]") {
  CHECK(normalize_for_filter("FREE Money!!! 100%") == "free money!!! 100%");
  CHECK(normalize_for_filter("already lower") == "already lower");
}

TEST_CASE("normalize_for_filter lowers Latin-1 and Latin Extended-A letters", "[base][moderation_text]") {
  CHECK(normalize_for_filter("CAFÉ ÀÖØÞ") == "café àöøþ");
  CHECK(normalize_for_filter("×÷ß") == "×÷ß");           // signs and sharp s unchanged
  CHECK(normalize_for_filter("ŁÓDŹ ŻÓŁW") == "łódź żółw");  // Polish
  CHECK(normalize_for_filter("ČŠŽ ĚŘŮ") == "čšž ěřů");      // Czech
  CHECK(normalize_for_filter("İSTANBUL") == "istanbul");     // dotted capital I becomes plain i
  CHECK(normalize_for_filter("Ÿ Ő Ű Ĳ") == "ÿ ő ű ĳ");
  CHECK(normalize_for_filter("ıĸŉſ") == "ıĸŉſ");  // lower-case letters without an upper partner stay
}

TEST_CASE("normalize_for_filter lowers Greek and Cyrillic", "[base][moderation_text]") {
  CHECK(normalize_for_filter("ΑΒΓ ΩΣ") == "αβγ ωσ");
  CHECK(normalize_for_filter("ΆΈΉΊΌΎΏ") == "άέήίόύώ");
  CHECK(normalize_for_filter("ΪΫ") == "ϊϋ");
  CHECK(normalize_for_filter("СПАМ Реклама") == "спам реклама");
  CHECK(normalize_for_filter("ЁЖЯ ЄІЇЎ Ђ") == "ёжя єіїў ђ");
  CHECK(normalize_for_filter("ҐҚӀӁ") == "ґқӏӂ");
}

TEST_CASE("normalize_for_filter folds full-width ASCII to ASCII", "[base][moderation_text]") {
  CHECK(normalize_for_filter("ＦＲＥＥ") == "free");
  CHECK(normalize_for_filter("ｆｒｅｅ") == "free");
  CHECK(normalize_for_filter("ＶＸ：１２３４５") == "vx:12345");
  CHECK(normalize_for_filter("！～") == "!~");  // both ends of the block U+FF01..FF5E
  CHECK(normalize_for_filter("加ＱＱ群") == "加qq群");
}

TEST_CASE("normalize_for_filter removes zero-width and invisible characters", "[base][moderation_text]") {
  CHECK(normalize_for_filter("f" + zwsp + "r" + zwsp + "ee") == "free");
  CHECK(normalize_for_filter("f" + zwnj + "r" + zwj + "e" + wj + "e") == "free");
  CHECK(normalize_for_filter(bom + "free") == "free");
  CHECK(normalize_for_filter("fr" + shy + "ee") == "free");
  CHECK(normalize_for_filter("fr" + rlo + "ee") == "free");
  CHECK(normalize_for_filter("f" + vs16 + "ree") == "free");
  CHECK(normalize_for_filter("fr" + hangul_filler + "ee") == "free");
  CHECK(normalize_for_filter("\xE2\x80\x8E" "free" "\xE2\x80\x8F") == "free");  // LRM and RLM
  CHECK(normalize_for_filter("fr\xE2\x81\xA4" "ee") == "free");                  // U+2064 invisible plus
  CHECK(normalize_for_filter("fr\xE2\x81\xA6" "ee\xE2\x81\xA9") == "free");      // U+2066 and U+2069 isolates
}

TEST_CASE("normalize_for_filter removes control characters but not line breaks", "[base][moderation_text]") {
  CHECK(normalize_for_filter(std::string("f\x01r\x1B" "e\x7F" "e")) == "free");
  CHECK(normalize_for_filter(std::string("fr\0ee", 5)) == "free");
  CHECK(normalize_for_filter("fr\xC2\x80" "ee") == "free");  // C1 control U+0080
  CHECK(normalize_for_filter("free\nmoney") == "free money");
}

TEST_CASE("normalize_for_filter collapses whitespace runs and trims", "[base][moderation_text]") {
  CHECK(normalize_for_filter("  free   money  ") == "free money");
  CHECK(normalize_for_filter("free\t\n\r money") == "free money");
  CHECK(normalize_for_filter("free" + ideo_space + "money") == "free money");
  CHECK(normalize_for_filter("free" + nbsp + em_space + "money") == "free money");
  CHECK(normalize_for_filter("free\xE2\x80\xA8money\xC2\x85") == "free money");  // U+2028 and NEL
  CHECK(normalize_for_filter("free " + zwsp + " money") == "free money");  // invisible between spaces
  CHECK(normalize_for_filter(zwsp + " free") == "free");
}

TEST_CASE("normalize_for_filter drops invalid UTF-8 bytes without crashing", "[base][moderation_text]") {
  CHECK(normalize_for_filter("fr\xFF" "ee") == "free");
  CHECK(normalize_for_filter("\x80\x80" "free") == "free");            // stray continuation bytes
  CHECK(normalize_for_filter("free\xE4\xBD") == "free");                // a sequence cut short at the end
  CHECK(normalize_for_filter("\xC0\xAF" "x") == "x");                   // overlong '/'
  CHECK(normalize_for_filter("\xED\xA0\x80" "x") == "x");               // UTF-16 surrogate
  CHECK(normalize_for_filter("\xF4\x90\x80\x80" "x") == "x");           // past U+10FFFF
  CHECK(normalize_for_filter("\xE4\x41\x42") == "ab");                   // a lead byte then ASCII
  CHECK(normalize_for_filter("\xFF\xFE\xFD") == "");
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  const std::string out = normalize_for_filter(all_bytes);
  CHECK(out.find("abcdefghijklmnopqrstuvwxyz") != std::string::npos);
  CHECK(out.find('A') == std::string::npos);
}

TEST_CASE("normalize_for_filter passes Chinese and emoji through unchanged", "[base][moderation_text]") {
  CHECK(normalize_for_filter("加微信领取免费福利") == "加微信领取免费福利");
  CHECK(normalize_for_filter("你好，世界。") == "你好,世界。");  // full-width comma folds; U+3002 is not in the block
  CHECK(normalize_for_filter("😀👍🏽🎉") == "😀👍🏽🎉");          // skin tone modifier kept
  CHECK(normalize_for_filter("𠮷") == "𠮷");                     // CJK extension B (4 bytes)
  CHECK(normalize_for_filter("\xE2\x9D\xA4" + vs16) == "\xE2\x9D\xA4");  // red heart loses its selector
  CHECK(normalize_for_filter("👨" + zwj + "💻") == "👨💻");      // ZWJ sequences come apart
  CHECK(normalize_for_filter("FREE 免费 Ｍｏｎｅｙ") == "free 免费 money");
}

// ---- parse_duration_ms ------------------------------------------------------------------------------------------

TEST_CASE("parse_duration_ms reads each single unit", "[base][moderation_text]") {
  CHECK(parse_duration_ms("30s") == 30 * second_ms);
  CHECK(parse_duration_ms("10m") == 10 * minute_ms);
  CHECK(parse_duration_ms("2h") == 2 * hour_ms);
  CHECK(parse_duration_ms("3d") == 3 * day_ms);
  CHECK(parse_duration_ms("1w") == week_ms);
  CHECK(parse_duration_ms("0s") == 0);
  CHECK(parse_duration_ms("007m") == 7 * minute_ms);
  CHECK(parse_duration_ms("400d") == 400 * day_ms);
}

TEST_CASE("parse_duration_ms ignores the case of units", "[base][moderation_text]") {
  CHECK(parse_duration_ms("30S") == 30 * second_ms);
  CHECK(parse_duration_ms("2H") == 2 * hour_ms);
  CHECK(parse_duration_ms("1W2D") == week_ms + 2 * day_ms);
  CHECK(parse_duration_ms("1h30M") == hour_ms + 30 * minute_ms);
}

TEST_CASE("parse_duration_ms adds combined parts", "[base][moderation_text]") {
  CHECK(parse_duration_ms("1h30m") == hour_ms + 30 * minute_ms);
  CHECK(parse_duration_ms("1w2d3h4m5s") == week_ms + 2 * day_ms + 3 * hour_ms + 4 * minute_ms + 5 * second_ms);
  CHECK(parse_duration_ms("1d12h") == day_ms + 12 * hour_ms);
  CHECK(parse_duration_ms("90m") == 90 * minute_ms);  // a part may exceed the next unit up
  CHECK(parse_duration_ms("1h 30m") == hour_ms + 30 * minute_ms);  // what format_duration writes
}

TEST_CASE("parse_duration_ms refuses malformed text", "[base][moderation_text]") {
  const std::string bad = GENERATE(as<std::string>{}, "", " ", "s", "m", "30", "h1", "-5m", "+5m", "1.5h", "1,5h", "5 m", " 5m", "5m ",
                             "1h  30m", "1h ", "1x", "5ms", "1hh", "1h30", "30m1h", "1m1m", "1d1d", "1h-30m",
                             "1h_30m", "５m", "5年", "1e3s", "0x10s", "m5", "1h\t30m");
  CAPTURE(bad);
  CHECK_FALSE(parse_duration_ms(bad).has_value());
}

TEST_CASE("parse_duration_ms refuses values that overflow int64", "[base][moderation_text]") {
  CHECK(parse_duration_ms("9223372036854775s") == 9'223'372'036'854'775'000);  // the largest whole-second value
  CHECK_FALSE(parse_duration_ms("9223372036854776s").has_value());
  CHECK_FALSE(parse_duration_ms("9223372036854775807s").has_value());
  CHECK_FALSE(parse_duration_ms("9223372036854775808s").has_value());       // the digits alone overflow
  CHECK_FALSE(parse_duration_ms("99999999999999999999999999999999w").has_value());
  CHECK(parse_duration_ms("15250284452w") == 15'250'284'452 * week_ms);
  CHECK_FALSE(parse_duration_ms("15250284453w").has_value());
  // Each part fits but the sum does not.
  CHECK_FALSE(parse_duration_ms("15250284452w6d").has_value());
}

// ---- format_duration --------------------------------------------------------------------------------------------

TEST_CASE("format_duration writes the largest unit and the one below", "[base][moderation_text]") {
  CHECK(format_duration(hour_ms + 30 * minute_ms) == "1h 30m");
  CHECK(format_duration(3 * day_ms) == "3d");
  CHECK(format_duration(45 * second_ms) == "45s");
  CHECK(format_duration(minute_ms + 5 * second_ms) == "1m 5s");
  CHECK(format_duration(week_ms) == "1w");
  CHECK(format_duration(10 * day_ms) == "1w 3d");
  CHECK(format_duration(day_ms + hour_ms + minute_ms + second_ms) == "1d 1h");      // at most two parts
  CHECK(format_duration(day_ms + 5 * minute_ms) == "1d");                           // the part below is zero
  CHECK(format_duration(2 * hour_ms + 59 * minute_ms + 59 * second_ms) == "2h 59m");  // truncated, not rounded
  CHECK(format_duration(400 * day_ms) == "57w 1d");
}

TEST_CASE("format_duration drops sub-second parts", "[base][moderation_text]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(999) == "0s");
  CHECK(format_duration(1000) == "1s");
  CHECK(format_duration(1999) == "1s");
  CHECK(format_duration(minute_ms + 500) == "1m");
  CHECK(format_duration(-5 * second_ms) == "0s");
  CHECK(format_duration(std::numeric_limits<std::int64_t>::min()) == "0s");
  CHECK(format_duration(int64_max) == "15250284452w 3d");
}

TEST_CASE("format_duration output parses back to the shown value", "[base][moderation_text]") {
  const std::int64_t ms = GENERATE(as<std::int64_t>{}, 1000, 59 * second_ms, hour_ms + 30 * minute_ms, 3 * day_ms, 10 * day_ms,
                                   week_ms + day_ms + hour_ms);
  CAPTURE(ms);
  const auto back = parse_duration_ms(format_duration(ms));
  REQUIRE(back.has_value());
  CHECK(format_duration(*back) == format_duration(ms));
}

// ---- find_link_hosts --------------------------------------------------------------------------------------------

TEST_CASE("find_link_hosts of text without links is empty", "[base][moderation_text]") {
  CHECK(find_link_hosts("").empty());
  CHECK(find_link_hosts("hello world").empty());
  CHECK(find_link_hosts("e.g. this").empty());
  CHECK(find_link_hosts("i.e. that").empty());
  CHECK(find_link_hosts("pi is 3.14 and v1.2.3").empty());
  CHECK(find_link_hosts("open file.txt or README.md or main.py").empty());
  CHECK(find_link_hosts("Mr.Smith said hello.world").empty());
  CHECK(find_link_hosts("wait...what").empty());
  CHECK(find_link_hosts("a.b").empty());
  CHECK(find_link_hosts("http://").empty());
  CHECK(find_link_hosts("https://...").empty());
  CHECK(find_link_hosts("www.").empty());
  CHECK(find_link_hosts("www.example").empty());  // one label after www is not a site
  CHECK(find_link_hosts("你好世界").empty());
  CHECK(find_link_hosts("😀.com").empty());        // hosts are ASCII (IDN arrive as xn--)
}

TEST_CASE("find_link_hosts reads hosts after http and https", "[base][moderation_text]") {
  CHECK(find_link_hosts("see https://example.com/path?q=1#x") == hosts({"example.com"}));
  CHECK(find_link_hosts("http://example.org") == hosts({"example.org"}));
  CHECK(find_link_hosts("HTTPS://EXAMPLE.COM/ABC") == hosts({"example.com"}));
  CHECK(find_link_hosts("https://example.com:8443/x") == hosts({"example.com"}));
  CHECK(find_link_hosts("https://www.YouTube.com/watch?v=1") == hosts({"youtube.com"}));
  CHECK(find_link_hosts("https://intranet/page") == hosts({"intranet"}));       // any host after a scheme
  CHECK(find_link_hosts("https://weird.tld-zz/") == hosts({"weird.tld-zz"}));
  CHECK(find_link_hosts("http://192.168.0.1:8080/admin") == hosts({"192.168.0.1"}));
  CHECK(find_link_hosts("http://[::1]:8080/") == hosts({"[::1]"}));
  CHECK(find_link_hosts("https://example.com.") == hosts({"example.com"}));     // sentence full stop
  CHECK(find_link_hosts("(https://example.com)") == hosts({"example.com"}));
  CHECK(find_link_hosts("<https://example.com>") == hosts({"example.com"}));
  CHECK(find_link_hosts("https://xn--p1ai.xn--p1ai/") == hosts({"xn--p1ai.xn--p1ai"}));
  CHECK(find_link_hosts("https://www.com") == hosts({"www.com"}));  // www is kept when nothing dotted remains
}

TEST_CASE("find_link_hosts takes the host after userinfo", "[base][moderation_text]") {
  CHECK(find_link_hosts("http://youtube.com@evil.com/x") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://user:pa!ss@evil.com") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://a@b@evil.com") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://evil.com#@youtube.com") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://evil.com?@youtube.com") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://evil.com\\@youtube.com") == hosts({"evil.com"}));
}

TEST_CASE("find_link_hosts reads www forms with any TLD", "[base][moderation_text]") {
  CHECK(find_link_hosts("go to www.example.com now") == hosts({"example.com"}));
  CHECK(find_link_hosts("WWW.Example.ZZ/page") == hosts({"example.zz"}));
  CHECK(find_link_hosts("www.shop.example.travel") == hosts({"shop.example.travel"}));
  CHECK(find_link_hosts("//www.example.qq") == hosts({"example.qq"}));
  CHECK(find_link_hosts("www.example.c0m").empty());  // a TLD is letters
  CHECK(find_link_hosts("www.example.x").empty());    // of two or more
}

TEST_CASE("find_link_hosts reads bare domains with a common TLD", "[base][moderation_text]") {
  CHECK(find_link_hosts("example.com/path") == hosts({"example.com"}));
  CHECK(find_link_hosts("join t.me/joinchat/AbCdEf") == hosts({"t.me"}));
  CHECK(find_link_hosts("bit.ly/xyz and youtu.be/abc") == hosts({"bit.ly", "youtu.be"}));
  CHECK(find_link_hosts("Visit Example.COM.") == hosts({"example.com"}));
  CHECK(find_link_hosts("cheap-pills.xyz!") == hosts({"cheap-pills.xyz"}));
  CHECK(find_link_hosts("sub.domain.example.co.uk/x") == hosts({"sub.domain.example.co.uk"}));
  CHECK(find_link_hosts("example.com:8080/x") == hosts({"example.com"}));
  CHECK(find_link_hosts("wait..example.com") == hosts({"example.com"}));
  CHECK(find_link_hosts("a.com,b.net") == hosts({"a.com", "b.net"}));
  CHECK(find_link_hosts("example.unknowntld").empty());
  CHECK(find_link_hosts("example.c").empty());
}

TEST_CASE("find_link_hosts finds domains glued to Chinese text", "[base][moderation_text]") {
  CHECK(find_link_hosts("加我example.com领取") == hosts({"example.com"}));
  CHECK(find_link_hosts("点击https://evil.cn/a看看") == hosts({"evil.cn"}));
  CHECK(find_link_hosts("https://a.com/中文spam.ru") == hosts({"a.com", "spam.ru"}));  // non-ASCII ends the link
}

TEST_CASE("find_link_hosts ignores e-mail addresses", "[base][moderation_text]") {
  CHECK(find_link_hosts("mail me at a@b.com").empty());
  CHECK(find_link_hosts("first.last@example.com").empty());
  CHECK(find_link_hosts("support@t.me or t.me/help") == hosts({"t.me"}));
}

TEST_CASE("find_link_hosts does not search a link path for bare domains", "[base][moderation_text]") {
  CHECK(find_link_hosts("https://github.com/user/repo.io") == hosts({"github.com"}));
  CHECK(find_link_hosts("example.com/redirect?to=evil.com") == hosts({"example.com"}));
  CHECK(find_link_hosts("https://github.com/x evil.com") == hosts({"github.com", "evil.com"}));  // a space ends it
}

TEST_CASE("find_link_hosts finds a scheme anywhere", "[base][moderation_text]") {
  CHECK(find_link_hosts("https://a.com/?u=https://evil.com/x") == hosts({"a.com", "evil.com"}));
  CHECK(find_link_hosts("xhttp://evil.com") == hosts({"evil.com"}));
  CHECK(find_link_hosts("http://a.comhttps://b.com") == hosts({"a.com", "b.com"}));
}

TEST_CASE("find_link_hosts lists each host once in order", "[base][moderation_text]") {
  CHECK(find_link_hosts("b.com a.com https://B.com www.a.com") == hosts({"b.com", "a.com"}));
}

TEST_CASE("find_link_hosts survives invalid UTF-8 and every byte", "[base][moderation_text]") {
  CHECK(find_link_hosts("\xFF" "example.com\x80") == hosts({"example.com"}));
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  CHECK(find_link_hosts(all_bytes).empty());
  CHECK(find_link_hosts("https://ＥＸＡＭＰＬＥ.com").empty());                               // not normalized
  CHECK(find_link_hosts(normalize_for_filter("ｅｘａｍｐｌｅ．ｃｏｍ")) == hosts({"example.com"}));  // normalized
}

// ---- host_allowed -----------------------------------------------------------------------------------------------

TEST_CASE("host_allowed accepts exact hosts and subdomains", "[base][moderation_text]") {
  const std::vector<std::string> allow{"youtube.com", "t.me"};
  CHECK(host_allowed("youtube.com", allow));
  CHECK(host_allowed("m.youtube.com", allow));
  CHECK(host_allowed("a.b.youtube.com", allow));
  CHECK(host_allowed("t.me", allow));
  CHECK_FALSE(host_allowed("evilyoutube.com", allow));
  CHECK_FALSE(host_allowed("youtube.com.evil.com", allow));
  CHECK_FALSE(host_allowed("youtube.co", allow));
  CHECK_FALSE(host_allowed("ube.com", allow));
  CHECK_FALSE(host_allowed("at.me", allow));
  CHECK_FALSE(host_allowed("", allow));
}

TEST_CASE("host_allowed ignores case and www and trailing dots", "[base][moderation_text]") {
  CHECK(host_allowed("M.YouTube.COM", {"youtube.com"}));
  CHECK(host_allowed("youtube.com", {"WWW.YouTube.com"}));
  CHECK(host_allowed("www.youtube.com", {"youtube.com"}));
  CHECK(host_allowed("youtube.com.", {"youtube.com"}));
  CHECK(host_allowed("m.youtube.com", {"*.youtube.com"}));
  CHECK(host_allowed("m.youtube.com", {".youtube.com"}));
}

TEST_CASE("host_allowed with an empty allowlist or empty entries allows nothing", "[base][moderation_text]") {
  CHECK_FALSE(host_allowed("example.com", {}));
  CHECK_FALSE(host_allowed("example.com", {""}));
  CHECK_FALSE(host_allowed("example.com", {".", "*.", "www."}));
  CHECK_FALSE(host_allowed("com", {"example.com"}));
}

// ---- caps_ratio -------------------------------------------------------------------------------------------------

TEST_CASE("caps_ratio of text without cased letters is zero", "[base][moderation_text]") {
  std::size_t letters = 99;
  CHECK(caps_ratio("", letters) == 0.0);
  CHECK(letters == 0);
  letters = 99;
  CHECK(caps_ratio("123 !!! 😀", letters) == 0.0);
  CHECK(letters == 0);
  CHECK(caps_ratio("中文没有大小写", letters) == 0.0);
  CHECK(letters == 0);
  CHECK(caps_ratio("\xFF\xFE\x80", letters) == 0.0);
  CHECK(letters == 0);
}

TEST_CASE("caps_ratio counts ASCII case", "[base][moderation_text]") {
  std::size_t letters = 0;
  CHECK(caps_ratio("HELLO", letters) == 1.0);
  CHECK(letters == 5);
  CHECK(caps_ratio("hello", letters) == 0.0);
  CHECK(letters == 5);
  CHECK(caps_ratio("HeLLo WORLD!!! 123", letters) == Approx(8.0 / 10.0));
  CHECK(letters == 10);
}

TEST_CASE("caps_ratio counts Latin-1 and Greek and Cyrillic case", "[base][moderation_text]") {
  std::size_t letters = 0;
  CHECK(caps_ratio("ÉÀÇ éàç", letters) == Approx(0.5));
  CHECK(letters == 6);
  CHECK(caps_ratio("ß×÷", letters) == 0.0);  // sharp s is lower-case and the signs are not letters
  CHECK(letters == 1);
  CHECK(caps_ratio("ΑΒΓ αβγς", letters) == Approx(3.0 / 7.0));
  CHECK(letters == 7);
  CHECK(caps_ratio("ПРИВЕТ мир", letters) == Approx(6.0 / 9.0));
  CHECK(letters == 9);
  CHECK(caps_ratio("ŁÓDŹ", letters) == 1.0);
  CHECK(letters == 4);
}

TEST_CASE("caps_ratio counts full-width letters and ignores Chinese among them", "[base][moderation_text]") {
  std::size_t letters = 0;
  CHECK(caps_ratio("ＦＲＥＥ ｆｒｅｅ", letters) == Approx(0.5));
  CHECK(letters == 8);
  CHECK(caps_ratio("免费FREE领取", letters) == 1.0);
  CHECK(letters == 4);
  CHECK(caps_ratio("OK 😀" + zwsp + "\xFF", letters) == 1.0);
  CHECK(letters == 2);
}

// ---- count_mentions ---------------------------------------------------------------------------------------------

TEST_CASE("count_mentions counts usernames", "[base][moderation_text]") {
  CHECK(count_mentions("") == 0);
  CHECK(count_mentions("no mentions here") == 0);
  CHECK(count_mentions("@alice5") == 1);
  CHECK(count_mentions("hi @alice5 and @bob_the_builder!") == 2);
  CHECK(count_mentions("@alice5 @alice5 @alice5") == 3);  // repeats count each time
  CHECK(count_mentions("(@alice5),@bobby1.") == 2);
  CHECK(count_mentions("@Alice_Bot") == 1);
  CHECK(count_mentions("你好@alice5谢谢") == 1);  // glued to Chinese
}

TEST_CASE("count_mentions applies the username length and shape", "[base][moderation_text]") {
  CHECK(count_mentions("@abcd") == 0);   // 4 characters
  CHECK(count_mentions("@abcde") == 1);  // 5
  CHECK(count_mentions("@" + std::string(32, 'a')) == 1);
  CHECK(count_mentions("@" + std::string(33, 'a')) == 0);
  CHECK(count_mentions("@12345") == 0);   // must start with a letter
  CHECK(count_mentions("@_abcde") == 0);
  CHECK(count_mentions("@") == 0);
  CHECK(count_mentions("@ alice5") == 0);
  CHECK(count_mentions("@@alice5") == 1);
}

TEST_CASE("count_mentions does not count e-mail addresses", "[base][moderation_text]") {
  CHECK(count_mentions("a@b.com") == 0);
  CHECK(count_mentions("mail alice@example.com") == 0);
  CHECK(count_mentions("x_@domain") == 0);
  CHECK(count_mentions("9@alice5") == 0);
}

TEST_CASE("count_mentions survives invalid UTF-8", "[base][moderation_text]") {
  CHECK(count_mentions("\xFF@alice5\x80") == 1);
  CHECK(count_mentions("\xE4@alice5") == 1);
}
