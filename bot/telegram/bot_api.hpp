// Bot API request/response layer: builds the JSON bodies of the Bot API methods we call (sendMessage, getUpdates,
// setMyCommands) and reads Telegram's response envelope {ok, result | error_code, description, parameters}.
// Pure functions: no sockets, no clock, no logging. The HTTPS client sends the bodies (POST, Content-Type
// application/json, to https://api.telegram.org/bot<token>/<method>) and hands the status and body back here.
// Owner: the Telegram adapter (outbox sender, long poll, startup). Thread: free functions on values; any thread.
// Field names and limits follow core.telegram.org/bots/api (sendMessage, ReplyParameters, LinkPreviewOptions,
// "Formatting options" / HTML style, "Making requests", ResponseParameters, getMe, getUpdates, setMyCommands,
// BotCommand, BotCommandScope).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "bot/core/action.hpp"
#include "bot/core/event.hpp"

namespace fanbase::telegram {

// Escapes text for parse_mode "HTML": '&' → "&amp;", '<' → "&lt;", '>' → "&gt;". Nothing else: quotes need no escape
// outside tag attributes, and every other byte (UTF-8 Chinese, emoji, newlines) passes through unchanged.
std::string escape_html(std::string_view text);
// escape_html, except that mention markup (bot/core/action.hpp mention_markup) with a numeric user id becomes
// <a href="tg://user?id=ID">name</a>: a mention that notifies a member who has no username.
std::string render_html(std::string_view text);

// ---------------------------------------------------------------------------------------------------------- requests

// The fields of an outbox row that sendMessage needs (bot/telegram may not include storage/, so the outbox sender
// fills this from its storage::OutboxRow: {.chat_id = row.chat_id, .text = row.text, .reply_to = row.reply_to,
// .thread_id = row.thread_id}). Views: valid for the call only.
struct SendMessageFields {
  std::string_view chat_id{};    // decimal int64 ("-1001234567890") or "@channelusername"
  std::string_view text{};       // plain text; escaped here
  std::string_view reply_to{};   // message id in the same chat; empty: not a reply
  std::string_view thread_id{};  // forum topic id; empty: none
  const Keyboard* keyboard = nullptr;  // inline buttons (reply_markup.inline_keyboard); null or empty: none
};

// sendMessage body: chat_id (JSON integer when it is a canonical decimal int64, else the string as given), text
// (HTML-escaped), parse_mode "HTML", link_preview_options {is_disabled: true}; reply_parameters {message_id,
// allow_sending_without_reply: true} when reply_to is a positive integer; message_thread_id when thread_id is a
// positive integer. A reply_to / thread_id that is not a positive integer is left out (the message is still sent, just
// not as a reply / into the topic) rather than sent as a string Telegram would refuse.
std::string send_message_body(const SendMessageFields& msg);

// One Bot API request for an Action: the method, its body and the body's content type.
struct ApiCall {
  std::string method;
  std::string body;
  std::string content_type = "application/json";
};

// Whether a send_photo's `photo` names a local file (uploaded as multipart/form-data) rather than an http(s) URL or a
// Telegram file_id (sent as a string): it is not a URL and contains '/' or '.'.
bool is_local_photo(std::string_view photo) noexcept;

// The request that performs `action` (see bot/core/action.hpp for the fields of each kind):
//   send_message → sendMessage (as send_message_body), edit_message → editMessageText (HTML, buttons kept or replaced),
//   delete_message → deleteMessage, answer_callback → answerCallbackQuery (text as a toast, at most 200 characters),
//   restrict_member → restrictChatMember with every permission false (until_date = until_ms in seconds, 0: forever),
//   unrestrict_member → restrictChatMember with every permission true ("pass True for all permissions to lift
//   restrictions"), ban_member → banChatMember (until_date; messages kept), unban_member → unbanChatMember
//   (only_if_banned, so it never removes a member), approve_join / decline_join → approve/declineChatJoinRequest,
//   send_photo → sendPhoto: multipart/form-data with photo_bytes as the file when is_local_photo(photo), else JSON.
// Callback data longer than Telegram's 64 bytes is cut at a character boundary.
ApiCall api_call_for(const Action& action, std::string_view photo_bytes = {});

// getUpdates body. limit is clamped to Telegram's 1..100 and timeout_s to >= 0. allowed_updates is always sent, even
// when empty. Per the docs an empty list means Telegram's default set, which leaves out chat_member (the mapper needs
// it), while leaving the field out means "keep the previous setting". So list every type the mapper handles.
std::string get_updates_body(std::int64_t offset, int timeout_s, int limit,
                             const std::vector<std::string>& allowed_updates);

// Telegram's BotCommand limits.
inline constexpr std::size_t max_commands = 100;
inline constexpr std::size_t max_command_length = 32;       // [a-z0-9_]
inline constexpr std::size_t max_description_length = 256;  // characters (Unicode code points)

// setMyCommands body for one scope without a chat: scope_type is "default", "all_private_chats", "all_group_chats" or
// "all_chat_administrators". language_code is a two-letter ISO 639-1 code (lowercase); nullopt or "" sets the
// commands for every language without dedicated ones (the field is then left out).
// Refusals (Errc::bad_input): "telegram.too_many_commands" {count}, "telegram.bad_command" {command},
// "telegram.duplicate_command" {command}, "telegram.bad_command_description" {command},
// "telegram.bad_command_scope" {scope}, "telegram.bad_language_code" {code}.
// An empty list is valid (it clears the list for that scope and language).
Result<std::string> set_my_commands_body(const std::vector<std::pair<std::string, std::string>>& commands,
                                         std::string_view scope_type = "default",
                                         std::optional<std::string_view> language_code = std::nullopt);

// --------------------------------------------------------------------------------------------------------- responses

struct ApiResult {
  bool ok = false;
  int error_code = 0;       // Telegram's error_code; the HTTP status when the body says nothing; 0: no usable answer
  std::string description;  // Telegram's text ("Bad Request: chat not found"), or ours for an unreadable body
  std::optional<double> retry_after_s;               // parameters.retry_after (flood control), seconds
  std::optional<std::int64_t> migrate_to_chat_id;    // parameters.migrate_to_chat_id (group became a supergroup)
  std::string result;       // ok: the "result" value as JSON text ("true", "{...}", "[...]"); empty otherwise
};

// Reads one response. Never throws on bad input (only std::bad_alloc can escape). http_status is the transport's
// status, 0 when there was no response at all. A body that is not a JSON object with a boolean "ok" gives ok=false,
// error_code = http_status when it is not a 2xx (else 0), and a description starting "unreadable response". A 429
// without parameters.retry_after takes the seconds from "Too Many Requests: retry after N" when present.
ApiResult parse_api_response(int http_status, std::string_view body);

enum class SendOutcome {
  sent,           // delivered
  retry_after,    // flood control: wait retry_after_s (when known) and send again
  retry_backoff,  // no answer, a 5xx, or the bot itself is refused (401/404: token revoked or wrong): retry later
  give_up,        // the request or the chat is the problem (400, 403, other 4xx): retrying cannot help
};

const char* to_string(SendOutcome outcome) noexcept;

// Maps a response to what the outbox sender does. A migrated group is give_up; the caller reads the new id from
// ApiResult::migrate_to_chat_id. "message to be replied not found" cannot happen: replies are sent with
// allow_sending_without_reply. Answers that mean the wanted state already holds count as sent: an edit that
// changes nothing ("message is not modified") and a delete of a message already gone ("message to delete not
// found").
SendOutcome classify(const ApiResult& result);

// sendMessage / sendPhoto: the id of the message Telegram created (result.message_id); nullopt otherwise.
std::optional<std::string> parse_sent_message_id(const ApiResult& result);

// getChatAdministrators: the administrators (and the creator) of a chat, as users with admin = true; bots left out.
// nullopt when the call failed or the result is not an array of ChatMember.
std::optional<std::vector<UserInfo>> parse_chat_administrators(const ApiResult& result);

// getMe: the bot's username (without '@'); nullopt when the call failed or the result has no username.
std::optional<std::string> parse_get_me_username(const ApiResult& result);

// getUpdates: each element of the result array as its own JSON text, in order, to feed UpdateMapper::map one by one
// (elements are passed on even when malformed, so the mapper reports them), and the largest integer update_id seen.
// The next poll's offset is max_update_id + 1. malformed: the call succeeded but its result is not an array.
struct UpdateBatch {
  std::vector<std::string> updates;
  std::optional<std::int64_t> max_update_id;
  bool malformed = false;
};

UpdateBatch split_updates(const ApiResult& result);

// ------------------------------------------------------------------------------------------------------------- logs

// Replaces every occurrence of token in text with "<token>", including the URL-encoded form ("123:ABC" written as
// "123%3AABC"). An empty token changes nothing. Use on every URL or error text before it is logged.
std::string redact_token(std::string_view url_or_text, std::string_view token);

// For every text that comes back from the Bot API (a description, a quoted body, a transport error) before it is
// logged, stored or shown: redact_token, and also every request path segment "/bot<something>" that is followed by
// '/' or holds a ':' (a proxy or a self-hosted server may quote the path, with this token or another) becomes
// "/bot<redacted>". The method after it stays: "invalid request /bot<redacted>/sendMessage".
std::string redact_api_text(std::string_view text, std::string_view token);

// Start-up checks of the two secrets (bot/app refuses to run with either wrong; the values are never echoed).
// A bot token: 1..20 digits, ':', then 1..128 of A-Z a-z 0-9 _ - (BotFather's are "123456789:" + 35 such; shorter
// test tokens such as "123456:TEST-token_ABCdef" pass).
bool is_valid_bot_token(std::string_view token) noexcept;
inline constexpr std::string_view bot_token_rule =
    "a bot token is digits, ':', then letters, digits, '_' or '-' (as BotFather gives it, e.g. 123456789:AAH...)";
// setWebhook's secret_token: 1..256 of A-Z a-z 0-9 _ -.
bool is_valid_webhook_secret(std::string_view secret) noexcept;
inline constexpr std::string_view webhook_secret_rule = "the secret must be 1-256 of A-Z a-z 0-9 _ -";

}  // namespace fanbase::telegram
