#include "bot/core/message_catalog.hpp"

#include <stdexcept>

#include "bot/core/catalog_texts.hpp"

namespace fanbase {
void MessageCatalog::add(std::span<const CatalogText> texts) {
  for (const CatalogText& t : texts) {
    if (!texts_.emplace(t.key, Texts{t.en, t.zh}).second) {
      throw std::logic_error(std::string("duplicate message key ") + t.key);
    }
  }
}

std::optional<std::string> MessageCatalog::override_text(const std::string& language, const std::string& key,
                                                         std::string text) {
  if (!supported_language(language)) return "unknown language \"" + language + "\" (expected en or zh)";
  auto it = texts_.find(key);
  if (it == texts_.end()) return "unknown message key \"" + key + "\"";
  const int allowed = max_placeholder(it->second.en);
  const int used = max_placeholder(text);
  if (used > allowed) {
    return "placeholder {" + std::to_string(used) + "} is not available for \"" + key + "\" (it has " +
           (allowed < 0 ? std::string("none") : "{0}..{" + std::to_string(allowed) + "}") + ")";
  }
  (language == "zh" ? it->second.zh : it->second.en) = std::move(text);
  return std::nullopt;
}

std::string MessageCatalog::render(std::string_view language, std::string_view key,
                                   const std::vector<std::string>& args) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return std::string(key);
  const std::string& tmpl = (language == "zh" && !it->second.zh.empty()) ? it->second.zh : it->second.en;
  return format_template(tmpl, args);
}

bool MessageCatalog::has(std::string_view key) const { return texts_.find(key) != texts_.end(); }

std::vector<std::string> MessageCatalog::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : texts_) out.push_back(k);
  return out;
}

std::string format_template(std::string_view t, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(t.size() + 32);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '{' && i + 1 < t.size() && t[i + 1] == '{') { out += '{'; ++i; continue; }
    if (c == '}' && i + 1 < t.size() && t[i + 1] == '}') { out += '}'; ++i; continue; }
    if (c == '{') {
      std::size_t j = i + 1;
      std::size_t index = 0;
      while (j < t.size() && t[j] >= '0' && t[j] <= '9' && j - i <= 3) index = index * 10 + (t[j++] - '0');
      if (j < t.size() && t[j] == '}' && j > i + 1) {
        if (index < args.size()) out += args[index];
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

int max_placeholder(std::string_view t) {
  int best = -1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') { ++i; continue; }
    if (t[i] != '{') continue;
    std::size_t j = i + 1;
    int index = 0;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9' && j - i <= 3) index = index * 10 + (t[j++] - '0');
    if (j < t.size() && t[j] == '}' && j > i + 1) best = std::max(best, index);
  }
  return best;
}

}  // namespace fanbase
