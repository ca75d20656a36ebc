#include "ml/text_fingerprint.hpp"

#include <algorithm>
#include <cstdint>

namespace fanbase::ml {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: every input bit moves every output bit
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Decodes one code point of valid UTF-8 (fold_for_similarity's output is valid: it re-encodes what it keeps).
char32_t next(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  char32_t c = n == 0 ? b : n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
  ++i;
  for (; n > 0 && i < s.size(); --n, ++i) c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return c;
}

}  // namespace

text::TextFingerprint fingerprint(std::string_view folded) {
  text::TextFingerprint f;
  if (folded.empty()) return f;
  std::uint64_t whole = 0x51ED270B27F3A0E1ull;
  for (unsigned char c : folded) whole = mix(whole ^ c);
  f.whole = whole == 0 ? 1 : whole;
  constexpr std::size_t k = text::TextFingerprint::capacity;
  auto& mins = f.mins;
  std::size_t size = 0;
  bool saturated = false;  // more than k distinct bigrams: the sketch is a sample, no longer the set
  std::size_t i = 0;
  char32_t prev = next(folded, i);
  while (i < folded.size()) {
    const char32_t cur = next(folded, i);
    const auto h = static_cast<std::uint32_t>(mix((std::uint64_t{prev} << 32) | cur) >> 32);
    prev = cur;
    if (size == k && h >= mins[k - 1]) {  // the usual case once the sketch is full: nothing to do
      if (h != mins[k - 1]) saturated = true;  // above every kept hash: a (k+1)-th distinct one
      continue;
    }
    auto* end = mins.begin() + static_cast<std::ptrdiff_t>(size);
    auto* pos = std::lower_bound(mins.begin(), end, h);
    if (pos != end && *pos == h) continue;  // a repeated bigram
    if (size == k) {
      saturated = true;  // the largest one drops out: more than k distinct
      --end;
    } else {
      ++size;
    }
    std::move_backward(pos, end, end + 1);
    *pos = h;
  }
  f.size = static_cast<std::uint8_t>(size);
  f.bigrams = static_cast<std::uint32_t>(saturated ? k + 1 : size);
  return f;
}

double similarity(const text::TextFingerprint& a, const text::TextFingerprint& b) {
  if (a.whole == b.whole) return 1.0;
  if (a.size == 0 || b.size == 0) return 0.0;  // different and too short to share structure
  const std::size_t k = text::TextFingerprint::capacity;
  // Both complete: the sketches are the bigram sets, and this is the exact Jaccard. Otherwise the k smallest of
  // the union (all among the two sketches) are a uniform sample of it, and each is in A (B) exactly when it is in
  // A's (B's) sketch, because it is below that sketch's largest.
  const bool exact = a.complete() && b.complete();
  std::size_t i = 0, j = 0, taken = 0, shared = 0;
  while ((i < a.size || j < b.size) && (exact || taken < k)) {
    if (j == b.size || (i < a.size && a.mins[i] < b.mins[j])) {
      ++i;
    } else if (i == a.size || b.mins[j] < a.mins[i]) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
    ++taken;
  }
  // An incomplete sketch that ran out before k union elements: the union sample is what was taken.
  return taken == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(taken);
}

}  // namespace fanbase::ml
