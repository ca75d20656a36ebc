#include "handlers/core/text_analyser.hpp"

#include <limits>

#include "base/filter_text.hpp"
#include "base/links.hpp"
#include "base/text.hpp"
#include "ml/text_fingerprint.hpp"

namespace fanbase::handlers {

bool filters_read_text(const config::Config& config) {
  const config::FiltersConfig& f = config.filters;
  return f.blocklist.enabled || f.links.enabled || f.mentions.enabled || f.caps.enabled || f.flood.enabled ||
         f.repeat.enabled;
}

TextAnalysis analyse_text(std::string_view text, bool for_filters, std::optional<std::size_t> marked_mentions) {
  TextAnalysis a;
  if (text.empty()) return a;
  if (for_filters) {
    a.filter_text = normalize_for_filter(text);
    a.filter_joined = join_spaced_runs(a.filter_text);
    a.link_hosts = find_link_hosts(a.filter_text);
    a.caps_ratio = caps_ratio(text, a.cased_letters);
    a.mentions = marked_mentions ? *marked_mentions : count_mentions(text);
  }
  // The whole text: a long message that repeats the previous one only in its first 200 characters is new.
  const std::string folded = text::fold_for_similarity(text, std::numeric_limits<std::size_t>::max());
  a.folded_codepoints = text::codepoints(folded);
  a.fingerprint = ml::fingerprint(folded);
  return a;
}

}  // namespace fanbase::handlers
