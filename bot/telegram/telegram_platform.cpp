#include "bot/telegram/telegram_platform.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include "base/log.hpp"
#include "base/time.hpp"
#include "bot/telegram/telegram_state.hpp"

namespace fanbase::telegram {


Capabilities capabilities() {
  Capabilities c;
  c.private_messages = true;  // once the member has started the bot (a refusal comes back as a failed row)
  c.buttons = true;
  c.join_requests = true;
  c.payments = true;          // Telegram Stars
  c.max_message_chars = 4096;
  c.max_sanction_ms = 366 * day_ms;  // Bot API: "more than 366 days or less than 30 seconds ... forever"
  c.min_sanction_ms = 30 * second_ms;
  return c;
}


namespace {
// The top of a detached coroutine: nothing may escape into Asio.
void spawn(std::shared_ptr<TelegramPlatform::State> state, asio::awaitable<void> work, const char* name) {
  asio::co_spawn(state->strand, std::move(work), [name](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      log::error("telegram.task_failed", {{"task", name}, {"error", ex.what()}});
    }
  });
}
}  // namespace

TelegramPlatform::TelegramPlatform(asio::any_io_executor strand, TelegramOptions options, EventSink& sink)
    : state_(std::make_shared<State>(std::move(strand), std::move(options), sink)) {
  state_->poll_client = std::make_unique<HttpsClient>(state_->strand, state_->options.api_base);
  state_->send_client = std::make_unique<HttpsClient>(state_->strand, state_->options.api_base);
}

TelegramPlatform::~TelegramPlatform() {
  stop();
  state_->close_gate();  // completions still queued for the writer must not post to an executor about to go
}

void TelegramPlatform::start() {
  auto state = state_;
  // Replies committed before this start but never delivered go first (the outbox survives restarts).
  for (auto& waiting : state->sink.pending("telegram", 10'000)) {
    asio::post(state->strand, [state, action = std::move(waiting.action), attempts = waiting.attempts]() mutable {
      const std::int64_t id = action.outbox_id;
      state->enqueue(id, State::Pending{std::move(action), attempts});
    });
  }
  if (state->options.webhook) {
    fanbase::net::ServerOptions so;
    so.listen = state->options.webhook_listen;
    so.port = state->options.webhook_port;
    so.tls_cert_file = state->options.tls_cert_file;
    so.tls_key_file = state->options.tls_key_file;
    so.max_connections_per_address =
        std::max<std::size_t>(state->options.webhook_max_connections_per_address, 40);  // >= setWebhook's 40
    std::weak_ptr<State> weak = state;
    so.authorize = [weak](const fanbase::net::ServerRequest& head) -> std::optional<fanbase::net::ServerResponse> {
      auto s = weak.lock();
      if (!s) return fanbase::net::ServerResponse{503, "stopping\n"};
      return s->check_head(head);
    };
    state->server = std::make_unique<fanbase::net::HttpServer>(
        state->strand, so, [weak](fanbase::net::ServerRequest req) -> asio::awaitable<fanbase::net::ServerResponse> {
          auto s = weak.lock();
          if (!s) co_return fanbase::net::ServerResponse{503, "stopping\n"};
          co_return co_await s->on_webhook(std::move(req));
        });
    state->server->start();
    spawn(state, state->webhook_setup(), "webhook");
  } else {
    spawn(state, state->poll_loop(), "poll");
  }
  spawn(state, state->send_loop(), "send");
  if (state->options.tick_interval.count() > 0) spawn(state, state->tick_loop(), "clock");
}

void TelegramPlatform::stop() {
  auto state = state_;
  asio::post(state->strand, [state] { state->shutdown(); });
}

void TelegramPlatform::State::shutdown() {
  if (stopping) return;
  stopping = true;
  if (server) server->stop();  // no new updates; requests in progress finish
  wake.cancel();
  batch_done.cancel();
  tick_timer.cancel();
  // Destroying the clients ends their requests in flight (a long poll would otherwise wait out its timeout).
  poll_client.reset();
  send_client.reset();
}

void TelegramPlatform::on_fatal(std::function<void()> callback) { state_->on_fatal = std::move(callback); }

unsigned short TelegramPlatform::webhook_port() const { return state_->server ? state_->server->port() : 0; }

TelegramStats TelegramPlatform::stats() const {
  std::lock_guard lock(state_->stats_mutex);
  return state_->stats;
}

}  // namespace fanbase::telegram
