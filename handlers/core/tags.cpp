#include "handlers/core/tags.hpp"

#include "base/text.hpp"

namespace fanbase::handlers {

std::optional<std::string> tag_of(std::string_view word) {
  if (word.size() < 2 || word.front() != '#') return std::nullopt;
  const auto start = word.find_first_not_of('#');
  if (start == std::string_view::npos) return std::nullopt;
  const std::string_view tag = word.substr(start);
  if (tag.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  return text::lower_ascii(tag);
}

bool tag_fits(std::string_view tag, std::size_t max) { return text::codepoints(tag) <= max; }

}  // namespace fanbase::handlers
