// ml/text_fingerprint: the fixed-size near-duplicate fingerprint against the exact bigram Jaccard it estimates.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "base/text_fingerprint.hpp"
#include "ml/text_fingerprint.hpp"
#include "ml/text_similarity.hpp"

using fanbase::ml::bigram_similarity;
using fanbase::ml::fingerprint;
using fanbase::ml::similarity;
using fanbase::text::TextFingerprint;

namespace {

std::string fold(const std::string& s) {
  return fanbase::text::fold_for_similarity(s, std::numeric_limits<std::size_t>::max());
}
double exact(const std::string& a, const std::string& b) { return bigram_similarity(fold(a), fold(b)); }
double estimated(const std::string& a, const std::string& b) {
  return similarity(fingerprint(fold(a)), fingerprint(fold(b)));
}

const std::string english =
    "Quantum error correction protects quantum information from decoherence and from faulty gates. A logical "
    "qubit is spread over many physical qubits, and measuring the stabilisers tells which error happened without "
    "disturbing the encoded state. The surface code needs only nearest-neighbour interactions on a square grid, "
    "tolerates error rates near one percent, and is why so many hardware roadmaps talk about thousands of "
    "physical qubits per logical one. Decoding the syndrome quickly enough is a classical problem of its own.";
const std::string chinese =
    "量子纠错保护量子信息免受退相干和错误门操作的影响。一个逻辑量子比特分布在许多物理量子比特上，测量稳定子可以"
    "知道发生了哪种错误而不破坏编码的状态。表面码只需要正方形网格上的最近邻相互作用，能容忍接近百分之一的错误率，"
    "这就是为什么许多硬件路线图谈到每个逻辑比特需要数千个物理比特。足够快地解码综合征本身就是一个经典问题。";

}  // namespace

TEST_CASE("fingerprints are exact on the near-duplicate stories (short texts)", "[ml][fingerprint]") {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"hello everyone, how is it going?", "Hello everyone how is it going"},
      {"hello everyone, how is it going?", "HELLO EVERYONE!!! how is it going???"},
      {"hello everyone, how is it going?", "completely different words this time"},
      {"abcd", "abce"}, {"aaaa", "aa"}, {"ab", "ba"}, {"你好", "你好吗"}, {"大家好", "大家好呀"},
      {"the new album is out next week", "the new album is out next month"},
  };
  for (const auto& [a, b] : pairs) {
    INFO(a << " | " << b);
    CHECK(estimated(a, b) == Approx(exact(a, b)));
  }
}

TEST_CASE("very short texts compare by equality, and the empty text has no fingerprint", "[ml][fingerprint]") {
  CHECK(similarity(fingerprint("x"), fingerprint("x")) == 1.0);
  CHECK(similarity(fingerprint("a"), fingerprint("b")) == 0.0);
  CHECK(similarity(fingerprint("a"), fingerprint("ab")) == 0.0);
  CHECK(fingerprint("").empty());
  CHECK_FALSE(fingerprint("a").empty());
}

TEST_CASE("long texts: the estimate stays within 0.1 of the exact Jaccard", "[ml][fingerprint]") {
  for (const std::string* base : {&english, &chinese}) {
    const std::vector<char32_t> cps = fanbase::text::decode(*base);
    double worst = 0;
    for (std::size_t cut : {1u, 5u, 10u, 20u, 40u, 80u, 160u}) {  // drop `cut` code points from the middle
      std::string b;
      for (std::size_t i = 0; i < cps.size(); ++i) {
        if (i >= cps.size() / 2 && i < cps.size() / 2 + cut) continue;
        fanbase::text::append_utf8(b, cps[i]);
      }
      std::string c = b + b.substr(0, b.size() / 3);  // and a longer variant that repeats a third
      for (const std::string* other : {&b, &c}) {
        const double e = exact(*base, *other);
        const double m = estimated(*base, *other);
        INFO("cut " << cut << " exact " << e << " estimate " << m);
        CHECK(std::abs(m - e) <= 0.1);
        worst = std::max(worst, std::abs(m - e));
      }
    }
    WARN("largest |estimate - exact| over the variants: " << worst);
  }
  CHECK(estimated(english, chinese) == 0.0);
  CHECK(estimated(english, english) == 1.0);
}

TEST_CASE("a long text that repeats the previous one only in its first 200 characters is not a duplicate",
          "[ml][fingerprint]") {
  const std::string tail = " Entirely different second half about photonic chips, squeezed light, boson sampling "
                           "experiments and how loss limits them, with numbers from recent papers and a question "
                           "at the end about which platform scales first in practice.";
  const std::string other = english.substr(0, 260) + tail;
  CHECK(fold(english).substr(0, 400) != fold(other).substr(0, 400));
  CHECK(estimated(english, other) < 0.85);
}

TEST_CASE("fingerprints survive their stored form; anything else reads as none", "[ml][fingerprint]") {
  const TextFingerprint f = fingerprint(fold(english));
  const TextFingerprint back = TextFingerprint::from_bytes(f.bytes());
  CHECK(back.whole == f.whole);
  CHECK(back.size == f.size);
  CHECK(back.complete() == f.complete());
  CHECK(similarity(back, f) == 1.0);
  CHECK(f.bytes().size() == 12 + 4 * TextFingerprint::capacity);
  CHECK(fingerprint("hi").bytes().size() == 12 + 4);
  CHECK(TextFingerprint::from_bytes("helloeveryone").empty());  // an old row's folded text
  CHECK(TextFingerprint::from_bytes("").empty());
  CHECK(TextFingerprint().bytes().empty());
}
