#include "base/filter_text.hpp"

#include <vector>

#include "base/text.hpp"
#include "base/unicode.hpp"

namespace fanbase {
namespace {

constexpr char32_t replacement_char = 0xFFFD;  // what text::decode yields for an invalid byte

// ---- case ----------------------------------------------------------------------------------------------------

// Letters that have case in the ranges we handle (see the header).
bool is_cased(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
  if (c >= 0xC0 && c <= 0xFF) return c != 0xD7 && c != 0xF7;         // Latin-1 letters, not × and ÷
  if (c >= 0x100 && c <= 0x17F) return true;                          // Latin Extended-A
  if (c == 0x386 || (c >= 0x388 && c <= 0x38A) || c == 0x38C) return true;  // Greek with tonos
  if (c >= 0x38E && c <= 0x3CE) return c != 0x3A2;                    // Greek (U+03A2 is unassigned)
  if (c >= 0x400 && c <= 0x481) return true;                          // Cyrillic
  if (c >= 0x48A && c <= 0x52F) return true;                          // Cyrillic (extended letters)
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return true;  // full-width Latin
  return false;
}

// Simple (one code point) lower-case mapping for the ranges above; anything else is returned unchanged.
char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  if (c >= 0xC0 && c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return 'i';   // İ
    if (c == 0x178) return 0xFF;  // Ÿ → ÿ
    const bool even = c % 2 == 0;
    if ((c <= 0x137 || (c >= 0x14A && c <= 0x177)) && even && c != 0x130) return c + 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && !even) return c + 1;
    return c;
  }
  if (c >= 0x386 && c <= 0x3AB) {
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if (c >= 0x391 && c != 0x3A2) return c + 0x20;
    return c;
  }
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x460 && c <= 0x52F) {
    if (c == 0x4C0) return 0x4CF;
    const bool even = c % 2 == 0;
    if (((c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0) && even) return c + 1;
    if (c >= 0x4C1 && c <= 0x4CE && !even) return c + 1;
    return c;
  }
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;
  return c;
}

// ---- normalization -------------------------------------------------------------------------------------------

bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters that render as nothing (or are not characters at all) and so can split a blocked word invisibly.
bool is_invisible(char32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return !is_space(c);  // control characters
  return c == 0xAD || c == 0x34F || c == 0x115F || c == 0x1160 || (c >= 0x180B && c <= 0x180F) ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF ||
         c == 0xFFA0 || c == replacement_char || (c >= 0xE0000 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF);
}

// ---- mentions ------------------------------------------------------------------------------------------------

bool is_username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string normalize_for_filter(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (char32_t c : text::decode(utf8)) {
    if (is_invisible(c)) continue;
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    text::append_utf8(out, to_lower(c));
  }
  return out;
}

namespace {
bool is_token_char(char32_t c) { return unicode::is_alnum(c) || unicode::is_mark(c); }
}  // namespace

std::string join_spaced_runs(std::string_view normalised) {
  // Tokens and the gaps between them, as code point ranges [begin, end).
  const std::vector<char32_t> cps = text::decode(normalised);
  struct Token {
    std::size_t begin, end;
    bool short_token;
  };
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < cps.size();) {
    if (!is_token_char(cps[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool unspaced = true;
    while (j < cps.size() && is_token_char(cps[j])) {
      unspaced = unspaced && (unicode::is_unspaced(cps[j]) || unicode::is_mark(cps[j]));
      ++j;
    }
    tokens.push_back({i, j, unspaced || j - i <= max_short_token});
    i = j;
  }
  // Mark which gaps are removed: between two short tokens of one run, the gap 1..3 characters long.
  std::vector<bool> drop_gap_after(tokens.size(), false);
  bool any = false;
  for (std::size_t k = 0; k + 1 < tokens.size(); ++k) {
    const std::size_t gap = tokens[k + 1].begin - tokens[k].end;
    if (tokens[k].short_token && tokens[k + 1].short_token && gap >= 1 && gap <= 3) {
      drop_gap_after[k] = true;
      any = true;
    }
  }
  if (!any) return {};
  std::string out;
  out.reserve(normalised.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    while (k < tokens.size() && tokens[k].end <= i) ++k;  // k: the first token ending after i
    const bool in_gap = k > 0 && k < tokens.size() && i >= tokens[k - 1].end && i < tokens[k].begin;
    if (in_gap && drop_gap_after[k - 1]) {
      if (i == tokens[k - 1].end) text::append_utf8(out, spaced_joint);  // one joint for the whole gap
      continue;
    }
    text::append_utf8(out, cps[i]);
  }
  return out;
}

double caps_ratio(std::string_view utf8, std::size_t& letters) {
  letters = 0;
  std::size_t upper = 0;
  for (char32_t c : text::decode(utf8)) {
    if (!is_cased(c)) continue;
    ++letters;
    if (to_lower(c) != c) ++upper;
  }
  return letters == 0 ? 0.0 : static_cast<double>(upper) / static_cast<double>(letters);
}

std::size_t count_mentions(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@' || (i > 0 && is_username_char(text[i - 1]))) continue;
    std::size_t end = i + 1;
    while (end < text.size() && is_username_char(text[end])) ++end;
    const std::size_t length = end - i - 1;
    if (length >= 5 && length <= 32 && is_ascii_alpha(text[i + 1])) ++count;
    i = end - 1;
  }
  return count;
}

}  // namespace fanbase
