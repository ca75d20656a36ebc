// TelegramPlatform::State: the live Telegram adapter's state and its coroutines, shared by the files that
// implement them: telegram_state.cpp (Bot API calls, backoff, the clock), telegram_poller.cpp (getMe, menus,
// long polling, applying a batch), telegram_webhook.cpp (setWebhook and the POST route), telegram_sender.cpp (the
// rate-limited outbox sender). Private to bot/telegram. Thread: everything runs on `strand`; storage completions
// are posted back to it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/net/http_server.hpp"
#include "bot/net/https_client.hpp"
#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/outbox_schedule.hpp"
#include "bot/telegram/rate_limiter.hpp"
#include "bot/telegram/telegram_platform.hpp"
#include "bot/telegram/telegram_update.hpp"

namespace fanbase::telegram {

namespace asio = boost::asio;
using fanbase::net::HttpsClient;
using fanbase::net::HttpRequest;
using fanbase::net::HttpResponse;
using fanbase::net::HttpError;
using namespace std::chrono_literals;

struct TelegramPlatform::State : std::enable_shared_from_this<State> {
  State(asio::any_io_executor ex, TelegramOptions o, EventSink& s)
      : strand(std::move(ex)), options(std::move(o)), sink(s), limiter(options.limits), schedule(limiter),
        wake(strand), batch_done(strand), tick_timer(strand), rng(std::random_device{}()) {}

  asio::any_io_executor strand;
  TelegramOptions options;
  EventSink& sink;
  std::unique_ptr<HttpsClient> poll_client;  // long polls wait; sends must not queue behind them
  std::unique_ptr<HttpsClient> send_client;
  std::unique_ptr<fanbase::net::HttpServer> server;  // webhook mode
  UpdateMapper mapper;
  RateLimiter limiter;
  OutboxSchedule schedule;
  struct Pending {  // an outbox row waiting for the sender
    Action action;
    int attempts = 0;
  };
  std::unordered_map<std::int64_t, Pending> pending;
  asio::steady_timer wake;        // the sender sleeps on it; cancelled when work arrives
  asio::steady_timer batch_done;  // the poller waits on it for a batch's commits
  asio::steady_timer tick_timer;  // the clock sleeps on it
  std::int64_t ticks = 0;
  static constexpr std::int64_t admin_refresh_ticks = 360;  // every 6 hours at one tick a minute
  int batch_remaining = 0;
  bool batch_all_committed = true;
  bool stopping = false;
  std::mt19937_64 rng;
  mutable std::mutex stats_mutex;
  TelegramStats stats;
  std::function<void()> on_fatal;  // TelegramPlatform::on_fatal

  // Storage completions come back through here, from the storage thread. The platform may be destroyed (and its
  // io_context after it) while events it submitted are still queued for the writer; such a completion must not
  // touch an executor that is gone, so ~TelegramPlatform closes this gate first. What it carried is safe: the
  // replies are in the outbox (sent at the next start) and an unconfirmed update is fetched again.
  template <class F>
  void post_back(const asio::any_io_executor& ex, F&& f) {
    std::lock_guard lock(gate_mutex);
    if (!gate_closed) asio::post(ex, std::forward<F>(f));
  }
  void close_gate() {
    std::lock_guard lock(gate_mutex);
    gate_closed = true;
  }
  std::mutex gate_mutex;
  bool gate_closed = false;

  // Ends every coroutine at its next step (TelegramPlatform::stop, or a refused token). On the strand; idempotent.
  void shutdown();

  std::string target(std::string_view method) const { return "/bot" + options.token + "/" + std::string(method); }

    // One Bot API call; network failures come back as ApiResult{ok = false, error_code = 0}.
    asio::awaitable<ApiResult> call(HttpsClient& client, std::string_view method, std::string body,
                                   std::chrono::milliseconds timeout, std::string content_type = "application/json");
    asio::awaitable<void> sleep(std::chrono::milliseconds d);
    std::chrono::milliseconds backoff(int attempt);
    // The replies a committed event left for Telegram, copied on the storage thread for the sender's strand.
    static std::vector<std::pair<std::int64_t, Pending>> replies_of(bool committed, const Outcome& outcome);
    // Within a chat actions keep their order. Button answers have their own lane: Telegram shows a spinner until
    // the answer arrives, so it must not wait behind the chat's rate-limited messages.
    void enqueue(std::int64_t id, Pending p);
    // A local photo's bytes (Telegram takes photos up to 10 MB); nullopt when the file cannot be read.
    static std::optional<std::string> read_photo(const std::string& path);
    // ---- the poller ---------------------------------------------------------------------------------------
    // getMe (the bot's username makes "/points@ThisBot" ours, retried until it answers; a 401 (token refused) stops
    // the platform and calls on_fatal), then the command menus. False when stopped meanwhile.
    asio::awaitable<bool> introduce();
    asio::awaitable<void> poll_loop();
    // trust_platform_admins: each known chat's administrators, as one member_updated event with the whole list
    // (so promotions before the bot arrived and demotions while it was away are seen). At start and every 6 hours.
    asio::awaitable<void> refresh_admins(HttpsClient& client);
    // The command menus Telegram shows: members see theirs; group administrators also see moderator commands.
    // A failure is logged and the bot goes on (the menu is a convenience, /help always works).
    asio::awaitable<void> publish_commands();
    // Submits every update of the batch and resumes when all have committed (or failed to).
    asio::awaitable<void> apply_batch(const UpdateBatch& batch);
    // ---- webhook mode -------------------------------------------------------------------------------------
    // getMe, menus, then setWebhook (retried until Telegram accepts it). Updates arrive through on_webhook.
    asio::awaitable<void> webhook_setup();
    // Comparing secrets in constant time: how long it takes says nothing about how much of a guess was right.
    static bool same_secret(std::string_view given, std::string_view expected);
    // One POST from Telegram. 200 only after the update is committed (503 if not: Telegram retries, and the
    // idempotency table makes the retry harmless); 401 without the secret; 400 for a body that is no Update.
    // Runs on the connection's strand; shared state is reached only through the sink and posts to `strand`.
    asio::awaitable<fanbase::net::ServerResponse> on_webhook(fanbase::net::ServerRequest req);
    // A request's head, before its body is read (the server's authorize): 404 another path, 405 not POST, 401
    // without the secret; nullopt: go on. Any thread (reads options, counts under stats_mutex).
    std::optional<fanbase::net::ServerResponse> check_head(const fanbase::net::ServerRequest& req);
    // ---- the clock ----------------------------------------------------------------------------------------
    asio::awaitable<void> tick_loop();
    // ---- the sender ---------------------------------------------------------------------------------------
    asio::awaitable<void> send_loop();
    void count(std::int64_t TelegramStats::*field);
};

}  // namespace fanbase::telegram
