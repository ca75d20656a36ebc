// TelegramPlatform: the live Telegram adapter. On its strand it runs two coroutines:
//  - the poller: getMe (the bot's name for "/cmd@name"), then getUpdates long polling. Each batch of updates
//    is mapped to Events and submitted; the offset that confirms them to Telegram advances only after every
//    one of them has been committed (at-least-once delivery + the idempotency table = each update's effects
//    exactly once, across crashes and restarts). A batch that failed to commit is fetched again.
//  - the sender: outbox rows (those committed before this start, then each event's replies as it commits)
//    go out through OutboxSchedule/RateLimiter (Telegram's limits), with 429 retry_after, exponential backoff
//    with jitter on network errors and 5xx, and a final failure stored with its reason, never dropped.
// The token is only in request targets, never in logs or errors (net::HttpsClient never prints targets).
// Thread: construct anywhere; start()/stop() from any thread; all state lives on `strand`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "bot/core/event_sink.hpp"
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
  std::string bot_username;
};

class TelegramPlatform {
 public:
  TelegramPlatform(boost::asio::any_io_executor strand, TelegramOptions options, EventSink& sink);
  ~TelegramPlatform();
  TelegramPlatform(const TelegramPlatform&) = delete;
  TelegramPlatform& operator=(const TelegramPlatform&) = delete;

  void start();
  void stop();  // idempotent: the coroutines end at their next step; in-flight requests end with the clients
  TelegramStats stats() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace fanbase::telegram
