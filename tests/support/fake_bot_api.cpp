#include "support/fake_bot_api.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <set>
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
  std::vector<std::pair<std::string, std::string>> calls;
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> messages;  // (chat, message id) → text
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> members;   // (chat, user) → state
  std::set<std::string> callback_ids;                                    // handed out, not yet answered
  std::set<std::pair<std::int64_t, std::int64_t>> join_requests;         // (chat, user) pending
  std::set<std::int64_t> admins;
  std::vector<std::string> commands;  // setMyCommands bodies
  std::vector<std::int64_t> offsets;
  int fail_n = 0, fail_retry_after = 0;
  bool ignore_offset = false;
  bool webhook_active = false;
  bool webhook_drop_pending = false;
  std::string webhook_body;
  std::atomic<int> wrong_token{0};
  std::vector<std::string> echo_methods;  // echo_path_errors
  bool echo_plain = false;
  std::map<std::string, int> requests;  // by method

  static std::string error(int code, const std::string& description, int retry_after = -1) {
    json::object o{{"ok", false}, {"error_code", code}, {"description", description}};
    if (retry_after >= 0) o["parameters"] = json::object{{"retry_after", retry_after}};
    return json::serialize(o);
  }

  static std::string ok(json::value result) {
    return json::serialize(json::object{{"ok", true}, {"result", std::move(result)}});
  }

  // multipart/form-data (RFC 7578) as a JSON object of its fields; a file part as {"file":NAME,"bytes":N}.
  static json::object parse_multipart(const std::string& content_type, const std::string& body) {
    const auto at = content_type.find("boundary=");
    if (at == std::string::npos) throw std::runtime_error("multipart without boundary");
    const std::string delimiter = "--" + content_type.substr(at + 9);
    json::object fields;
    std::size_t pos = body.find(delimiter);
    if (pos != 0) throw std::runtime_error("multipart body does not start with the boundary");
    for (;;) {
      pos += delimiter.size();
      if (body.compare(pos, 2, "--") == 0) return fields;  // the closing delimiter
      if (body.compare(pos, 2, "\r\n") != 0) throw std::runtime_error("malformed multipart delimiter line");
      pos += 2;
      const auto headers_end = body.find("\r\n\r\n", pos);
      const auto next = body.find("\r\n" + delimiter, pos);
      if (headers_end == std::string::npos || next == std::string::npos || headers_end > next)
        throw std::runtime_error("malformed multipart part");
      const std::string headers = body.substr(pos, headers_end - pos);
      const std::string content = body.substr(headers_end + 4, next - headers_end - 4);
      const auto name_at = headers.find("name=\"");
      if (name_at == std::string::npos) throw std::runtime_error("multipart part without a name");
      const std::string name = headers.substr(name_at + 6, headers.find('"', name_at + 6) - name_at - 6);
      const auto file_at = headers.find("filename=\"");
      if (file_at != std::string::npos) {
        const std::string file = headers.substr(file_at + 10, headers.find('"', file_at + 10) - file_at - 10);
        fields[name] = json::object{{"file", file}, {"bytes", content.size()}};
      } else {
        fields[name] = content;
      }
      pos = next + 2;
    }
  }

  static std::int64_t id_of(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) throw std::runtime_error(std::string(key) + " is required");
    if (v->is_string()) return std::stoll(std::string(v->as_string()));
    return v->to_number<std::int64_t>();
  }

  json::object message_result(std::int64_t chat, std::int64_t id, const json::value& text) {
    return json::object{{"message_id", id}, {"chat", {{"id", chat}, {"type", "supergroup"}}}, {"date", 1767225600},
                        {"text", text}};
  }

  // The chat model's methods (the mutex is held). (status, body).
  std::pair<int, std::string> act(const std::string& method, const json::object& o, const std::string& body) {
    auto record = [&] { calls.emplace_back(method, body); };
    if (method == "editMessageText") {
      const auto key = std::pair{id_of(o, "chat_id"), id_of(o, "message_id")};
      auto it = messages.find(key);
      if (it == messages.end()) return {400, error(400, "Bad Request: message to edit not found")};
      const std::string text(o.at("text").as_string());
      if (it->second == text && !o.contains("reply_markup")) {
        return {400, error(400, "Bad Request: message is not modified: specified new message content and reply "
                                "markup are exactly the same as a current content and reply markup of the message")};
      }
      it->second = text;
      record();
      return {200, ok(message_result(key.first, key.second, o.at("text")))};
    }
    if (method == "deleteMessage") {
      const auto key = std::pair{id_of(o, "chat_id"), id_of(o, "message_id")};
      if (messages.erase(key) == 0) return {400, error(400, "Bad Request: message to delete not found")};
      record();
      return {200, ok(true)};
    }
    if (method == "answerCallbackQuery") {
      const std::string id(o.at("callback_query_id").as_string());
      if (callback_ids.erase(id) == 0) {
        return {400, error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")};
      }
      record();
      return {200, ok(true)};
    }
    if (method == "restrictChatMember" || method == "banChatMember" || method == "unbanChatMember") {
      const auto key = std::pair{id_of(o, "chat_id"), id_of(o, "user_id")};
      if (admins.count(key.second) && method != "unbanChatMember") {
        return {400, error(400, "Bad Request: user is an administrator of the chat")};
      }
      std::string& state = members[key];
      if (state.empty()) state = "member";
      const std::int64_t until = o.contains("until_date") ? o.at("until_date").to_number<std::int64_t>() : 0;
      if (method == "restrictChatMember") {
        const json::object& p = o.at("permissions").as_object();  // required
        const bool lifted = p.contains("can_send_messages") && p.at("can_send_messages").as_bool();
        state = lifted ? "member" : "restricted until " + std::to_string(until);
      } else if (method == "banChatMember") {
        state = "banned until " + std::to_string(until);
      } else {
        const bool only_if_banned = o.contains("only_if_banned") && o.at("only_if_banned").as_bool();
        if (state.rfind("banned", 0) == 0) state = "left";
        else if (!only_if_banned) state = "left";  // Telegram: unban without only_if_banned removes a member
      }
      record();
      return {200, ok(true)};
    }
    if (method == "getChatAdministrators") {
      const std::int64_t chat = id_of(o, "chat_id");
      json::array result;
      result.push_back(json::object{{"status", "creator"}, {"is_anonymous", false},
                                    {"user", {{"id", 1}, {"is_bot", true}, {"first_name", "Fanbase"}}}});
      for (std::int64_t admin : admins) {
        result.push_back(json::object{
            {"status", "administrator"}, {"can_be_edited", false}, {"is_anonymous", false},
            {"user", {{"id", admin}, {"is_bot", false}, {"first_name", "Admin" + std::to_string(admin)}}}});
      }
      (void)chat;
      return {200, ok(std::move(result))};
    }
    if (method == "approveChatJoinRequest" || method == "declineChatJoinRequest") {
      const auto key = std::pair{id_of(o, "chat_id"), id_of(o, "user_id")};
      if (join_requests.erase(key) == 0) return {400, error(400, "Bad Request: HIDE_REQUESTER_MISSING")};
      if (method == "approveChatJoinRequest") members[key] = "member";
      record();
      return {200, ok(true)};
    }
    if (method == "sendPhoto") {
      const std::int64_t chat = id_of(o, "chat_id");
      if (!o.contains("photo")) return {400, error(400, "Bad Request: there is no photo in the request")};
      const std::int64_t id = next_message_id++;
      messages[{chat, id}] = o.contains("caption") ? std::string(o.at("caption").as_string()) : "";
      record();
      return {200, ok(message_result(chat, id, o.contains("caption") ? o.at("caption") : json::value("")))};
    }
    return {404, error(404, "Not Found: method not found")};
  }

  // Answers one Bot API call: (HTTP status, body). getUpdates may wait (long poll), hence a coroutine.
  asio::awaitable<std::pair<int, std::string>> answer(const std::string& target, const std::string& body,
                                                      const std::string& content_type = "application/json") {
    const std::string prefix = "/bot" + token + "/";
    if (target.rfind("/bot", 0) != 0 || target.rfind(prefix, 0) != 0) {
      ++wrong_token;
      co_return std::pair{401, error(401, "Unauthorized")};
    }
    const std::string method = target.substr(prefix.size());
    {
      std::lock_guard lock(mutex);
      ++requests[method];
      if (std::find(echo_methods.begin(), echo_methods.end(), method) != echo_methods.end()) {
        if (echo_plain) co_return std::pair{404, "404 page not found: " + target};
        co_return std::pair{400, error(400, "Bad Request: invalid request " + target)};
      }
    }
    const bool multipart = content_type.rfind("multipart/form-data", 0) == 0;
    json::value params = body.empty() ? json::value(json::object{})
                         : multipart  ? json::value(parse_multipart(content_type, body))
                                      : json::parse(body);
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
      calls.emplace_back(method, body);
      const auto& o = params.as_object();
      const std::int64_t chat = id_of(o, "chat_id");
      const std::int64_t id = next_message_id++;
      messages[{chat, id}] = std::string(o.at("text").as_string());
      co_return std::pair{200, ok(message_result(chat, id, o.at("text")))};
    }
    std::lock_guard lock(mutex);
    co_return act(method, params.as_object(), multipart ? json::serialize(params) : body);
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
        reply = co_await answer(std::string(req.target()), req.body(), std::string(req[http::field::content_type]));
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
  // What the update hands out, the bot may act on: a button's query id, a join request.
  if (const auto* q = o.if_contains("callback_query")) {
    impl_->callback_ids.insert(std::string(q->as_object().at("id").as_string()));
  }
  if (const auto* r = o.if_contains("chat_join_request")) {
    const auto& req = r->as_object();
    impl_->join_requests.insert({req.at("chat").as_object().at("id").to_number<std::int64_t>(),
                                 req.at("from").as_object().at("id").to_number<std::int64_t>()});
  }
  impl_->updates.emplace_back(id, json::serialize(o));
  return id;
}

std::vector<std::pair<std::string, std::string>> FakeBotApi::calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->calls;
}

std::string FakeBotApi::member_state(std::int64_t chat_id, std::int64_t user_id) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->members.find({chat_id, user_id});
  return it == impl_->members.end() ? "member" : it->second;
}

std::string FakeBotApi::message_text(std::int64_t chat_id, std::int64_t message_id) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->messages.find({chat_id, message_id});
  return it == impl_->messages.end() ? "" : it->second;
}

void FakeBotApi::add_admin(std::int64_t user_id) {
  std::lock_guard lock(impl_->mutex);
  impl_->admins.insert(user_id);
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

void FakeBotApi::echo_path_errors(std::vector<std::string> methods, bool plain_text) {
  std::lock_guard lock(impl_->mutex);
  impl_->echo_methods = std::move(methods);
  impl_->echo_plain = plain_text;
}

int FakeBotApi::requests(const std::string& method) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->requests.find(method);
  return it == impl_->requests.end() ? 0 : it->second;
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
