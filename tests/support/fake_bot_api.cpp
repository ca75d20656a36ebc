#include "support/fake_bot_api.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>

namespace fanbase::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct FakeBotApi::Impl {
  std::string token, username;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  mutable std::mutex mutex;
  std::deque<std::pair<std::int64_t, std::string>> updates;  // (update_id, full JSON)
  std::int64_t next_update_id = 700'000'001;
  std::int64_t next_message_id = 5000;
  std::vector<std::string> sent;
  std::vector<std::string> commands;  // setMyCommands bodies
  std::vector<std::int64_t> offsets;
  int fail_n = 0, fail_retry_after = 0;
  bool ignore_offset = false;
  bool webhook_active = false;
  bool webhook_drop_pending = false;
  std::string webhook_body;
  std::atomic<int> wrong_token{0};

  static std::string error(int code, const std::string& description, int retry_after = -1) {
    json::object o{{"ok", false}, {"error_code", code}, {"description", description}};
    if (retry_after >= 0) o["parameters"] = json::object{{"retry_after", retry_after}};
    return json::serialize(o);
  }

  // Answers one Bot API call: (HTTP status, body). getUpdates may wait (long poll), hence a coroutine.
  asio::awaitable<std::pair<int, std::string>> answer(const std::string& target, const std::string& body) {
    const std::string prefix = "/bot" + token + "/";
    if (target.rfind("/bot", 0) != 0 || target.rfind(prefix, 0) != 0) {
      ++wrong_token;
      co_return std::pair{401, error(401, "Unauthorized")};
    }
    const std::string method = target.substr(prefix.size());
    json::value params = body.empty() ? json::value(json::object{}) : json::parse(body);
    if (method == "getMe") {
      co_return std::pair{200, json::serialize(json::object{
                                   {"ok", true},
                                   {"result", {{"id", 1}, {"is_bot", true}, {"first_name", "Fanbase"},
                                               {"username", username}}}})};
    }
    if (method == "setWebhook") {
      std::lock_guard lock(mutex);
      webhook_active = true;
      webhook_body = body;
      co_return std::pair{200, std::string(R"({"ok":true,"result":true,"description":"Webhook was set"})")};
    }
    if (method == "deleteWebhook") {
      std::lock_guard lock(mutex);
      webhook_active = false;
      webhook_drop_pending = params.as_object().contains("drop_pending_updates") &&
                             params.as_object().at("drop_pending_updates").as_bool();
      co_return std::pair{200, std::string(R"({"ok":true,"result":true,"description":"Webhook was deleted"})")};
    }
    if (method == "getUpdates") {
      {
        std::lock_guard lock(mutex);
        if (webhook_active) {
          co_return std::pair{409, error(409, "Conflict: can't use getUpdates method while webhook is active; "
                                              "use deleteWebhook to delete the webhook first")};
        }
      }
      const auto& o = params.as_object();
      const std::int64_t offset = o.contains("offset") ? o.at("offset").to_number<std::int64_t>() : 0;
      const std::int64_t timeout = o.contains("timeout") ? o.at("timeout").to_number<std::int64_t>() : 0;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
      for (;;) {
        json::array result;
        {
          std::lock_guard lock(mutex);
          offsets.push_back(offset);
          if (!ignore_offset) {  // confirmation: what is below the offset is gone for good
            while (!updates.empty() && updates.front().first < offset) updates.pop_front();
          }
          for (const auto& [id, text] : updates) result.push_back(json::parse(text));
        }
        if (!result.empty() || std::chrono::steady_clock::now() >= deadline) {
          co_return std::pair{200, json::serialize(json::object{{"ok", true}, {"result", result}})};
        }
        asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        std::lock_guard lock(mutex);
        offsets.pop_back();  // one request, one recorded offset
      }
    }
    if (method == "setMyCommands") {
      std::lock_guard lock(mutex);
      commands.push_back(body);
      co_return std::pair{200, std::string(R"({"ok":true,"result":true})")};
    }
    if (method == "sendMessage") {
      std::lock_guard lock(mutex);
      if (fail_n > 0) {
        --fail_n;
        if (fail_retry_after >= 0) {
          co_return std::pair{429, error(429, "Too Many Requests: retry after " + std::to_string(fail_retry_after),
                                         fail_retry_after)};
        }
        if (fail_retry_after == -2) co_return std::pair{400, error(400, "Bad Request: chat not found")};
        co_return std::pair{502, std::string("<html>Bad Gateway</html>")};
      }
      sent.push_back(body);
      const auto& o = params.as_object();
      co_return std::pair{200, json::serialize(json::object{
                                   {"ok", true},
                                   {"result", {{"message_id", next_message_id++},
                                               {"chat", {{"id", o.at("chat_id")}, {"type", "supergroup"}}},
                                               {"date", 1767225600},
                                               {"text", o.at("text")}}}})};
    }
    co_return std::pair{404, error(404, "Not Found: method not found")};
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [ec, n] = co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      std::pair<int, std::string> reply;
      try {
        reply = co_await answer(std::string(req.target()), req.body());
      } catch (const std::exception& e) {
        reply = {400, error(400, std::string("Bad Request: ") + e.what())};
      }
      http::response<http::string_body> res{static_cast<http::status>(reply.first), 11};
      res.set(http::field::content_type, "application/json");
      res.body() = std::move(reply.second);
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      if (wec || !req.keep_alive()) co_return;
    }
  }

  asio::awaitable<void> listen() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(ioc, serve(std::move(socket)), asio::detached);
    }
  }
};

FakeBotApi::FakeBotApi(std::string token, std::string bot_username) : impl_(std::make_unique<Impl>()) {
  impl_->token = std::move(token);
  impl_->username = std::move(bot_username);
  impl_->acceptor.open(tcp::v4());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
  impl_->acceptor.listen();
  asio::co_spawn(impl_->ioc, impl_->listen(), asio::detached);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

FakeBotApi::~FakeBotApi() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::string FakeBotApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port());
}

std::int64_t FakeBotApi::add_update(const std::string& update_without_id) {
  std::lock_guard lock(impl_->mutex);
  const std::int64_t id = impl_->next_update_id++;
  json::object o = json::parse(update_without_id).as_object();
  o["update_id"] = id;
  impl_->updates.emplace_back(id, json::serialize(o));
  return id;
}

std::vector<std::string> FakeBotApi::sent() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->sent;
}

std::vector<std::string> FakeBotApi::set_commands() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->commands;
}

std::vector<std::int64_t> FakeBotApi::offsets() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->offsets;
}

void FakeBotApi::fail_sends(int n, int retry_after_s) {
  std::lock_guard lock(impl_->mutex);
  impl_->fail_n = n;
  impl_->fail_retry_after = retry_after_s;
}

void FakeBotApi::ignore_offset(bool on) {
  std::lock_guard lock(impl_->mutex);
  impl_->ignore_offset = on;
}

int FakeBotApi::requests_with_wrong_token() const { return impl_->wrong_token.load(); }

void FakeBotApi::set_webhook(bool active) {
  std::lock_guard lock(impl_->mutex);
  impl_->webhook_active = active;
}

std::string FakeBotApi::set_webhook_body() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->webhook_body;
}

bool FakeBotApi::webhook_active() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->webhook_active;
}

bool FakeBotApi::webhook_deleted_with_drop() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->webhook_drop_pending;
}

}  // namespace fanbase::testing
