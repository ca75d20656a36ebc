// Near-duplicate fingerprints of folded messages (text::fold_for_similarity without its length cap): a bottom-k
// MinHash sketch of the code-point bigram set, so two messages compare in constant time (at most 2 x 64 hashes)
// and the member row stores 12-268 bytes instead of the previous text.
// similarity() estimates the Jaccard similarity bigram_similarity() computes exactly: it *is* exact while both
// texts have at most TextFingerprint::capacity distinct bigrams (about 65 folded characters), and an unbiased
// estimate beyond (standard error about sqrt(J(1-J)/64): 0.045 at J = 0.85). Pure; any thread.
#pragma once

#include <string_view>

#include "base/text_fingerprint.hpp"

namespace fanbase::ml {

// `folded`: fold_for_similarity output (any length). The empty text gives the empty fingerprint.
text::TextFingerprint fingerprint(std::string_view folded);

// 1.0 for the same folded text; texts of fewer than 2 code points are compared by equality (as
// bigram_similarity does); otherwise the (estimated) Jaccard similarity of the bigram sets.
double similarity(const text::TextFingerprint& a, const text::TextFingerprint& b);

}  // namespace fanbase::ml
