// TextAnalysis: what the stages need to know about a message's text, computed once off the storage thread
// (Application::submit, on the adapter's thread: handlers/core/text_analyser.hpp) and carried in the Event.
// Stages read it; none recomputes it. Plain data.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/text_fingerprint.hpp"

namespace fanbase {

struct TextAnalysis {
  // Filters (handlers/moderation): normalize_for_filter(text), the link hosts found in it, caps and mentions.
  std::string filter_text;
  std::string filter_joined;             // join_spaced_runs(filter_text): spaced-out runs marked; empty when none
  std::vector<std::string> link_hosts;   // find_link_hosts(filter_text)
  std::size_t cased_letters = 0;         // letters with an upper/lower case (caps_ratio's `letters`)
  double caps_ratio = 0.0;               // share of them in upper case
  std::size_t mentions = 0;              // @usernames: as the platform marked them (Event::username_mentions), else counted in the text; text_mention entities not included
  // Points and topics (anti-farming): the length that min_length rules count — code points of the folded text
  // (letters and digits of any script), not capped — and the near-duplicate fingerprint of the whole folded text.
  std::size_t folded_codepoints = 0;
  text::TextFingerprint fingerprint;
};

}  // namespace fanbase
