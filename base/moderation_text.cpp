#include "base/moderation_text.hpp"

#include <array>
#include <limits>

#include "base/text.hpp"

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

// ---- durations -----------------------------------------------------------------------------------------------

struct DurationUnit {
  char letter;
  std::int64_t ms;
};

// Largest first: parse_duration_ms requires this order and format_duration walks it.
constexpr std::array<DurationUnit, 5> duration_units{{
    {'w', 7LL * 86'400'000},
    {'d', 86'400'000},
    {'h', 3'600'000},
    {'m', 60'000},
    {'s', 1'000},
}};

// Index into duration_units of a unit letter (either case), or duration_units.size() if it is not one.
std::size_t unit_index(char c) {
  const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  std::size_t k = 0;
  while (k < duration_units.size() && duration_units[k].letter != lower) ++k;
  return k;
}

// ---- links ---------------------------------------------------------------------------------------------------

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Characters of a bare host name run ("www.example.com", "t.me").
bool is_host_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '-' || c == '_'; }

// Characters that end a link: whitespace, quotes and angle brackets, and any non-ASCII byte (so a domain glued
// to Chinese text after a link is still seen).
bool ends_link(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || b <= ' ' || c == '<' || c == '>' || c == '"';
}

// Top-level domains accepted in bare links. Chosen to be common in spam and rare as file extensions or words
// ("md", "py", "sh", "js", "pl", "id", "no", "so", "zip" and "mov" are left out on purpose).
constexpr std::string_view bare_tlds[] = {
    "com", "net", "org", "edu", "gov", "info", "biz", "io", "me", "co", "app", "dev", "xyz", "top", "gg", "ly",
    "tv", "cc", "ws", "su", "ru", "ua", "by", "kz", "cn", "hk", "tw", "mo", "sg", "jp", "kr", "vn", "th", "ph",
    "my", "in", "pk", "bd", "ir", "tr", "ae", "sa", "il", "eg", "ng", "za", "us", "ca", "mx", "br", "ar", "cl",
    "uk", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se", "fi", "dk", "cz", "eu", "au", "nz", "ai", "fm",
    "pro", "mobi", "vip", "club", "online", "site", "website", "shop", "store", "live", "link", "click", "fun",
    "icu", "buzz", "pw", "tk", "ml", "ga", "cf", "gq", "win", "bid", "xn--p1ai", "xn--fiqs8s", "xn--fiqz9s"};

bool in_bare_tlds(std::string_view tld) {
  for (std::string_view t : bare_tlds) {
    if (t == tld) return true;
  }
  return false;
}

// An alphabetic TLD of two or more letters, or a punycode one ("xn--p1ai").
bool tld_shaped(std::string_view tld) {
  if (tld.size() > 4 && tld.substr(0, 4) == "xn--") {
    for (char c : tld.substr(4)) {
      if (!is_ascii_alnum(c) && c != '-') return false;
    }
    return true;
  }
  if (tld.size() < 2) return false;
  for (char c : tld) {
    if (!is_ascii_alpha(c)) return false;
  }
  return true;
}

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = s[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

// Length of "http://" or "https://" (any case) at s[at], or 0.
std::size_t scheme_length(std::string_view s, std::size_t at) {
  if (starts_with_nocase(s, at, "http://")) return 7;
  if (starts_with_nocase(s, at, "https://")) return 8;
  return 0;
}

// Drops one leading "www." when what remains is still a dotted name.
std::string_view strip_www(std::string_view host) {
  if (host.size() > 4 && host.substr(0, 4) == "www." && host.substr(4).find('.') != std::string_view::npos) {
    host.remove_prefix(4);
  }
  return host;
}

std::string_view trim_dots(std::string_view s) {
  while (!s.empty() && s.front() == '.') s.remove_prefix(1);
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

struct SchemeHost {
  std::string host;  // empty when the link has no usable host
  std::size_t end;   // where the authority (userinfo@host:port) ends in the text
};

// The host of a link whose authority starts at s[at] (just after "://"). The authority ends at '/', '?', '#',
// '\\' (browsers read it as '/'), the end of the link, or another scheme; the host follows the last '@'.
SchemeHost host_after_scheme(std::string_view s, std::size_t at) {
  std::size_t end = at;
  while (end < s.size() && !ends_link(s[end]) && s[end] != '/' && s[end] != '?' && s[end] != '#' &&
         s[end] != '\\' && scheme_length(s, end) == 0) {
    ++end;
  }
  std::string_view authority = s.substr(at, end - at);
  if (const auto at_sign = authority.rfind('@'); at_sign != std::string_view::npos) {
    authority.remove_prefix(at_sign + 1);
  }
  std::string_view host;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const auto close = authority.find(']');
    if (close != std::string_view::npos) host = authority.substr(0, close + 1);
  } else {
    std::size_t n = 0;
    while (n < authority.size() && (is_host_char(authority[n]) || authority[n] == '~' || authority[n] == '%')) ++n;
    host = trim_dots(authority.substr(0, n));
  }
  bool has_alnum = false;
  for (char c : host) has_alnum = has_alnum || is_ascii_alnum(c);
  if (!has_alnum) return {{}, end};
  return {std::string(strip_www(text::lower_ascii(host))), end};
}

// The host named by a bare run of host characters ("www.Example.com", "t.me"), or empty when it is not a link.
std::string bare_host(std::string_view run) {
  if (const auto gap = run.rfind(".."); gap != std::string_view::npos) run.remove_prefix(gap + 2);
  run = trim_dots(run);
  const auto last_dot = run.rfind('.');
  if (last_dot == std::string_view::npos) return {};
  const std::string host = text::lower_ascii(run);
  const std::string_view tld = std::string_view(host).substr(last_dot + 1);
  const std::string_view without_www = strip_www(host);
  const bool www_form = without_www.size() != host.size();
  if (www_form ? !tld_shaped(tld) : !in_bare_tlds(tld)) return {};
  return std::string(without_www);
}

void add_unique(std::vector<std::string>& hosts, std::string host) {
  for (const auto& h : hosts) {
    if (h == host) return;
  }
  hosts.push_back(std::move(host));
}

// Lower-cased, without a leading "www." or "*." and a trailing dot: the form host_allowed compares.
std::string comparable_host(std::string_view host) {
  std::string out = text::lower_ascii(host);
  while (!out.empty() && out.back() == '.') out.pop_back();
  if (out.size() > 2 && out.compare(0, 2, "*.") == 0) out.erase(0, 2);
  out = std::string(strip_www(out));
  while (!out.empty() && out.front() == '.') out.erase(0, 1);
  return out;
}

// ---- mentions ------------------------------------------------------------------------------------------------

bool is_username_char(char c) { return is_ascii_alnum(c) || c == '_'; }

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

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come largest first, each once
  std::size_t i = 0;
  while (true) {
    std::int64_t n = 0;
    const std::size_t digits_start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      const int d = text[i] - '0';
      if (n > (max - d) / 10) return std::nullopt;
      n = n * 10 + d;
    }
    if (i == digits_start || i == text.size()) return std::nullopt;
    const std::size_t unit = unit_index(text[i++]);
    if (unit < next_unit || unit >= duration_units.size()) return std::nullopt;
    next_unit = unit + 1;
    const std::int64_t unit_ms = duration_units[unit].ms;
    if (n > max / unit_ms || n * unit_ms > max - total) return std::nullopt;
    total += n * unit_ms;
    if (i == text.size()) return total;
    if (text[i] == ' ') ++i;  // "1h 30m": one space, then another part must follow
  }
}

