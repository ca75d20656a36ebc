#include "bot/telegram/telegram_state.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "base/time.hpp"

namespace fanbase::telegram {

// ---- the poller ---------------------------------------------------------------------------------------
// getMe (the bot's username makes "/points@ThisBot" ours, retried until it answers; a 401 (token refused) stops
// the platform and calls on_fatal), then the command menus. False when stopped meanwhile.
asio::awaitable<bool> TelegramPlatform::State::introduce() {
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
    if (me.error_code == 401) {
      // The token is wrong or revoked: retrying cannot help, and every other call would be refused the same way.
      log::error("telegram.token_refused", {{"error", me.description}, {"code", "401"}});
      {
        std::lock_guard lock(stats_mutex);
        stats.token_refused = true;
      }
      shutdown();
      if (on_fatal) on_fatal();
      co_return false;
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

asio::awaitable<void> TelegramPlatform::State::poll_loop() {
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
asio::awaitable<void> TelegramPlatform::State::refresh_admins(HttpsClient& client) {
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
asio::awaitable<void> TelegramPlatform::State::publish_commands() {
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
asio::awaitable<void> TelegramPlatform::State::apply_batch(const UpdateBatch& batch) {
  auto self = shared_from_this();
  batch_remaining = 0;
  batch_all_committed = true;
  std::int64_t skipped = 0, malformed = 0;
  for (const std::string& json : batch.updates) {
    Mapped mapped = mapper.map(json, SystemClock{}.now_ms());
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
      self->post_back(self->strand, [self, committed, replies = std::move(replies)]() mutable {
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

}  // namespace fanbase::telegram
