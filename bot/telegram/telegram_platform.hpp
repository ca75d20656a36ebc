// TelegramPlatform: the live Telegram adapter. On its strand it runs two coroutines:
//  - the poller: getMe (the bot's name for "/cmd@name"), then getUpdates long polling. Each batch of updates
//    is mapped to Events and submitted; the offset that confirms them to Telegram advances only after every
//    one of them has been committed (at-least-once delivery + the idempotency table = each update's effects
//    exactly once, across crashes and restarts). A batch that failed to commit is fetched again.
//  - the sender: outbox rows (those committed before this start, then each event's replies as it commits)
//    go out through OutboxSchedule/RateLimiter (Telegram's limits), with 429 retry_after, exponential backoff
//    with jitter on network errors and 5xx, and a final failure stored with its reason, never dropped.
//  - the clock: a tick Event every tick_interval, so scheduled work (housekeeping, timed posts) runs and its
//    messages go out like any reply.
// The token is only in request targets, never in logs or errors (net::HttpsClient never prints targets).
// Thread: construct anywhere; start()/stop() from any thread; all state lives on `strand`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/core/event_sink.hpp"
#include "bot/core/platform.hpp"
#include "bot/telegram/rate_limiter.hpp"

namespace fanbase::telegram {

struct TelegramOptions {
  std::string token;                                  // secret: never logged
  std::string api_base = "https://api.telegram.org";
  int poll_timeout_s = 50;
  std::vector<std::string> allowed_updates;
  RateLimits limits;
  std::chrono::milliseconds retry_initial{1000};      // first backoff after a network error or 5xx
  std::chrono::milliseconds retry_max{60'000};
  int max_attempts = 8;                               // then the row is marked failed with its last reason
  std::chrono::milliseconds tick_interval{60'000};    // the clock's ticks (scheduled work); 0: none
  // Webhook mode (instead of polling): Telegram POSTs updates to public_url + webhook_path.
  bool webhook = false;
  std::string public_url;                             // "https://fans.example.com"
  std::string webhook_path = "/telegram/webhook";
  std::string webhook_listen = "127.0.0.1";
  unsigned short webhook_port = 8081;                 // 0: any free port (tests)
  std::string secret;                                 // X-Telegram-Bot-Api-Secret-Token; secret: never logged
  std::string tls_cert_file, tls_key_file;            // both set: serve HTTPS
  // Connections at once from one address (net::ServerOptions; never below setWebhook's max_connections, 40).
  std::size_t webhook_max_connections_per_address = 64;
};

struct TelegramStats {
  std::int64_t polls = 0;
  std::int64_t updates = 0;      // received
  std::int64_t applied = 0;      // committed (including duplicates)
  std::int64_t skipped = 0;
  std::int64_t malformed = 0;
  std::int64_t offset = 0;       // the next getUpdates offset (all below it are confirmed)
  std::int64_t sent = 0;
  std::int64_t retried = 0;
  std::int64_t failed = 0;
  std::int64_t webhook_accepted = 0;     // 200 after commit
  std::int64_t webhook_unauthorized = 0; // 401: wrong or missing secret
  std::int64_t webhook_malformed = 0;    // 400
  std::int64_t webhook_unavailable = 0;  // 503: not committed (Telegram retries)
  bool webhook_set = false;
  bool token_refused = false;    // getMe answered 401: stopped (see on_fatal)
  std::string bot_username;
};

// What Telegram can do, for handlers (Turn::caps): private chats, inline buttons, join requests, Stars payments,
// 4096-character messages; a restriction over 366 days or under 30 seconds counts as forever.
Capabilities capabilities();

class TelegramPlatform final : public Platform {
 public:
  TelegramPlatform(boost::asio::any_io_executor strand, TelegramOptions options, EventSink& sink);
  ~TelegramPlatform();
  TelegramPlatform(const TelegramPlatform&) = delete;
  TelegramPlatform& operator=(const TelegramPlatform&) = delete;

  // Webhook mode binds the server here (throws when the address is taken or the TLS files are bad).
  void start();
  // Webhook mode: the port the server listens on (after start()).
  unsigned short webhook_port() const;
  void stop();  // idempotent: the coroutines end at their next step; in-flight requests end with the clients
  TelegramStats stats() const;
  // Called once, on the platform's strand, when Telegram refuses the token (getMe answers 401): the platform has
  // stopped itself (no retry can help). Set before start().
  void on_fatal(std::function<void()> callback);
  std::string_view id() const noexcept override { return "telegram"; }
  Capabilities capabilities() const override { return telegram::capabilities(); }

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace fanbase::telegram
