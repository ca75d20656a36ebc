#include "ml/text_similarity.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/text.hpp"

namespace fanbase::ml {
namespace {

std::vector<std::uint64_t> bigrams(std::string_view folded) {
  const std::vector<char32_t> cps = text::decode(folded);
  std::vector<std::uint64_t> out;
  if (cps.size() < 2) return out;
  out.reserve(cps.size() - 1);
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    out.push_back((static_cast<std::uint64_t>(cps[i]) << 32) | cps[i + 1]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

double bigram_similarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const auto x = bigrams(a);
  const auto y = bigrams(b);
  if (x.empty() || y.empty()) return 0.0;  // different and too short to share structure
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) { ++shared; ++i; ++j; }
    else if (x[i] < y[j]) ++i;
    else ++j;
  }
  return static_cast<double>(shared) / static_cast<double>(x.size() + y.size() - shared);
}

}  // namespace fanbase::ml
