#include "bot/telegram/telegram_platform.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "base/time.hpp"
#include "bot/net/http_server.hpp"
#include "bot/net/https_client.hpp"
#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/outbox_schedule.hpp"
#include "bot/telegram/telegram_update.hpp"

namespace fanbase::telegram {

namespace asio = boost::asio;

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

  std::string target(std::string_view method) const { return "/bot" + options.token + "/" + std::string(method); }

  // One Bot API call; network failures come back as ApiResult{ok = false, error_code = 0}.
  asio::awaitable<ApiResult> call(HttpsClient& client, std::string_view method, std::string body,
                                 std::chrono::milliseconds timeout, std::string content_type = "application/json") {
    HttpRequest req;
    req.method = "POST";
    req.target = target(method);
    req.body = std::move(body);
    req.content_type = std::move(content_type);
    req.timeout = timeout;
    auto reply = co_await client.request(std::move(req));
    if (auto* error = std::get_if<HttpError>(&reply)) {
      ApiResult r;
      r.description = redact_token(error->what, options.token);
      co_return r;
    }
    const auto& response = std::get<HttpResponse>(reply);
    co_return parse_api_response(response.status, response.body);
  }

  asio::awaitable<void> sleep(std::chrono::milliseconds d) {
    asio::steady_timer t(strand, d);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }

  std::chrono::milliseconds backoff(int attempt) {
    auto d = options.retry_initial * (1LL << std::min(attempt, 16));
    d = std::min<std::chrono::milliseconds>(d, options.retry_max);
    std::uniform_int_distribution<long long> jitter(0, d.count() / 2);
    return d / 2 + std::chrono::milliseconds(jitter(rng));  // "equal jitter"
  }

  // The replies a committed event left for Telegram, copied on the storage thread for the sender's strand.
  static std::vector<std::pair<std::int64_t, Pending>> replies_of(bool committed, const Outcome& outcome) {
    std::vector<std::pair<std::int64_t, Pending>> replies;
    if (!committed) return replies;
    for (const Action& a : outcome.actions) {
      if (a.platform == "telegram") replies.emplace_back(a.outbox_id, Pending{a, 0});
    }
    return replies;
  }

  // Within a chat actions keep their order. Button answers have their own lane: Telegram shows a spinner until
  // the answer arrives, so it must not wait behind the chat's rate-limited messages.
  void enqueue(std::int64_t id, Pending p) {
    const Action& a = p.action;
    const bool light = a.kind != ActionKind::send_message && a.kind != ActionKind::send_photo &&
                       a.kind != ActionKind::send_direct;
    // A private message is rate-limited in its private chat, whose id is the user's.
    const std::string& chat = a.kind == ActionKind::send_direct ? a.user_id : a.chat_id;
    schedule.push(id, a.kind == ActionKind::answer_callback ? "answer:" + chat : chat, light);
    pending.emplace(id, std::move(p));
    wake.cancel();
  }

