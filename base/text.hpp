// Small text and time helpers shared by every layer: UTF-8 aware lengths and folding, local days.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fanbase::text {

// Number of Unicode code points (invalid bytes count one each); what "characters" means in min_length rules.
std::size_t codepoints(std::string_view utf8);

// Decodes UTF-8 to code points; an invalid byte becomes U+FFFD.
std::vector<char32_t> decode(std::string_view utf8);
// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// ASCII letters lowered; everything else unchanged (usernames, command names).
std::string lower_ascii(std::string_view s);

std::string_view trim(std::string_view s);

// The one way UTF-8 text is cut here, never inside a character:
// the first `max` code points (or all of them) — echoing a member's input back in a refusal, titles;
std::string_view prefix_codepoints(std::string_view utf8, std::size_t max) noexcept;
// the longest prefix of at most `max` bytes — a platform's byte limit (Telegram's 64-byte callback data);
std::string_view prefix_bytes(std::string_view utf8, std::size_t max) noexcept;
// the first `max` code points with "…" appended when anything was cut (trailing spaces before it dropped).
std::string truncate(std::string_view utf8, std::size_t max);
// the longest prefix of whole characters that is at most `max` UTF-16 code units long — a platform that counts
// in UTF-16 (Telegram's 4096-unit messages: a character past U+FFFF, most emoji, counts two);
std::string_view prefix_utf16(std::string_view utf8, std::size_t max) noexcept;

// Length in UTF-16 code units (an invalid byte counts one, as the U+FFFD it decodes to).
std::size_t utf16_units(std::string_view utf8) noexcept;

// The fingerprint of a message for near-duplicate checks: letters (Unicode L*, with the marks M* that follow a
// letter) and digits (Nd) of every script (base/unicode.hpp), ASCII and full-width Latin lowered, spaces,
// punctuation and symbols (emoji and their variation selectors included) dropped, at most `max_codepoints` kept.
// Its length is the "characters" of the min_length rules.
std::string fold_for_similarity(std::string_view utf8, std::size_t max_codepoints = 200);

// The local day number (days since 1970-01-01 at the given UTC offset) of a unix-milliseconds time.
std::int64_t local_day(std::int64_t at_ms, int utc_offset_minutes);

// Milliseconds until the next local midnight after at_ms.
std::int64_t ms_until_next_day(std::int64_t at_ms, int utc_offset_minutes);

}  // namespace fanbase::text
