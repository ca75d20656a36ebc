// Text measures for the moderation filters: the normalised text blocklists match, the share of capitals, and
// "@username" mentions. Stateless free functions; safe from any thread. Invalid UTF-8 is dropped, never thrown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fanbase {

// Text for blocklist matching. Lower-cases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; maps full-width
// ASCII (U+FF01..FF5E) to ASCII; drops zero-width and invisible characters (U+00AD, U+034F, U+115F, U+1160,
// U+180B..180F, U+200B..200F, U+202A..202E, U+2060..2064, U+2066..2069, U+3164, U+FE00..FE0F, U+FEFF, U+FFA0,
// U+E0000..E007F tags, U+E0100..E01EF), control characters, invalid UTF-8 bytes and U+FFFD; turns every run of
// whitespace (ASCII, NBSP, U+2000..200A, U+2028/2029, U+202F, U+205F, U+3000...) into one ' ' and trims.
// Other characters (Chinese, emoji) pass through unchanged.
std::string normalize_for_filter(std::string_view utf8);

// The spaced-out form of a normalised text, against which blocklist words are matched as well: in every run of
// two or more short tokens separated only by short gaps, each gap is replaced by `spaced_joint` (U+E000, a
// private-use character no keyboard types), so "fr ee crypto" becomes "fr|ee crypto", "f.r.e.e" "f|r|e|e" and
// "免 费 领 取" "免|费|领|取" ("|" standing for the joint). A blocklist word is then matched with a joint allowed
// between any two of its characters (ml::PatternSet::add_spaced_word), and the joint counts as a word boundary,
// so "get fr ee crypto" ("get|fr|ee crypto") still has "free crypto" as a whole word.
// A token is a maximal run of letters, marks and digits (any script, base/unicode.hpp); it is short when it has
// at most `max_short_token` (3) code points, or is written in a script without spaces (Chinese, Thai, …). A gap
// is 1 to 3 other characters (spaces, punctuation, symbols, emoji). Longer words end a run, so ordinary
// sentences are unchanged ("as sorted": "sorted" is not short, so "ass" is not found). A known limit: two short
// real words can spell a listed word ("an al"). Returns "" when no gap was replaced (the common case costs no
// copy).
constexpr std::size_t max_short_token = 3;
constexpr char32_t spaced_joint = 0xE000;
std::string join_spaced_runs(std::string_view normalised);

// Share (0..1) of upper-case letters among the cased letters (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic,
// full-width Latin); `letters` receives how many cased letters were seen, for a minimum-length rule. Scripts
// without case (Chinese, emoji) are not counted; no cased letters gives 0.0 and letters == 0.
double caps_ratio(std::string_view utf8, std::size_t& letters);

// Number of "@username" mentions: '@' at the start or after a character other than [A-Za-z0-9_], then a Telegram
// username of 5..32 characters of [A-Za-z0-9_] starting with a letter and not followed by another such character.
// "a@b.com" and "@abc" are not mentions; repeats count each time.
std::size_t count_mentions(std::string_view text);

}  // namespace fanbase
