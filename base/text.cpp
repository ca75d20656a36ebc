#include "base/text.hpp"

#include "base/time.hpp"
#include "base/unicode.hpp"

namespace fanbase::text {
namespace {

// Decodes one code point at s[i], advancing i. Invalid sequences yield U+FFFD and advance one byte.
char32_t next(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) { ++i; return b0; }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
  else { ++i; return 0xFFFD; }
  if (i + len > s.size()) { ++i; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not characters.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}


}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    next(s, i);
    ++n;
  }
  return n;
}

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(next(s, i));
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string fold_for_similarity(std::string_view s, std::size_t max_codepoints) {
  std::string out;
  out.reserve(s.size());
  std::size_t kept = 0;
  bool after_letter = false;  // a combining mark is kept only as part of the letter before it
  for (std::size_t i = 0; i < s.size() && kept < max_codepoints;) {
    if (const auto b = static_cast<unsigned char>(s[i]); b < 0x80) {  // ASCII, most of most texts: inline
      ++i;
      after_letter = false;
      if (b >= 'A' && b <= 'Z') {
        out += static_cast<char>(b - 'A' + 'a');
        after_letter = true;
      } else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        out += static_cast<char>(b);
        after_letter = b >= 'a';
      } else {
        continue;
      }
      ++kept;
      continue;
    }
    char32_t c = next(s, i);
    // Letters (L*) and digits (Nd) of every script, and marks (M*) on letters: Arabic, Hebrew, Devanagari and
    // Thai are words too (base/unicode.hpp).
    if (unicode::is_mark(c)) {
      if (!after_letter) continue;
    } else if (unicode::is_letter(c)) {
      after_letter = true;
    } else {
      after_letter = false;
      if (!unicode::is_digit(c)) continue;
    }
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c >= 0xFF21 && c <= 0xFF3A) c = c - 0xFF21 + 'a';  // fullwidth → ASCII
    else if (c >= 0xFF41 && c <= 0xFF5A) c = c - 0xFF41 + 'a';
    else if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';
    append_utf8(out, c);
    ++kept;
  }
  return out;
}

std::int64_t local_day(std::int64_t at_ms, int utc_offset_minutes) {
  const std::int64_t local = local_ms(at_ms, utc_offset_minutes);
  const std::int64_t day = local / day_ms;
  return local % day_ms < 0 ? day - 1 : day;
}

std::int64_t ms_until_next_day(std::int64_t at_ms, int utc_offset_minutes) {
  std::int64_t into_day = local_ms(at_ms, utc_offset_minutes) % day_ms;
  if (into_day < 0) into_day += day_ms;
  return day_ms - into_day;
}

std::string_view prefix_codepoints(std::string_view s, std::size_t max) noexcept {
  std::size_t i = 0, count = 0;
  while (i < s.size() && count < max) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;  // continuation bytes
    ++count;
  }
  return s.substr(0, i);
}

std::string_view prefix_bytes(std::string_view s, std::size_t max) noexcept {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a character
  return s.substr(0, n);
}

std::size_t utf16_units(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) n += next(s, i) >= 0x10000 ? 2 : 1;
  return n;
}

std::string_view prefix_utf16(std::string_view s, std::size_t max) noexcept {
  std::size_t i = 0, units = 0;
  while (i < s.size()) {
    std::size_t after = i;
    const std::size_t u = next(s, after) >= 0x10000 ? 2 : 1;
    if (units + u > max) break;
    units += u;
    i = after;
  }
  return s.substr(0, i);
}

std::string truncate(std::string_view s, std::size_t max) {
  const std::string_view kept = prefix_codepoints(s, max);
  if (kept.size() == s.size()) return std::string(s);
  std::string_view head = kept;
  while (!head.empty() && (head.back() == ' ' || head.back() == '\t')) head.remove_suffix(1);
  return std::string(head) + "…";
}

}  // namespace fanbase::text
