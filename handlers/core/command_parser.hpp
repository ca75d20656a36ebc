// Parsing a chat line as a command: "/top@FanbaseBot 5 \"this week\"" → name "top", bot "FanbaseBot", args.
// Untrusted text in, a value out: never throws, never logs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace fanbase::handlers {

struct ParsedCommand {
  std::string name;               // lower case, without '/'
  std::string addressed_to;       // the part after '@' in "/cmd@bot", as written; empty when absent
  std::vector<std::string> args;  // split on white space; "double quotes" or “curly quotes” group words
  std::vector<std::size_t> ends;  // per argument, the offset in the parsed text just past it (its closing quote)
  // The arguments from index i on, joined by single spaces (a free-text reason).
  std::string rest_from(std::size_t i) const;
  // The parsed text as typed after argument i (spacing, line breaks and quotes kept, trimmed); empty when there is
  // no such argument. `text` must be the text this command was parsed from.
  std::string_view raw_after(std::string_view text, std::size_t i) const;
};

// nullopt: the text is not a command at all (no leading '/' followed by a command name).
// An error (command.bad_quote) when it is a command whose quotes never close.
std::optional<Result<ParsedCommand>> parse_command(std::string_view text);

// True when a command addressed to `addressed_to` is for a bot called `bot_name` (case-insensitive; an empty
// address is for every bot in the chat).
bool addressed_to_us(const ParsedCommand& cmd, std::string_view bot_name);

}  // namespace fanbase::handlers
