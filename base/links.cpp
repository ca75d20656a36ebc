#include "base/links.hpp"

#include <cstddef>

#include "base/text.hpp"

namespace fanbase {
namespace {

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

}  // namespace

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

}  // namespace fanbase
