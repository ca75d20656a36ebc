// Near-duplicate detection for anti-farming: how alike two folded messages are (base/text.hpp
// fold_for_similarity), as the Jaccard similarity of their code-point bigram sets. 1.0 = same bigrams, 0.0 =
// none shared. Texts of fewer than two code points compare by equality. Pure computation, any thread.
#pragma once

#include <string_view>

namespace fanbase::ml {

double bigram_similarity(std::string_view folded_a, std::string_view folded_b);

}  // namespace fanbase::ml
