// A configured text pattern with where it was written, so a problem found after loading (an invalid regular
// expression) is reported there. Read by TableReader::read_strings (config/toml_reader.hpp) for [filters].
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>

namespace fanbase::config {

struct PatternConfig {
  std::string text;
  std::string where;                       // "file:line:column"

  // Equal when the text is: `where` only says where to point an error, and a pattern that moved (a line added
  // above it) behaves the same, so it is not a change of configuration.
  bool operator==(const PatternConfig& other) const { return text == other.text; }
};

}  // namespace fanbase::config
