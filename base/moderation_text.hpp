// Pure text helpers for the moderation filters and commands: filter normalization, duration arguments, link hosts,
// shouting and mention counts. Stateless free functions that own nothing; safe from any thread.
// Malformed input (invalid UTF-8, bad durations) is an expected value (dropped bytes, nullopt), never an exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fanbase {

// Text for blocklist matching. Lower-cases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; maps full-width
// ASCII (U+FF01..FF5E) to ASCII; drops zero-width and invisible characters (U+00AD, U+034F, U+115F, U+1160,
// U+180B..180F, U+200B..200F, U+202A..202E, U+2060..2064, U+2066..2069, U+3164, U+FE00..FE0F, U+FEFF, U+FFA0,
// U+E0000..E007F tags, U+E0100..E01EF), control characters, invalid UTF-8 bytes and U+FFFD; turns every run of
// whitespace (ASCII, NBSP, U+2000..200A, U+2028/2029, U+202F, U+205F, U+3000...) into one ' ' and trims.
// Other characters (Chinese, emoji) pass through unchanged.
std::string normalize_for_filter(std::string_view utf8);

// "30s", "10m", "2h", "3d", "1w" and combinations such as "1h30m" or "1h 30m" (units case-insensitive, each unit
// at most once and from largest to smallest, single spaces allowed between parts). Digits only: no sign, no
// decimals, no empty text, no surrounding whitespace. nullopt when malformed or when the total overflows int64
// milliseconds; range limits ("at most 400 days") are the caller's rule.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "1h 30m", "3d", "45s": the largest non-zero unit of w/d/h/m/s plus the unit just below it when that is non-zero.
// Sub-second remainders are dropped, so anything under one second (negative included) is "0s".
std::string format_duration(std::int64_t ms);

// Hosts of the links in a message, lower-cased, without port, userinfo, trailing dot or one leading "www.", each
// once in order of first appearance. Recognised: "http(s)://host..." (any host, found even inside another link),
// "www.host.tld" (any alphabetic or xn-- TLD) and bare "host.tld/..." when the TLD is in a list of common ones
// (com, net, org, io, me, ru, cn...), so "e.g.", "3.14" and "file.txt" are not links. E-mail addresses are not.
// The path of a link is not searched for bare domains. Run it on normalize_for_filter() output to see through
// full-width and zero-width tricks.
std::vector<std::string> find_link_hosts(std::string_view text);

// True when host equals an allowlist entry or is a subdomain of one: "m.youtube.com" matches "youtube.com",
// "evilyoutube.com" does not. Comparison ignores ASCII case, a leading "www." or "*." and a trailing dot on both
// sides; empty entries match nothing.
bool host_allowed(std::string_view host, const std::vector<std::string>& allowlist);

// Share (0..1) of upper-case letters among the cased letters (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic,
// full-width Latin); `letters` receives how many cased letters were seen, for a minimum-length rule. Scripts
// without case (Chinese, emoji) are not counted; no cased letters gives 0.0 and letters == 0.
double caps_ratio(std::string_view utf8, std::size_t& letters);

// Number of "@username" mentions: '@' at the start or after a character other than [A-Za-z0-9_], then a Telegram
// username of 5..32 characters of [A-Za-z0-9_] starting with a letter and not followed by another such character.
// "a@b.com" and "@abc" are not mentions; repeats count each time.
std::size_t count_mentions(std::string_view text);

}  // namespace fanbase
