// [telegram]: the Bot API endpoint, polling or webhook, and which updates to ask for. Read by
// config/read_telegram.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>
#include <vector>

namespace fanbase::config {

struct TelegramConfig {
  std::string bot_username;                // without '@'; used by replay (the live adapter learns it from getMe)
  std::string token_env = "TELEGRAM_BOT_TOKEN";      // the environment variable holding the token (never the token)
  std::string api_base = "https://api.telegram.org"; // http:// only for loopback test servers
  int poll_timeout_seconds = 50;           // getUpdates long-poll wait
  std::string mode = "polling";            // "polling" | "webhook"
  // Webhook mode: Telegram POSTs updates to public_url + webhook_path; Fanbase listens on listen:port (usually
  // plain HTTP on loopback behind a reverse proxy that terminates TLS, or HTTPS with the two files below).
  std::string public_url;                  // e.g. "https://fans.example.com" (required in webhook mode)
  std::string webhook_path = "/telegram/webhook";
  std::string webhook_listen = "127.0.0.1";
  int webhook_port = 8081;
  std::string secret_env = "TELEGRAM_WEBHOOK_SECRET";  // the env variable with the X-Telegram-Bot-Api-Secret-Token
  std::string tls_cert_file;               // both set: Fanbase serves HTTPS itself
  std::string tls_key_file;
  std::vector<std::string> allowed_updates{"message",          "edited_message", "callback_query",
                                           "message_reaction", "chat_member",    "my_chat_member",
                                           "chat_join_request"};

  bool operator==(const TelegramConfig&) const = default;
};

}  // namespace fanbase::config
