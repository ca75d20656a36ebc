#include "handlers/core/command_parser.hpp"

#include "base/text.hpp"

namespace fanbase::handlers {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view open_curly = "\xE2\x80\x9C";   // “
constexpr std::string_view close_curly = "\xE2\x80\x9D";  // ”

}  // namespace

std::string ParsedCommand::rest_from(std::size_t i) const {
  std::string out;
  for (std::size_t k = i; k < args.size(); ++k) {
    if (!out.empty()) out += ' ';
    out += args[k];
  }
  return out;
}

std::string_view ParsedCommand::raw_after(std::string_view text, std::size_t i) const {
  if (i >= ends.size() || ends[i] > text.size()) return {};
  return text::trim(text.substr(ends[i]));
}

std::optional<Result<ParsedCommand>> parse_command(std::string_view original) {
  const std::string_view text = text::trim(original);
  const std::size_t base = static_cast<std::size_t>(text.data() - original.data());
  if (text.size() < 2 || text[0] != '/' || !is_name_char(text[1])) return std::nullopt;
  std::size_t i = 1;
  while (i < text.size() && is_name_char(text[i])) ++i;
  ParsedCommand cmd;
  cmd.name = text::lower_ascii(text.substr(1, i - 1));
  if (i < text.size() && text[i] == '@') {
    const std::size_t start = ++i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    cmd.addressed_to = std::string(text.substr(start, i - start));
  }
  if (i < text.size() && !is_space(text[i])) return std::nullopt;  // "/path/to/file", "/a.b": not a command

  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    std::string arg;
    if (text[i] == '"' || text.substr(i, open_curly.size()) == open_curly) {
      const bool curly = text[i] != '"';
      i += curly ? open_curly.size() : 1;
      const std::size_t end = curly ? text.find(close_curly, i) : text.find('"', i);
      if (end == std::string_view::npos) {
        return Result<ParsedCommand>(user_error(Errc::bad_input, "command.bad_quote"));
      }
      arg = std::string(text.substr(i, end - i));
      i = end + (curly ? close_curly.size() : 1);
    } else {
      const std::size_t start = i;
      while (i < text.size() && !is_space(text[i])) ++i;
      arg = std::string(text.substr(start, i - start));
    }
    cmd.args.push_back(std::move(arg));
    cmd.ends.push_back(base + i);
  }
  return Result<ParsedCommand>(std::move(cmd));
}

bool addressed_to_us(const ParsedCommand& cmd, std::string_view bot_name) {
  if (cmd.addressed_to.empty()) return true;
  return text::lower_ascii(cmd.addressed_to) == text::lower_ascii(bot_name);
}

}  // namespace fanbase::handlers
