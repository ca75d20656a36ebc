// ml/text_similarity: Jaccard similarity of code-point bigrams of folded messages (the anti-farming check).
#include <catch2/catch.hpp>

#include <string>

#include "base/text.hpp"
#include "ml/text_similarity.hpp"

using fanbase::ml::bigram_similarity;
using fanbase::text::fold_for_similarity;

namespace {

// What the points stage compares: the fingerprints of two raw messages.
double similar(const std::string& a, const std::string& b) {
  return bigram_similarity(fold_for_similarity(a), fold_for_similarity(b));
}

}  // namespace

TEST_CASE("identical folded texts have similarity 1", "[ml][similarity]") {
  CHECK(bigram_similarity("helloeveryone", "helloeveryone") == 1.0);
  CHECK(bigram_similarity("x", "x") == 1.0);
  CHECK(bigram_similarity("", "") == 1.0);
  CHECK(similar("Great show tonight!", "great show tonight") == 1.0);
}

TEST_CASE("texts with no bigram in common have similarity 0", "[ml][similarity]") {
  CHECK(bigram_similarity("abcd", "wxyz") == 0.0);
  CHECK(bigram_similarity("ab", "ba") == 0.0);  // same letters, different order
}

TEST_CASE("near-duplicate messages score at least 0.85", "[ml][similarity]") {
  CHECK(similar("hello everyone!!", "Hello everyone") >= 0.85);
  CHECK(similar("hello everyone", "hello everyone2") >= 0.85);
  CHECK(similar("I love this band so much", "i love this band so much!!! \xF0\x9F\x98\x8D") >= 0.85);
  CHECK(similar("what time does the concert start tonight",
                "what time does the concert start tonight??") >= 0.85);
}

TEST_CASE("a message with one word respelled still scores high", "[ml][similarity]") {
  CHECK(similar("what time does the concert start tonight", "what time does the concert start tonite") >= 0.8);
}

TEST_CASE("different messages score below 0.5", "[ml][similarity]") {
  CHECK(similar("what time does the concert start tonight", "I love the new album so much") < 0.5);
  CHECK(similar("good morning", "see you all tomorrow") < 0.5);
  CHECK(similar("hello everyone", "goodbye friends") < 0.5);
}

TEST_CASE("CJK near-duplicates are similar and different CJK messages are not", "[ml][similarity]") {
  // 今天天气很好 vs 今天天气很好啊
  CHECK(similar("\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xA4\xA9\xE6\xB0\x94\xE5\xBE\x88\xE5\xA5\xBD",
                "\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xA4\xA9\xE6\xB0\x94\xE5\xBE\x88\xE5\xA5\xBD\xE5\x95\x8A") >= 0.8);
  // 今天天气很好 vs 我喜欢这首歌
  CHECK(similar("\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xA4\xA9\xE6\xB0\x94\xE5\xBE\x88\xE5\xA5\xBD",
                "\xE6\x88\x91\xE5\x96\x9C\xE6\xAC\xA2\xE8\xBF\x99\xE9\xA6\x96\xE6\xAD\x8C") == 0.0);
}

TEST_CASE("texts shorter than two code points compare by equality", "[ml][similarity]") {
  CHECK(bigram_similarity("a", "b") == 0.0);
  CHECK(bigram_similarity("a", "ab") == 0.0);
  CHECK(bigram_similarity("", "ab") == 0.0);
  CHECK(bigram_similarity("ab", "") == 0.0);
  CHECK(similar("!!!", "???") == 1.0);  // both fold to "": nothing to tell them apart
  CHECK(similar("ok", "ok!") == 1.0);
}

TEST_CASE("similarity is symmetric and between 0 and 1", "[ml][similarity]") {
  const std::string a = GENERATE(as<std::string>{}, "hello", "helloworld", "abcabcabc", "xy",
                                 "\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C");
  const std::string b = GENERATE(as<std::string>{}, "hell", "worldhello", "abc", "yx", "\xE4\xBD\xA0\xE5\xA5\xBD");
  const double ab = bigram_similarity(a, b);
  CAPTURE(a, b, ab);
  CHECK(ab == bigram_similarity(b, a));
  CHECK(ab >= 0.0);
  CHECK(ab <= 1.0);
}

TEST_CASE("the score is shared bigrams over the union of bigrams", "[ml][similarity]") {
  // abcd: {ab, bc, cd}; abce: {ab, bc, ce}: 2 shared of 4
  CHECK(bigram_similarity("abcd", "abce") == Approx(0.5));
  // repeated bigrams count once: aaaa and aa are both {aa}
  CHECK(bigram_similarity("aaaa", "aa") == 1.0);
  // multi-byte code points form bigrams as whole characters: 你好 vs 你好吗 = {你好} / {你好, 好吗}
  CHECK(bigram_similarity("\xE4\xBD\xA0\xE5\xA5\xBD", "\xE4\xBD\xA0\xE5\xA5\xBD\xE5\x90\x97") == Approx(0.5));
}