std::string format_duration(std::int64_t ms) {
  if (ms < 1000) return "0s";
  const std::int64_t seconds_ms = ms - ms % 1000;
  for (std::size_t k = 0; k < duration_units.size(); ++k) {
    const auto& unit = duration_units[k];
    if (seconds_ms < unit.ms) continue;
    std::string out = std::to_string(seconds_ms / unit.ms) + unit.letter;
    if (k + 1 < duration_units.size()) {
      const auto& below = duration_units[k + 1];
      const std::int64_t rest = (seconds_ms % unit.ms) / below.ms;
      if (rest > 0) out += ' ' + std::to_string(rest) + below.letter;
    }
    return out;
  }
  return "0s";  // not reached: seconds_ms >= 1000 always meets the 's' unit
}

std::vector<std::string> find_link_hosts(std::string_view text) {
  std::vector<std::string> hosts;
  bool in_link = false;  // inside the path or query of a link already read: only schemes count there
  std::size_t i = 0;
  while (i < text.size()) {
    if (const std::size_t scheme = scheme_length(text, i); scheme > 0) {
      auto found = host_after_scheme(text, i + scheme);
      if (!found.host.empty()) add_unique(hosts, std::move(found.host));
      i = found.end;
      in_link = true;
      continue;
    }
    if (ends_link(text[i])) in_link = false;
    if (in_link || !is_host_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_host_char(text[end]) && (end == i || scheme_length(text, end) == 0)) ++end;
    const bool email = (i > 0 && text[i - 1] == '@') || (end < text.size() && text[end] == '@');
    if (!email) {
      std::string host = bare_host(text.substr(i, end - i));
      if (!host.empty()) {
        add_unique(hosts, std::move(host));
        // A path, query or port follows: skip it like a link's ("t.me/joinchat/x.io"); "a.com,b.com" is two.
        in_link = end < text.size() && (text[end] == '/' || text[end] == '?' || text[end] == '#' || text[end] == ':');
      }
    }
    i = end;
  }
  return hosts;
}

bool host_allowed(std::string_view host, const std::vector<std::string>& allowlist) {
  const std::string h = comparable_host(host);
  if (h.empty()) return false;
  for (const auto& entry : allowlist) {
    const std::string e = comparable_host(entry);
    if (e.empty()) continue;
    if (h == e) return true;
    if (h.size() > e.size() && h.compare(h.size() - e.size(), e.size(), e) == 0 && h[h.size() - e.size() - 1] == '.') {
      return true;
    }
  }
  return false;
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
