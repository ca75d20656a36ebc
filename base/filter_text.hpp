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

// Share (0..1) of upper-case letters among the cased letters (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic,
// full-width Latin); `letters` receives how many cased letters were seen, for a minimum-length rule. Scripts
// without case (Chinese, emoji) are not counted; no cased letters gives 0.0 and letters == 0.
double caps_ratio(std::string_view utf8, std::size_t& letters);

// Number of "@username" mentions: '@' at the start or after a character other than [A-Za-z0-9_], then a Telegram
// username of 5..32 characters of [A-Za-z0-9_] starting with a letter and not followed by another such character.
// "a@b.com" and "@abc" are not mentions; repeats count each time.
std::size_t count_mentions(std::string_view text);

}  // namespace fanbase
