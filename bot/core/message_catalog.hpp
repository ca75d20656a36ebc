// MessageCatalog: every text the bot says, by key, in English and Simplified Chinese, with owner overrides.
// The mechanism only: each feature brings its own texts (handlers/<feature>/texts.cpp) through the feature list
// (handlers/features.hpp, builtin_catalog()).
// Templates use positional placeholders {0}, {1}, ...; arguments are inserted verbatim (never re-parsed).
// Thread: immutable after construction; read from any thread.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fanbase {

struct CatalogText;

class MessageCatalog {
 public:
  MessageCatalog() = default;  // empty: add() the features' texts
  // Adds built-in texts; a key that is already present is a bug (std::logic_error), so two features can never
  // claim the same key.
  void add(std::span<const CatalogText> texts);

  // Owner override for one language. Returns an error text (for the config report) when the key is unknown,
  // the language unknown, or the template names a placeholder the built-in text does not have.
  std::optional<std::string> override_text(const std::string& language, const std::string& key, std::string text);

  // Renders key in language (falling back to English, then to the key itself) with args.
  std::string render(std::string_view language, std::string_view key, const std::vector<std::string>& args = {}) const;

  bool has(std::string_view key) const;
  std::vector<std::string> keys() const;
  static bool supported_language(std::string_view language) { return language == "en" || language == "zh"; }

 private:
  struct Texts {
    std::string en;
    std::string zh;
  };
  std::map<std::string, Texts, std::less<>> texts_;
};

// Replaces {0}..{9}... in `tmpl` with args; "{{" and "}}" are literal braces; a missing arg renders empty.
std::string format_template(std::string_view tmpl, const std::vector<std::string>& args);
// The highest placeholder index used in a template, or -1.
int max_placeholder(std::string_view tmpl);

}  // namespace fanbase
