// FakeBotApi: a local Telegram Bot API server for tests, following the documented behaviour the npm emulator
// lacks: getUpdates confirms by offset (updates below it are forgotten) and long-polls up to its timeout;
// sendMessage records the request and answers a Message; failures can be injected (429 with retry_after, 5xx);
// a wrong token gets 401. It keeps a small model of the chats, so the other actions are answered as Telegram
// does: editMessageText and deleteMessage need a message it knows ("message to edit not found", "message is not
// modified", "message to delete not found"), answerCallbackQuery a query id it handed out, approve/decline a
// pending join request; restrictChatMember / banChatMember / unbanChatMember change a member's state
// (administrators cannot be restricted); sendPhoto takes JSON or multipart/form-data.
// HTTP on 127.0.0.1 with a port of its own; one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fanbase::testing {

class FakeBotApi {
 public:
  explicit FakeBotApi(std::string token, std::string bot_username = "FanbaseBot");
  ~FakeBotApi();
  FakeBotApi(const FakeBotApi&) = delete;
  FakeBotApi& operator=(const FakeBotApi&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // Queues an Update (a JSON object without update_id: the server numbers them) and returns its update_id.
  std::int64_t add_update(const std::string& update_without_id);
  // Every sendMessage request body, in arrival order.
  std::vector<std::string> sent() const;
  // Every successful call other than getUpdates/getMe/setMyCommands/setWebhook/deleteWebhook: (method, body as
  // JSON; a multipart body becomes an object of its fields, the file as {"file":NAME,"bytes":N}).
  std::vector<std::pair<std::string, std::string>> calls() const;
  // A chat member's state: "member", "restricted until N" (unix seconds; 0 forever), "banned until N", or "left"
  // (after a ban was lifted).
  std::string member_state(std::int64_t chat_id, std::int64_t user_id) const;
  // The text of a message the bot sent (edited or not); "" when unknown or deleted.
  std::string message_text(std::int64_t chat_id, std::int64_t message_id) const;
  // Users who cannot be restricted or banned (chat administrators); getChatAdministrators lists them.
  void add_admin(std::int64_t user_id);
  // Every setMyCommands request body, in arrival order.
  std::vector<std::string> set_commands() const;
  // The offsets the bot asked getUpdates for, in order.
  std::vector<std::int64_t> offsets() const;
  // The next n sendMessage calls fail: with 429 and this retry_after (>= 0), with 502 (-1), or with 400 "chat
  // not found" (-2).
  void fail_sends(int n, int retry_after_s);
  // When true, getUpdates ignores offset and keeps handing out every update (like a redelivery storm).
  void ignore_offset(bool on);
  int requests_with_wrong_token() const;
  // From now on, calls of these methods fail with an answer that quotes the request path, token included, as a
  // proxy or a self-hosted Bot API server may: JSON 400 "Bad Request: invalid request /bot<token>/<method>", or
  // (plain_text) a plain-text 404 body "404 page not found: /bot<token>/<method>". Empty list: off.
  void echo_path_errors(std::vector<std::string> methods, bool plain_text);
  // How many requests (answered in any way) named this method with the right token.
  int requests(const std::string& method) const;
  // A webhook is set: getUpdates answers 409 Conflict until deleteWebhook is called.
  void set_webhook(bool active);
  bool webhook_active() const;
  std::string set_webhook_body() const;  // the last setWebhook request body ("" if none)
  bool webhook_deleted_with_drop() const;  // the last deleteWebhook asked to drop pending updates

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fanbase::testing
