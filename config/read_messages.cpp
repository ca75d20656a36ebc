// [messages.<language>]: the owner's overrides of the message catalogue, each with where it was written.
#include "config/section_readers.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace fanbase::config::detail {

void read_messages(TableReader t, MessageOverrides& out) {
  const toml::table& table = t.table();
  const std::string& path = t.path();
  Problems& problems = t.problems();
  for (auto&& [language, node] : table) {
    const std::string language_path = child_path(path, language.str());
    if (std::find(language_names.begin(), language_names.end(), language.str()) == language_names.end()) {
      problems.add(language.source(), language_path, "unknown language; " + one_of(language_names));
      continue;
    }
    const auto* overrides = node.as_table();
    if (overrides == nullptr) {
      problems.wrong_type(node, language_path, "a table");
      continue;
    }
    auto& catalogue = out[std::string(language.str())];
    for (auto&& [key, value] : *overrides) {
      if (auto text = to_string_value(value, child_path(language_path, key.str()), false, problems)) {
        catalogue[std::string(key.str())] =
            MessageOverride{std::move(*text), where_text(problems.file(), key.source())};
      }
    }
  }
}

}  // namespace fanbase::config::detail