  // A local photo's bytes (Telegram takes photos up to 10 MB); nullopt when the file cannot be read.
  static std::optional<std::string> read_photo(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad() || bytes.size() > (10u << 20)) return std::nullopt;
    return bytes;
  }

  // ---- the poller ---------------------------------------------------------------------------------------
  // getMe (the bot's username makes "/points@ThisBot" ours, retried until it answers: a wrong token stops
  // here), then the command menus. False when stopped meanwhile.
  asio::awaitable<bool> introduce() {
    auto self = shared_from_this();
    int failures = 0;
    while (!stopping) {
      auto me = co_await call(*poll_client, "getMe", "{}", 15s);
      if (auto name = parse_get_me_username(me)) {
        sink.set_bot_name("telegram", *name);
        std::lock_guard lock(stats_mutex);
        stats.bot_username = *name;
        break;
      }
      log::warn("telegram.get_me_failed", {{"error", me.description}, {"code", std::to_string(me.error_code)}});
      co_await sleep(backoff(failures++));
    }
    if (stopping) co_return false;  // stop() has released the clients
    co_await publish_commands();
    if (stopping) co_return false;
    co_await refresh_admins(*poll_client);
    co_return !stopping;
  }

  asio::awaitable<void> poll_loop() {
    auto self = shared_from_this();
    if (!co_await introduce()) co_return;
    int failures = 0;
    log::info("telegram.polling", {{"host", poll_client->host()}});
    std::int64_t offset = 0;
    while (!stopping) {
      const auto timeout = std::chrono::seconds(options.poll_timeout_s + 15);
      auto answer = co_await call(*poll_client, "getUpdates",
                                  get_updates_body(offset, options.poll_timeout_s, 100, options.allowed_updates),
                                  timeout);
      if (stopping) break;
      {
        std::lock_guard lock(stats_mutex);
        ++stats.polls;
      }
      if (!answer.ok && answer.error_code == 409) {
        // A webhook is still set (from an earlier webhook-mode run): polling needs it gone. Pending updates are
        // kept (drop_pending_updates = false), so switching modes loses nothing.
        log::info("telegram.deleting_webhook", {{"reason", answer.description}});
        auto deleted = co_await call(*poll_client, "deleteWebhook", R"({"drop_pending_updates":false})", 15s);
        if (!deleted.ok) log::warn("telegram.delete_webhook_failed", {{"error", deleted.description}});
        if (stopping) break;
        if (deleted.ok) continue;
      }
      if (!answer.ok) {
        log::warn("telegram.get_updates_failed",
                  {{"error", answer.description}, {"code", std::to_string(answer.error_code)}});
        co_await sleep(answer.retry_after_s ? std::chrono::milliseconds(static_cast<long long>(*answer.retry_after_s * 1000))
                                            : backoff(failures++));
        continue;
      }
      failures = 0;
      UpdateBatch batch = split_updates(answer);
      if (!batch.max_update_id) continue;  // nothing new (the long poll timed out)
      co_await apply_batch(batch);
      if (stopping) break;
      if (!batch_all_committed) {  // not confirmed: the same updates come again
        co_await sleep(backoff(failures++));
        continue;
      }
      offset = *batch.max_update_id + 1;
      std::lock_guard lock(stats_mutex);
      stats.offset = offset;
    }
  }

  // trust_platform_admins: each known chat's administrators, as one member_updated event with the whole list
  // (so promotions before the bot arrived and demotions while it was away are seen). At start and every 6 hours.
  asio::awaitable<void> refresh_admins(HttpsClient& client) {
    auto self = shared_from_this();
    for (const std::string& chat : sink.chats("telegram")) {
      if (stopping) co_return;
      const auto chat_id = boost::json::serialize(boost::json::object{{"chat_id", chat}});
      auto answer = co_await call(client, "getChatAdministrators", chat_id, 15s);
      auto admins = parse_chat_administrators(answer);
      if (!admins) {
        log::warn("telegram.admins_failed", {{"chat", chat}, {"error", answer.description}});
        continue;
      }
      Event ev;
      ev.kind = EventKind::member_updated;
      ev.platform = "telegram";
      ev.chat_id = chat;
      ev.at_ms = SystemClock{}.now_ms();
      ev.key = "admins:telegram:" + chat + ":" + std::to_string(ev.at_ms);
      ev.all_admins = true;
      ev.subjects = std::move(*admins);
      sink.submit(std::move(ev), [](bool, Outcome&) {});
    }
  }

  // The command menus Telegram shows: members see theirs; group administrators also see moderator commands.
  // A failure is logged and the bot goes on (the menu is a convenience, /help always works).
  asio::awaitable<void> publish_commands() {
    const auto menu = sink.command_menu();
    for (const auto& [scope, highest] : {std::pair{"default", Role::member},
                                         std::pair{"all_chat_administrators", Role::owner}}) {
      std::vector<std::pair<std::string, std::string>> commands;
      for (const auto& c : menu) {
        if (c.min_role <= highest) commands.emplace_back(c.name, c.description);
      }
      auto body = set_my_commands_body(commands, scope);
      if (!body) {
        log::warn("telegram.commands_invalid", {{"scope", scope}, {"error", body.error().key}});
        continue;
      }
      auto answer = co_await call(*poll_client, "setMyCommands", std::move(*body), 15s);
      if (!answer.ok) log::warn("telegram.set_commands_failed", {{"scope", scope}, {"error", answer.description}});
      if (stopping) co_return;
    }
  }

  // Submits every update of the batch and resumes when all have committed (or failed to).
  asio::awaitable<void> apply_batch(const UpdateBatch& batch) {
    auto self = shared_from_this();
    batch_remaining = 0;
    batch_all_committed = true;
    std::int64_t skipped = 0, malformed = 0;
    for (const std::string& json : batch.updates) {
      Mapped mapped = mapper.map(json);
      if (mapped.status == MapStatus::skipped) { ++skipped; continue; }
      if (mapped.status == MapStatus::malformed) {
        ++malformed;
        log::warn("telegram.malformed_update", {{"update_id", std::to_string(mapped.update_id)}, {"why", mapped.reason}});
        continue;
      }
      Event& ev = mapped.event;
      if (ev.at_ms == 0) ev.at_ms = SystemClock{}.now_ms();  // callback queries carry no time
      ++batch_remaining;
      sink.submit(std::move(ev), [self](bool committed, Outcome& outcome) {
        // On the storage thread: copy what the sender needs, then continue on the strand.
        auto replies = replies_of(committed, outcome);
        asio::post(self->strand, [self, committed, replies = std::move(replies)]() mutable {
          for (auto& [id, p] : replies) self->enqueue(id, std::move(p));
          if (!committed) self->batch_all_committed = false;
          {
            std::lock_guard lock(self->stats_mutex);
            if (committed) ++self->stats.applied;
          }
          if (--self->batch_remaining == 0) self->batch_done.cancel();
        });
      });
    }
    {
      std::lock_guard lock(stats_mutex);
      stats.updates += static_cast<std::int64_t>(batch.updates.size());
      stats.skipped += skipped;
      stats.malformed += malformed;
    }
    // Completions are posted to this strand, so none can run before this wait begins.
    while (batch_remaining > 0 && !stopping) {
      batch_done.expires_at(asio::steady_timer::time_point::max());
      co_await batch_done.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

  // ---- webhook mode -------------------------------------------------------------------------------------
  // getMe, menus, then setWebhook (retried until Telegram accepts it). Updates arrive through on_webhook.
  asio::awaitable<void> webhook_setup() {
    auto self = shared_from_this();
    if (!co_await introduce()) co_return;
    boost::json::array kinds;
    for (const auto& k : options.allowed_updates) kinds.emplace_back(k);
    const std::string body = boost::json::serialize(boost::json::object{
        {"url", options.public_url + options.webhook_path}, {"secret_token", options.secret},
        {"allowed_updates", std::move(kinds)}, {"drop_pending_updates", false}});
    int failures = 0;
    while (!stopping) {
      auto answer = co_await call(*poll_client, "setWebhook", body, 15s);
      if (answer.ok) {
        log::info("telegram.webhook_set", {{"path", options.webhook_path}});
        std::lock_guard lock(stats_mutex);
        stats.webhook_set = true;
        co_return;
      }
      log::warn("telegram.set_webhook_failed", {{"error", answer.description}});
      co_await sleep(backoff(failures++));
    }
  }

  // Comparing secrets in constant time: how long it takes says nothing about how much of a guess was right.
  static bool same_secret(std::string_view given, std::string_view expected) {
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    const std::size_t n = std::max(given.size(), expected.size());
    for (std::size_t i = 0; i < n; ++i) {
      const auto a = static_cast<unsigned char>(i < given.size() ? given[i] : 0);
      const auto b = static_cast<unsigned char>(i < expected.size() ? expected[i] : 0);
      diff |= static_cast<unsigned char>(a ^ b);
    }
    return diff == 0 && !expected.empty();
  }

  // One POST from Telegram. 200 only after the update is committed (503 if not: Telegram retries, and the
  // idempotency table makes the retry harmless); 401 without the secret; 400 for a body that is no Update.
  // Runs on the connection's strand; shared state is reached only through the sink and posts to `strand`.
  asio::awaitable<fanbase::net::ServerResponse> on_webhook(fanbase::net::ServerRequest req) {
    auto self = shared_from_this();
    const std::string_view target = req.target;
    if (target.substr(0, target.find('?')) != options.webhook_path) co_return fanbase::net::ServerResponse{404, "not found\n"};
    if (req.method != "POST") co_return fanbase::net::ServerResponse{405, "POST only\n"};
    if (!same_secret(req.header("x-telegram-bot-api-secret-token"), options.secret)) {
      count(&TelegramStats::webhook_unauthorized);
      co_return fanbase::net::ServerResponse{401, "unauthorized\n"};
    }
    thread_local UpdateMapper mapper;  // one per io thread: the mapper reuses its parser and is not shared
    Mapped mapped = mapper.map(req.body);
    if (mapped.status == MapStatus::malformed) {
      count(&TelegramStats::webhook_malformed);
      log::warn("telegram.malformed_update", {{"update_id", std::to_string(mapped.update_id)}, {"why", mapped.reason}});
      co_return fanbase::net::ServerResponse{400, "malformed update\n"};
    }
    {
      std::lock_guard lock(stats_mutex);
      ++stats.updates;
      if (mapped.status == MapStatus::skipped) ++stats.skipped;
    }
    if (mapped.status == MapStatus::skipped) co_return fanbase::net::ServerResponse{200, "ok\n"};
    Event& ev = mapped.event;
    if (ev.at_ms == 0) ev.at_ms = SystemClock{}.now_ms();
    struct Waiter {
      explicit Waiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
      asio::steady_timer timer;
      bool done = false;
      bool committed = false;
    };
    auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
    waiter->timer.expires_at(asio::steady_timer::time_point::max());
    sink.submit(std::move(ev), [self, waiter](bool committed, Outcome& outcome) {
      auto replies = replies_of(committed, outcome);
      asio::post(self->strand, [self, replies = std::move(replies)]() mutable {
        for (auto& [id, p] : replies) self->enqueue(id, std::move(p));
      });
      asio::post(waiter->timer.get_executor(), [waiter, committed] {
        waiter->done = true;
        waiter->committed = committed;
        waiter->timer.cancel();
      });
    });
    while (!waiter->done) co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!waiter->committed) {
      count(&TelegramStats::webhook_unavailable);
      co_return fanbase::net::ServerResponse{503, "not committed, retry\n"};
    }
    count(&TelegramStats::applied);
    count(&TelegramStats::webhook_accepted);
    co_return fanbase::net::ServerResponse{200, "ok\n"};
  }

  // ---- the clock ----------------------------------------------------------------------------------------
  asio::awaitable<void> tick_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      Event tick;
      tick.kind = EventKind::tick;
      tick.platform = "telegram";
      tick.at_ms = SystemClock{}.now_ms();
      tick.key = "tick:telegram:" + std::to_string(tick.at_ms);
      sink.submit(std::move(tick), [self](bool committed, Outcome& outcome) {
        auto replies = replies_of(committed, outcome);
        asio::post(self->strand, [self, replies = std::move(replies)]() mutable {
          for (auto& [id, p] : replies) self->enqueue(id, std::move(p));
        });
      });
      if (++ticks % admin_refresh_ticks == 0 && send_client) co_await refresh_admins(*send_client);
      if (stopping) break;
      tick_timer.expires_after(options.tick_interval);
      co_await tick_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

  // ---- the sender ---------------------------------------------------------------------------------------
  asio::awaitable<void> send_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      const auto now = RateLimiter::clock::now();
      auto next = schedule.next(now);
      if (!next.ready) {
        wake.expires_at(schedule.size() > 0 ? next.wake_at : asio::steady_timer::time_point::max());
        co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      const QueuedMessage message = *next.ready;
      auto it = pending.find(message.outbox_id);
      if (it == pending.end()) continue;
      Pending& p = it->second;
      std::string photo;
      if (p.action.kind == ActionKind::send_photo && is_local_photo(p.action.photo)) {
        auto bytes = read_photo(p.action.photo);
        if (!bytes) {
          log::warn("telegram.send_failed", {{"outbox_id", std::to_string(message.outbox_id)},
                                             {"chat", p.action.chat_id}, {"error", "photo file unreadable or over 10 MB"}});
          sink.failed(message.outbox_id, "photo file unreadable or over 10 MB: " + p.action.photo);
          pending.erase(it);
          count(&TelegramStats::failed);
          continue;
        }
        photo = std::move(*bytes);
      }
      ApiCall request = api_call_for(p.action, photo);
      photo.clear();
      auto answer = co_await call(*send_client, request.method, std::move(request.body), 15s,
                                  std::move(request.content_type));
      if (stopping) break;
      const auto after = RateLimiter::clock::now();
      switch (classify(answer)) {
        case SendOutcome::sent:
          schedule.sent(message, after);
          sink.delivered({Delivery{message.outbox_id, parse_sent_message_id(answer).value_or("")}});
          pending.erase(it);
          count(&TelegramStats::sent);
          break;
        case SendOutcome::retry_after: {
          const auto wait = std::chrono::milliseconds(static_cast<long long>(answer.retry_after_s.value_or(1.0) * 1000));
          limiter.pause_chat(message.chat_id, after + wait);
          schedule.retry(message);
          count(&TelegramStats::retried);
          break;
        }
        case SendOutcome::retry_backoff:
          if (++p.attempts < options.max_attempts) {
            limiter.pause_chat(message.chat_id, after + backoff(p.attempts - 1));
            schedule.retry(message);
            count(&TelegramStats::retried);
            break;
          }
          [[fallthrough]];
        case SendOutcome::give_up:
          log::warn("telegram.send_failed", {{"outbox_id", std::to_string(message.outbox_id)},
                                             {"method", request.method}, {"chat", p.action.chat_id},
                                             {"error", answer.description}});
          sink.failed(message.outbox_id, answer.description.empty() ? "failed" : answer.description);
          pending.erase(it);
          count(&TelegramStats::failed);
          break;
      }
    }
  }

  void count(std::int64_t TelegramStats::*field) {
    std::lock_guard lock(stats_mutex);
    ++(stats.*field);
  }
};

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

TelegramPlatform::~TelegramPlatform() { stop(); }

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
    std::weak_ptr<State> weak = state;
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
  asio::post(state->strand, [state] {
    if (state->stopping) return;
    state->stopping = true;
    if (state->server) state->server->stop();  // no new updates; requests in progress finish
    state->wake.cancel();
    state->batch_done.cancel();
    state->tick_timer.cancel();
    // Destroying the clients ends their requests in flight (a long poll would otherwise wait out its timeout).
    state->poll_client.reset();
    state->send_client.reset();
  });
}

unsigned short TelegramPlatform::webhook_port() const { return state_->server ? state_->server->port() : 0; }

TelegramStats TelegramPlatform::stats() const {
  std::lock_guard lock(state_->stats_mutex);
  return state_->stats;
}

}  // namespace fanbase::telegram
