// Links in a message, for the link filter: the hosts a text links to, and whether a host is on an allowlist.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fanbase {

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

}  // namespace fanbase
