// "#tag" words as members write them after /ask, /topic new and /post add: one reading for all three.
// Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fanbase::handlers {

// The tag a word names: the word starts with '#', the '#'s are dropped, what is left is not empty and has no
// space; ASCII is lowered ("#Tickets" → "tickets", "#门票" → "门票"). nullopt for any other word.
std::optional<std::string> tag_of(std::string_view word);

// Whether a tag fits a limit of `max` characters (code points: a 12-character Chinese tag is 12, not 36).
bool tag_fits(std::string_view tag, std::size_t max);

}  // namespace fanbase::handlers
