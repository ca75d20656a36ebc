#include "handlers/core/command_spec.hpp"

namespace fanbase::handlers {

const char* to_string(ArgKind kind) {
  switch (kind) {
    case ArgKind::member: return "member";
    case ArgKind::number: return "number";
    case ArgKind::duration: return "duration";
    case ArgKind::text: return "text";
    case ArgKind::choice: return "choice";
    case ArgKind::rest: return "rest";
  }
  return "?";
}

std::size_t CommandSpec::min_args() const {
  std::size_t n = 0;
  for (const ArgSpec& arg : args) n += arg.counted() ? 1 : 0;
  return n;
}

std::string usage_text(const CommandSpec& spec, const MessageCatalog& catalog, std::string_view language) {
  if (!spec.usage_key.empty()) return catalog.render(language, spec.usage_key);
  std::string out;
  for (const ArgSpec& arg : spec.args) {
    std::string shown;
    if (arg.kind == ArgKind::choice) {
      for (const auto& word : arg.choices) shown += (shown.empty() ? "" : "|") + word;
    } else {
      shown = catalog.render(language, arg.placeholder_key());
    }
    if (arg.optional) shown = "[" + shown + "]";
    out += (out.empty() ? "" : " ") + shown;
  }
  return out;
}

}  // namespace fanbase::handlers
