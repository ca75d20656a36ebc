// [telegram]: Bot API endpoint, token variable, polling or webhook, allowed updates.
#include "config/section_readers.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanbase::config::detail {

namespace {

bool is_username(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

constexpr std::array<std::string_view, 7> update_kinds{"message",          "edited_message", "callback_query",
                                                      "message_reaction", "chat_member",    "my_chat_member",
                                                      "chat_join_request"};

}  // namespace

void read_telegram(TableReader t, TelegramConfig& telegram) {
  if (const auto* node = t.get("token_env")) {
    if (auto name = to_string_value(*node, t.path_of("token_env"), true, t.problems())) {
      const bool ok = name->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
                          std::string::npos && !(name->front() >= '0' && name->front() <= '9');
      if (ok) {
        telegram.token_env = std::move(*name);
      } else {
        t.problems().add(node->source(), t.path_of("token_env"),
                         "expected the NAME of an environment variable (letters, digits, '_'), not the token itself");
      }
    }
  }
  if (const auto* node = t.get("api_base")) {
    if (auto base = to_string_value(*node, t.path_of("api_base"), true, t.problems())) {
      const bool scheme = base->rfind("https://", 0) == 0 || base->rfind("http://", 0) == 0;
      const auto host_start = base->find("://") + 3;
      if (scheme && base->find('/', host_start) == std::string::npos) {
        telegram.api_base = std::move(*base);
      } else {
        t.problems().add(node->source(), t.path_of("api_base"),
                         "expected \"https://host[:port]\" with no path (plain http only for a loopback test server)");
      }
    }
  }
  t.read_int("poll_timeout_seconds", telegram.poll_timeout_seconds, 0, 120);
  if (const auto* node = t.get("mode")) {
    if (auto mode = to_string_value(*node, t.path_of("mode"), true, t.problems())) {
      if (*mode == "polling" || *mode == "webhook") {
        telegram.mode = std::move(*mode);
      } else {
        t.problems().add(node->source(), t.path_of("mode"), "expected one of: polling, webhook (got " + quoted(*mode) + ")");
      }
    }
  }
  t.read_string("public_url", telegram.public_url, false);
  if (const auto* node = t.get("webhook_path")) {
    if (auto path = to_string_value(*node, t.path_of("webhook_path"), true, t.problems())) {
      if (path->front() == '/' && path->find_first_of(" ?#") == std::string::npos) {
        telegram.webhook_path = std::move(*path);
      } else {
        t.problems().add(node->source(), t.path_of("webhook_path"), "expected a path starting with '/', got " + quoted(*path));
      }
    }
  }
  t.read_string("webhook_listen", telegram.webhook_listen, true);
  t.read_int("webhook_port", telegram.webhook_port, 0, 65535);
  t.read_string("secret_env", telegram.secret_env, true);
  t.read_string("tls_cert_file", telegram.tls_cert_file, false);
  t.read_string("tls_key_file", telegram.tls_key_file, false);
  if (telegram.mode == "webhook" && telegram.public_url.rfind("https://", 0) != 0) {
    t.problems().add(t.table().source(), t.path_of("public_url"),
                     "webhook mode needs public_url = \"https://your.host\" (Telegram only calls HTTPS)");
  }
  if (telegram.tls_cert_file.empty() != telegram.tls_key_file.empty()) {
    t.problems().add(t.table().source(), t.path_of("tls_cert_file"), "tls_cert_file and tls_key_file go together");
  }
  if (const auto* node = t.get("allowed_updates")) {
    if (const auto* array = node->as_array()) {
      std::vector<std::string> kinds;
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto path = element_path(t.path_of("allowed_updates"), i);
        auto kind = to_string_value((*array)[i], path, true, t.problems());
        if (!kind) continue;
        if (std::find(update_kinds.begin(), update_kinds.end(), *kind) == update_kinds.end()) {
          t.problems().add((*array)[i].source(), path, "not an update kind Fanbase handles: " + quoted(*kind));
          continue;
        }
        kinds.push_back(std::move(*kind));
      }
      telegram.allowed_updates = std::move(kinds);
    } else {
      t.problems().wrong_type(*node, t.path_of("allowed_updates"), "an array of strings");
    }
  }
  if (const auto* node = t.get("bot_username")) {
    if (auto name = to_string_value(*node, t.path_of("bot_username"), false, t.problems())) {
      if (!name->empty() && name->front() == '@') name->erase(0, 1);
      if (is_username(*name)) {
        telegram.bot_username = std::move(*name);
      } else {
        t.problems().add(node->source(), t.path_of("bot_username"),
                         "expected a Telegram username (letters, digits and '_'), got " + quoted(*name));
      }
    }
  }
  t.finish();
}

}  // namespace fanbase::config::detail
