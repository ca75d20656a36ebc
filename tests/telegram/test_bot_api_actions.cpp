// Tests for the action layer of bot/telegram: api_call_for for every ActionKind (bodies parsed back with Boost.JSON,
// multipart/form-data split back into its parts), is_local_photo, parse_sent_message_id and the send outcome of the
// answers actions get, and the `light` flag of RateLimiter / OutboxSchedule. Field names and limits per
// core.telegram.org/bots/api.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/outbox_schedule.hpp"
#include "bot/telegram/rate_limiter.hpp"

namespace json = boost::json;
using fanbase::Action;
using fanbase::ActionKind;
using fanbase::Button;
using fanbase::Keyboard;
using fanbase::telegram::ApiCall;
using fanbase::telegram::ApiResult;
using fanbase::telegram::OutboxSchedule;
using fanbase::telegram::RateLimiter;
using fanbase::telegram::SendOutcome;
using fanbase::telegram::api_call_for;
using fanbase::telegram::classify;
using fanbase::telegram::is_local_photo;
using fanbase::telegram::parse_api_response;
using fanbase::telegram::parse_sent_message_id;
using namespace std::chrono_literals;
using tp = RateLimiter::time_point;

namespace {

const std::vector<ActionKind> every_kind = {
    ActionKind::send_message,    ActionKind::edit_message,      ActionKind::delete_message, ActionKind::answer_callback,
    ActionKind::restrict_member, ActionKind::unrestrict_member, ActionKind::ban_member,     ActionKind::unban_member,
    ActionKind::approve_join,    ActionKind::decline_join,      ActionKind::send_photo,     ActionKind::send_direct,
};

// Every field of ChatPermissions (Bot API 9.5).
const std::vector<std::string> permission_fields = {
    "can_send_messages",    "can_send_audios",         "can_send_documents",        "can_send_photos",
    "can_send_videos",      "can_send_video_notes",    "can_send_voice_notes",      "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_change_info",      "can_invite_users",
    "can_pin_messages",     "can_manage_topics",       "can_edit_tag",
};

json::object parse_object(const std::string& text) {
  json::value v = json::parse(text);  // also checks the text is valid UTF-8
  REQUIRE(v.is_object());
  return v.as_object();
}

std::string str(const json::value& v) {
  REQUIRE(v.is_string());
  return std::string(v.get_string());
}

std::int64_t integer(const json::value& v) {
  REQUIRE(v.is_int64());
  return v.get_int64();
}

bool boolean(const json::value& v) {
  REQUIRE(v.is_bool());
  return v.get_bool();
}

// The JSON body of a call that must be application/json.
json::object json_body(const ApiCall& call) {
  REQUIRE(call.content_type == "application/json");
  return parse_object(call.body);
}

Action member_action(ActionKind kind) {
  Action a;
  a.kind = kind;
  a.platform = "telegram";
  a.chat_id = "-1001712345678";
  a.user_id = "7000000002";
  return a;
}

// --------------------------------------------------------------------------------------- multipart/form-data parts

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::string content;
};

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The boundary named by a multipart/form-data content type (RFC 2046: 1-70 characters).
std::string boundary_of(const std::string& content_type) {
  const std::string prefix = "multipart/form-data; boundary=";
  REQUIRE(content_type.rfind(prefix, 0) == 0);
  std::string b = content_type.substr(prefix.size());
  REQUIRE(!b.empty());
  REQUIRE(b.size() <= 70);
  for (const char c : b) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '\'' || c == '(' || c == ')' || c == '+' || c == ',' || c == '/' ||
                    c == ':' || c == '=' || c == '?';
    REQUIRE(ok);
  }
  return b;
}

// Splits a body written per RFC 7578, requiring that the boundary occurs only as a delimiter.
std::vector<Part> parse_multipart(const std::string& body, const std::string& boundary) {
  const std::string first = "--" + boundary + "\r\n";
  const std::string delim = "\r\n--" + boundary + "\r\n";
  const std::string close = "\r\n--" + boundary + "--\r\n";
  REQUIRE(body.rfind(first, 0) == 0);
  REQUIRE(body.size() >= first.size() + close.size());
  REQUIRE(body.compare(body.size() - close.size(), close.size(), close) == 0);
  const std::string inner = body.substr(first.size(), body.size() - first.size() - close.size());
  std::vector<std::string> raw;
  for (std::size_t start = 0;;) {
    const auto at = inner.find(delim, start);
    raw.push_back(inner.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + delim.size();
  }
  // The boundary is nowhere but in the delimiters: not inside a header or a content.
  CHECK(count_of(body, boundary) == raw.size() + 1);
  std::vector<Part> parts;
  for (const std::string& r : raw) {
    const auto end = r.find("\r\n\r\n");
    REQUIRE(end != std::string::npos);
    Part p;
    p.content = r.substr(end + 4);
    std::string headers = r.substr(0, end) + "\r\n";
    for (std::size_t s = 0; s < headers.size();) {
      const auto eol = headers.find("\r\n", s);
      const std::string line = headers.substr(s, eol - s);
      s = eol + 2;
      if (line.rfind("Content-Disposition: form-data; name=\"", 0) == 0) {
        const std::size_t name_at = line.find('"') + 1;
        const std::size_t name_end = line.find('"', name_at);
        REQUIRE(name_end != std::string::npos);
        p.name = line.substr(name_at, name_end - name_at);
        const std::string fn = "; filename=\"";
        const auto f = line.find(fn, name_end);
        if (f != std::string::npos) {
          const auto f_end = line.find('"', f + fn.size());
          REQUIRE(f_end == line.size() - 1);  // nothing after the closing quote: the name did not break out
          p.filename = line.substr(f + fn.size(), f_end - f - fn.size());
        } else {
          REQUIRE(name_end == line.size() - 1);
        }
      } else if (line.rfind("Content-Type: ", 0) == 0) {
        p.content_type = line.substr(14);
      } else {
        FAIL("unexpected part header: " << line);
      }
    }
    REQUIRE(!p.name.empty());
    parts.push_back(std::move(p));
  }
  return parts;
}

const Part* find_part(const std::vector<Part>& parts, const std::string& name) {
  const Part* found = nullptr;
  for (const Part& p : parts) {
    if (p.name == name) {
      CHECK(found == nullptr);  // each field once
      found = &p;
    }
  }
  return found;
}

// PNG signature, a NUL, bytes that are not UTF-8 and line breaks followed by dashes, as a multipart parser would see.
std::string binary_photo() {
  std::string bytes("\x89PNG\r\n\x1a\n", 8);
  bytes += std::string("\0\0\0\rIHDR", 8);
  bytes += "\r\n--\r\n--fanbase-\r\n--fanbase-0123456789abcdef\r\n";
  bytes += std::string("\xff\xfe\xfd\x00\x80\r\n\r\n--", 11);
  bytes += "--\r\n";
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += "\r\n--";  // ends like a delimiter would start
  return bytes;
}

// ------------------------------------------------------------------------------------------- schedule simulation

struct Send {
  std::int64_t id;
  std::string chat;
  tp at;
};

std::vector<Send> drain(OutboxSchedule& schedule, tp start) {
  std::vector<Send> sends;
  tp now = start;
  while (schedule.size() > 0) {
    auto next = schedule.next(now);
    if (next.ready) {
      schedule.sent(*next.ready, now);
      sends.push_back({next.ready->outbox_id, next.ready->chat_id, now});
    } else {
      REQUIRE(next.wake_at > now);
      now = next.wake_at;
    }
  }
  return sends;
}

std::size_t max_in_window(const std::vector<Send>& sends, std::chrono::milliseconds width) {
  std::vector<tp> times;
  for (const auto& s : sends) times.push_back(s.at);
  std::sort(times.begin(), times.end());
  std::size_t best = 0;
  for (std::size_t i = 0, j = 0; j < times.size(); ++j) {
    while (times[j] - times[i] >= width) ++i;
    best = std::max(best, j - i + 1);
  }
  return best;
}

}  // namespace

// ----------------------------------------------------------------------------------------------- methods per kind

TEST_CASE("every action kind maps to its Bot API method", "[telegram][actions][bot_api]") {
  using Row = std::pair<ActionKind, std::string>;
  const std::vector<Row> methods = {
      {ActionKind::send_message, "sendMessage"},
      {ActionKind::edit_message, "editMessageText"},
      {ActionKind::delete_message, "deleteMessage"},
      {ActionKind::answer_callback, "answerCallbackQuery"},
      {ActionKind::restrict_member, "restrictChatMember"},
      {ActionKind::unrestrict_member, "restrictChatMember"},
      {ActionKind::ban_member, "banChatMember"},
      {ActionKind::unban_member, "unbanChatMember"},
      {ActionKind::approve_join, "approveChatJoinRequest"},
      {ActionKind::decline_join, "declineChatJoinRequest"},
      {ActionKind::send_photo, "sendPhoto"},
      {ActionKind::send_direct, "sendMessage"},
  };
  REQUIRE(methods.size() == every_kind.size());
  for (const auto& [kind, method] : methods) {
    INFO(fanbase::to_string(kind));
    Action a = member_action(kind);
    a.message_id = "48214";
    a.callback_id = "4382bfdwdsb323b2d9";
    a.photo = "AgACAgIAAxkBAAIB";
    a.text = "hi";
    const ApiCall call = api_call_for(a);
    CHECK(call.method == method);
    const json::object body = json_body(call);  // every kind without a local photo is JSON
    CHECK(!body.empty());
  }
}

// ------------------------------------------------------------------------------------------------------ sendMessage

TEST_CASE("send_message becomes sendMessage with every field", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_message;
  a.chat_id = "-1001712345678";
  a.thread_id = "42";
  a.reply_to_message_id = "48213";
  a.text = "<b>Alice</b> & Bob: 积分 120 🎉";
  a.keyboard = Keyboard{{Button{"赞成 👍", "vote:12:yes"}, Button{"反对", "vote:12:no"}}, {Button{"Rank", "rank"}}};
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "sendMessage");
  const json::object body = json_body(call);
  CHECK(integer(body.at("chat_id")) == -1001712345678);
  CHECK(integer(body.at("message_thread_id")) == 42);
  CHECK(str(body.at("text")) == "&lt;b&gt;Alice&lt;/b&gt; &amp; Bob: 积分 120 🎉");
  CHECK(str(body.at("parse_mode")) == "HTML");
  CHECK(boolean(body.at("link_preview_options").at("is_disabled")));
  const json::object& reply = body.at("reply_parameters").as_object();
  CHECK(integer(reply.at("message_id")) == 48213);
  CHECK(boolean(reply.at("allow_sending_without_reply")));
  const json::array& rows = body.at("reply_markup").at("inline_keyboard").as_array();
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].as_array().size() == 2);
  REQUIRE(rows[1].as_array().size() == 1);
  CHECK(str(rows[0].at(0).at("text")) == "赞成 👍");
  CHECK(str(rows[0].at(0).at("callback_data")) == "vote:12:yes");
  CHECK(str(rows[0].at(1).at("text")) == "反对");
  CHECK(str(rows[0].at(1).at("callback_data")) == "vote:12:no");
  CHECK(str(rows[1].at(0).at("text")) == "Rank");
  CHECK(str(rows[1].at(0).at("callback_data")) == "rank");
  CHECK(rows[0].at(0).as_object().size() == 2);  // text and callback_data only (labels are not HTML)
}

TEST_CASE("send_direct writes to the member's private chat, which has the member's user id", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_direct;
  a.user_id = "123456789";
  a.chat_id = "-1001712345678";  // the group the event came from: not where a private message goes
  a.thread_id = "42";
  a.reply_to_message_id = "48213";
  a.text = "🔔 3 new posts";
  a.keyboard = Keyboard{{Button{"Open", "rec:open:1"}}};
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "sendMessage");
  const json::object body = json_body(call);
  CHECK(integer(body.at("chat_id")) == 123456789);
  CHECK(str(body.at("text")) == "🔔 3 new posts");
  CHECK_FALSE(body.contains("message_thread_id"));
  CHECK_FALSE(body.contains("reply_parameters"));
  CHECK(body.at("reply_markup").at("inline_keyboard").as_array().size() == 1);
}

TEST_CASE("send_message without keyboard reply or topic leaves those fields out", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_message;
  a.chat_id = "@lions_fans";
  a.text = "hello";
  a.reply_to_message_id = GENERATE(as<std::string>{}, "", "0", "-5", "abc", "007");
  a.thread_id = a.reply_to_message_id;
  INFO("'" << a.reply_to_message_id << "'");
  const json::object body = json_body(api_call_for(a));
  CHECK(str(body.at("chat_id")) == "@lions_fans");
  CHECK(str(body.at("text")) == "hello");
  CHECK_FALSE(body.contains("reply_markup"));
  CHECK_FALSE(body.contains("reply_parameters"));
  CHECK_FALSE(body.contains("message_thread_id"));
}

TEST_CASE("callback data is cut to 64 bytes at a character boundary", "[telegram][actions][bot_api]") {
  using Row = std::pair<std::string, std::string>;  // data, what Telegram gets
  const std::string a63(63, 'a');
  const std::string a62(62, 'a');
  std::string chinese30;  // 90 bytes: 21 whole characters fit (63 bytes)
  for (int i = 0; i < 30; ++i) chinese30 += "积";
  std::string chinese21;
  for (int i = 0; i < 21; ++i) chinese21 += "积";
  const auto [data, expected] = GENERATE_COPY(values<Row>({
      {"", " "},  // Telegram refuses empty data: 1-64 bytes
      {"x", "x"},
      {std::string(64, 'd'), std::string(64, 'd')},
      {std::string(65, 'd'), std::string(64, 'd')},
      {std::string(200, 'd'), std::string(64, 'd')},
      {a63 + "积", a63},             // the 3-byte character would end at byte 66
      {a62 + "积", a62},             // would end at byte 65
      {a63 + "a积", a63 + "a"},      // exactly 64 before the cut
      {std::string(61, 'a') + "积", std::string(61, 'a') + "积"},  // 64 bytes: kept whole
      {a62 + "🎉", a62},             // 4-byte emoji would end at byte 66
      {std::string(60, 'a') + "🎉", std::string(60, 'a') + "🎉"},  // 64 bytes exactly
      {chinese30, chinese21},
  }));
  INFO(data.size() << " bytes");
  for (const ActionKind kind : {ActionKind::send_message, ActionKind::edit_message}) {
    Action a;
    a.kind = kind;
    a.chat_id = "1";
    a.message_id = "2";
    a.text = "t";
    a.keyboard = Keyboard{{Button{"b", data}}};
    const json::object body = json_body(api_call_for(a));  // the JSON parser rejects a cut inside a character
    const std::string got = str(body.at("reply_markup").at("inline_keyboard").at(0).at(0).at("callback_data"));
    CHECK(got == expected);
    CHECK(got.size() <= 64);
    CHECK(!got.empty());
  }
}

// ------------------------------------------------------------------------------------------ edit / delete / answer

TEST_CASE("edit_message becomes editMessageText and replaces or removes the buttons", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::edit_message;
  a.chat_id = "-1001712345678";
  a.message_id = "48214";
  a.text = "Votes: 3 <yes> & 1 no — 完成";
  a.reply_to_message_id = "1";  // not used by an edit
  a.thread_id = "2";
  SECTION("with buttons") {
    a.keyboard = Keyboard{{Button{"Close", "poll:close"}}};
    const ApiCall call = api_call_for(a);
    CHECK(call.method == "editMessageText");
    const json::object body = json_body(call);
    CHECK(integer(body.at("chat_id")) == -1001712345678);
    CHECK(integer(body.at("message_id")) == 48214);
    CHECK(str(body.at("text")) == "Votes: 3 &lt;yes&gt; &amp; 1 no — 完成");
    CHECK(str(body.at("parse_mode")) == "HTML");
    CHECK(boolean(body.at("link_preview_options").at("is_disabled")));
    const json::array& rows = body.at("reply_markup").at("inline_keyboard").as_array();
    REQUIRE(rows.size() == 1);
    CHECK(str(rows[0].at(0).at("text")) == "Close");
    CHECK(str(rows[0].at(0).at("callback_data")) == "poll:close");
    CHECK_FALSE(body.contains("reply_parameters"));
    CHECK_FALSE(body.contains("message_thread_id"));
    CHECK_FALSE(body.contains("inline_message_id"));
  }
  SECTION("without buttons: an empty inline keyboard removes them") {
    const json::object body = json_body(api_call_for(a));
    CHECK(body.at("reply_markup").at("inline_keyboard").as_array().empty());
  }
}

TEST_CASE("delete_message becomes deleteMessage with chat and message only", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::delete_message;
  a.chat_id = "-1001712345678";
  a.message_id = "48214";
  a.text = "ignored";
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "deleteMessage");
  const json::object body = json_body(call);
  CHECK(body.size() == 2);
  CHECK(integer(body.at("chat_id")) == -1001712345678);
  CHECK(integer(body.at("message_id")) == 48214);
}

TEST_CASE("answer_callback becomes answerCallbackQuery without a toast when there is no text",
          "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::answer_callback;
  a.callback_id = "1234567890123456789";  // a String in the Bot API even when it looks like a number
  a.chat_id = "-1001712345678";
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "answerCallbackQuery");
  const json::object body = json_body(call);
  CHECK(body.size() == 1);
  CHECK(str(body.at("callback_query_id")) == "1234567890123456789");
}

TEST_CASE("answer_callback text is a plain toast cut to 200 characters", "[telegram][actions][bot_api]") {
  using Row = std::pair<std::string, std::string>;
  std::string zh250, zh200, emoji201, emoji200;
  for (int i = 0; i < 250; ++i) zh250 += "积";
  for (int i = 0; i < 200; ++i) zh200 += "积";
  for (int i = 0; i < 201; ++i) emoji201 += "🎉";
  for (int i = 0; i < 200; ++i) emoji200 += "🎉";
  const auto [text, expected] = GENERATE_COPY(values<Row>({
      {"Vote counted <3 & thanks", "Vote counted <3 & thanks"},  // not HTML: no escaping
      {std::string(200, 'a'), std::string(200, 'a')},
      {std::string(201, 'a'), std::string(200, 'a')},
      {zh250, zh200},
      {emoji201, emoji200},
      {std::string(199, 'a') + "积积", std::string(199, 'a') + "积"},
  }));
  Action a;
  a.kind = ActionKind::answer_callback;
  a.callback_id = "4382bfdwdsb323b2d9";
  a.text = text;
  const json::object body = json_body(api_call_for(a));  // valid UTF-8: never cut inside a character
  CHECK(str(body.at("text")) == expected);
  CHECK(str(body.at("callback_query_id")) == "4382bfdwdsb323b2d9");
}

// ------------------------------------------------------------------------------------------------------ moderation

TEST_CASE("restrict_member mutes with every permission false until the second it ends",
          "[telegram][actions][bot_api]") {
  using Row = std::pair<std::int64_t, std::int64_t>;  // until_ms, until_date
  const auto [until_ms, until_date] = GENERATE(values<Row>({
      {0, 0},                             // forever
      {1718035300000, 1718035300},        // whole second
      {1718035300001, 1718035301},        // rounded up: never shorter than asked
      {1718035300999, 1718035301},
      {1, 1},
  }));
  Action a = member_action(ActionKind::restrict_member);
  a.until_ms = until_ms;
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "restrictChatMember");
  const json::object body = json_body(call);
  CHECK(integer(body.at("chat_id")) == -1001712345678);
  CHECK(integer(body.at("user_id")) == 7000000002);
  CHECK(integer(body.at("until_date")) == until_date);
  CHECK_FALSE(boolean(body.at("use_independent_chat_permissions")));
  const json::object& p = body.at("permissions").as_object();
  CHECK(p.size() == permission_fields.size());
  for (const std::string& field : permission_fields) {
    INFO(field);
    REQUIRE(p.contains(field));
    CHECK_FALSE(boolean(p.at(field)));
  }
}

TEST_CASE("unrestrict_member lifts a mute with every permission true and no end", "[telegram][actions][bot_api]") {
  Action a = member_action(ActionKind::unrestrict_member);
  a.until_ms = 1718035300000;  // ignored: a lift has no end
  const ApiCall call = api_call_for(a);
  CHECK(call.method == "restrictChatMember");
  const json::object body = json_body(call);
  CHECK(integer(body.at("chat_id")) == -1001712345678);
  CHECK(integer(body.at("user_id")) == 7000000002);
  CHECK_FALSE(body.contains("until_date"));
  const json::object& p = body.at("permissions").as_object();
  CHECK(p.size() == permission_fields.size());
  for (const std::string& field : permission_fields) {
    INFO(field);
    REQUIRE(p.contains(field));
    CHECK(boolean(p.at(field)));
  }
}

TEST_CASE("ban_member becomes banChatMember keeping the messages", "[telegram][actions][bot_api]") {
  Action a = member_action(ActionKind::ban_member);
  SECTION("for good") {
    const ApiCall call = api_call_for(a);
    CHECK(call.method == "banChatMember");
    const json::object body = json_body(call);
    CHECK(integer(body.at("chat_id")) == -1001712345678);
    CHECK(integer(body.at("user_id")) == 7000000002);
    CHECK(integer(body.at("until_date")) == 0);
    CHECK_FALSE(boolean(body.at("revoke_messages")));
  }
  SECTION("until a time, rounded up to the second") {
    a.until_ms = 1718121700500;
    const json::object body = json_body(api_call_for(a));
    CHECK(integer(body.at("until_date")) == 1718121701);
    CHECK_FALSE(boolean(body.at("revoke_messages")));
  }
}

TEST_CASE("unban_member only lifts a ban", "[telegram][actions][bot_api]") {
  const ApiCall call = api_call_for(member_action(ActionKind::unban_member));
  CHECK(call.method == "unbanChatMember");
  const json::object body = json_body(call);
  CHECK(body.size() == 3);
  CHECK(integer(body.at("chat_id")) == -1001712345678);
  CHECK(integer(body.at("user_id")) == 7000000002);
  CHECK(boolean(body.at("only_if_banned")));
}

TEST_CASE("join requests are approved or declined by chat and user", "[telegram][actions][bot_api]") {
  for (const auto& [kind, method] : {std::pair{ActionKind::approve_join, "approveChatJoinRequest"},
                                     std::pair{ActionKind::decline_join, "declineChatJoinRequest"}}) {
    INFO(method);
    Action a = member_action(kind);
    a.text = "ignored";
    const ApiCall call = api_call_for(a);
    CHECK(call.method == method);
    const json::object body = json_body(call);
    CHECK(body.size() == 2);
    CHECK(integer(body.at("chat_id")) == -1001712345678);
    CHECK(integer(body.at("user_id")) == 7000000002);
  }
}

// ------------------------------------------------------------------------------------------------------- chat ids

TEST_CASE("chat ids are JSON integers only when canonical int64", "[telegram][actions][bot_api]") {
  using Id = std::variant<std::int64_t, std::string>;
  using Row = std::pair<std::string, Id>;
  const auto [chat, expected] = GENERATE(values<Row>({
      {"-1001712345678", Id{std::int64_t{-1001712345678}}},
      {"7000000002", Id{std::int64_t{7000000002}}},
      {"0", Id{std::int64_t{0}}},
      {"9223372036854775807", Id{std::int64_t{9223372036854775807}}},
      {"9223372036854775808", Id{std::string("9223372036854775808")}},  // out of range: as given
      {"@lions_fans", Id{std::string("@lions_fans")}},
      {"007", Id{std::string("007")}},
      {"+5", Id{std::string("+5")}},
      {"-0", Id{std::string("-0")}},
      {" 5", Id{std::string(" 5")}},
      {"5 ", Id{std::string("5 ")}},
      {"", Id{std::string("")}},
  }));
  INFO("'" << chat << "'");
  for (const ActionKind kind : every_kind) {
    if (kind == ActionKind::answer_callback) continue;  // no chat
    INFO(fanbase::to_string(kind));
    Action a = member_action(kind);
    a.chat_id = chat;
    if (kind == ActionKind::send_direct) a.user_id = chat;  // its chat is the user's private one
    a.message_id = "48214";
    a.photo = "https://example.org/p.jpg";
    a.text = "t";
    const json::object body = json_body(api_call_for(a));
    const json::value& id = body.at("chat_id");
    if (std::holds_alternative<std::int64_t>(expected)) {
      CHECK(integer(id) == std::get<std::int64_t>(expected));
    } else {
      CHECK(str(id) == std::get<std::string>(expected));
    }
  }
}

// -------------------------------------------------------------------------------------------------------- sendPhoto

TEST_CASE("is_local_photo tells files from URLs and file ids", "[telegram][actions][bot_api]") {
  using Row = std::pair<std::string, bool>;
  const auto [photo, local] = GENERATE(values<Row>({
      {"/var/lib/fanbase/photos/week12.png", true},
      {"photos/week12.png", true},
      {"week12.png", true},
      {"./a", true},
      {"照片/周.jpg", true},
      {"https://example.org/p.jpg", false},
      {"http://example.org/p.jpg", false},
      {"AgACAgIAAxkBAAIBZ2Zk3f8AAWq-AAFpYQ_2f3xqAAIu2jEbRwABgEmVAAHqWfYAAQEAAwIAA3gAAzUE", false},  // a file_id
      {"", false},
  }));
  INFO("'" << photo << "'");
  CHECK(is_local_photo(photo) == local);
}

TEST_CASE("send_photo with a URL or file id is a JSON sendPhoto", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_photo;
  a.chat_id = "-1001712345678";
  a.photo = GENERATE(as<std::string>{}, "https://example.org/week12.jpg",
                     "AgACAgIAAxkBAAIBZ2Zk3f8AAWq-AAFpYQ_2f3xqAAIu2jEbRwABgEmVAAHqWfYAAQEAAwIAA3gAAzUE");
  INFO(a.photo);
  SECTION("with caption reply topic and buttons") {
    a.text = "Week <12> & 积分 🎉";
    a.thread_id = "42";
    a.reply_to_message_id = "48213";
    a.keyboard = Keyboard{{Button{"More", "more:12"}}};
    const ApiCall call = api_call_for(a, "ignored bytes");
    CHECK(call.method == "sendPhoto");
    const json::object body = json_body(call);
    CHECK(integer(body.at("chat_id")) == -1001712345678);
    CHECK(str(body.at("photo")) == a.photo);
    CHECK(str(body.at("caption")) == "Week &lt;12&gt; &amp; 积分 🎉");
    CHECK(str(body.at("parse_mode")) == "HTML");
    CHECK(integer(body.at("message_thread_id")) == 42);
    CHECK(integer(body.at("reply_parameters").at("message_id")) == 48213);
    CHECK(boolean(body.at("reply_parameters").at("allow_sending_without_reply")));
    CHECK(str(body.at("reply_markup").at("inline_keyboard").at(0).at(0).at("callback_data")) == "more:12");
  }
  SECTION("bare") {
    const json::object body = json_body(api_call_for(a));
    CHECK(body.size() == 2);
    CHECK(str(body.at("photo")) == a.photo);
    CHECK_FALSE(body.contains("caption"));
    CHECK_FALSE(body.contains("parse_mode"));
  }
}

TEST_CASE("send_photo with a local file is multipart with the bytes intact", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_photo;
  a.chat_id = "-1001712345678";
  a.thread_id = "42";
  a.reply_to_message_id = "48213";
  a.text = "Week <12> & 积分 🎉\r\n--not a boundary";
  a.photo = "/var/lib/fanbase/photos/week12.png";
  a.keyboard = Keyboard{{Button{"More", "more:12"}}};
  const std::string bytes = binary_photo();
  const ApiCall call = api_call_for(a, bytes);
  CHECK(call.method == "sendPhoto");
  const std::string boundary = boundary_of(call.content_type);
  const std::vector<Part> parts = parse_multipart(call.body, boundary);

  const Part* chat = find_part(parts, "chat_id");
  REQUIRE(chat != nullptr);
  CHECK(chat->content == "-1001712345678");
  CHECK_FALSE(chat->filename.has_value());
  const Part* caption = find_part(parts, "caption");
  REQUIRE(caption != nullptr);
  CHECK(caption->content == "Week &lt;12&gt; &amp; 积分 🎉\r\n--not a boundary");
  const Part* mode = find_part(parts, "parse_mode");
  REQUIRE(mode != nullptr);
  CHECK(mode->content == "HTML");
  const Part* thread = find_part(parts, "message_thread_id");
  REQUIRE(thread != nullptr);
  CHECK(thread->content == "42");
  const Part* reply = find_part(parts, "reply_parameters");
  REQUIRE(reply != nullptr);
  const json::object reply_json = parse_object(reply->content);
  CHECK(integer(reply_json.at("message_id")) == 48213);
  CHECK(boolean(reply_json.at("allow_sending_without_reply")));
  const Part* markup = find_part(parts, "reply_markup");
  REQUIRE(markup != nullptr);
  const json::object markup_json = parse_object(markup->content);
  CHECK(str(markup_json.at("inline_keyboard").at(0).at(0).at("callback_data")) == "more:12");
  const Part* photo = find_part(parts, "photo");
  REQUIRE(photo != nullptr);
  REQUIRE(photo->filename.has_value());
  CHECK(*photo->filename == "week12.png");
  CHECK(photo->content_type == "application/octet-stream");
  CHECK(photo->content.size() == bytes.size());
  CHECK(photo->content == bytes);
  CHECK(parts.size() == 7);
}

TEST_CASE("send_photo multipart without caption reply or topic has only chat and photo",
          "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_photo;
  a.chat_id = "@lions_fans";
  a.photo = "week12.png";
  a.reply_to_message_id = "abc";
  const std::string bytes = GENERATE(as<std::string>{}, "", "x", "\r\n", "--");
  const ApiCall call = api_call_for(a, bytes);
  const std::vector<Part> parts = parse_multipart(call.body, boundary_of(call.content_type));
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].name == "chat_id");
  CHECK(parts[0].content == "@lions_fans");
  CHECK(parts[1].name == "photo");
  CHECK(parts[1].content == bytes);
  CHECK(parts[1].filename == std::optional<std::string>("week12.png"));
}

TEST_CASE("the multipart boundary occurs in no part", "[telegram][actions][bot_api]") {
  Action a;
  a.kind = ActionKind::send_photo;
  a.chat_id = "-1001712345678";
  a.text = "caption";
  a.photo = "/srv/photos/a.png";
  const std::string bytes = binary_photo();
  const std::string first = boundary_of(api_call_for(a, bytes).content_type);
  // Put that boundary in every other place a value goes: a button label and data, the file name, the chat id,
  // the caption, the bytes. Whatever boundary is chosen then, it must not be inside any of them.
  SECTION("in a button") { a.keyboard = Keyboard{{Button{first, first}}}; }
  SECTION("in the file name") { a.photo = "/srv/photos/" + first + ".png"; }
  SECTION("in the chat id") { a.chat_id = "@" + first; }
  SECTION("in the caption") { a.text = "see " + first; }
  std::string with = bytes;
  SECTION("in the bytes") { with = bytes + "\r\n--" + first + "\r\n"; }
  const ApiCall call = api_call_for(a, with);
  const std::string boundary = boundary_of(call.content_type);
  const std::vector<Part> parts = parse_multipart(call.body, boundary);  // checks the count of occurrences
  const Part* photo = find_part(parts, "photo");
  REQUIRE(photo != nullptr);
  CHECK(photo->content == with);
}

TEST_CASE("the multipart file name cannot break out of its header", "[telegram][actions][bot_api]") {
  using Row = std::pair<std::string, std::string>;  // path, filename sent
  const auto [path, filename] = GENERATE(values<Row>({
      {"/srv/photos/we\"ird.png", "we_ird.png"},
      {"/srv/photos/a\r\nContent-Type: image.png", "a__Content-Type: image.png"},
      {"/srv/photos/back\\slash.png", "back_slash.png"},
      {"/srv/photos/周报 12.png", "周报 12.png"},
      {"/srv/photos/", "photo"},
  }));
  Action a;
  a.kind = ActionKind::send_photo;
  a.chat_id = "1";
  a.photo = path;
  const ApiCall call = api_call_for(a, "bytes");
  const std::vector<Part> parts = parse_multipart(call.body, boundary_of(call.content_type));
  const Part* photo = find_part(parts, "photo");
  REQUIRE(photo != nullptr);
  CHECK(photo->filename == std::optional<std::string>(filename));
  CHECK(photo->content == "bytes");
}

// ------------------------------------------------------------------------------------------------------ responses

TEST_CASE("parse_sent_message_id reads the created message's id", "[telegram][actions][bot_api]") {
  CHECK(parse_sent_message_id(parse_api_response(
            200, R"({"ok":true,"result":{"message_id":48214,"chat":{"id":-1001712345678},"date":1718035300}})")) ==
        std::optional<std::string>("48214"));
  CHECK(parse_sent_message_id(parse_api_response(
            200, R"({"ok":true,"result":{"message_id":2147483648,"photo":[{"file_id":"x"}]}})")) ==
        std::optional<std::string>("2147483648"));
  CHECK_FALSE(parse_sent_message_id(parse_api_response(200, R"({"ok":true,"result":true})")).has_value());
  CHECK_FALSE(parse_sent_message_id(parse_api_response(200, R"({"ok":true,"result":{"chat":{}}})")).has_value());
  CHECK_FALSE(
      parse_sent_message_id(parse_api_response(200, R"({"ok":true,"result":{"message_id":"48214"}})")).has_value());
  CHECK_FALSE(parse_sent_message_id(
                  parse_api_response(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})"))
                  .has_value());
  CHECK_FALSE(parse_sent_message_id(ApiResult{}).has_value());
}

TEST_CASE("answers to actions map to send outcomes", "[telegram][actions][bot_api]") {
  using Row = std::tuple<int, std::string, SendOutcome>;
  const auto [status, body, outcome] = GENERATE(values<Row>({
      {200, R"({"ok":true,"result":true})", SendOutcome::sent},
      {400,
       R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message )"
       R"(content and reply markup are exactly the same as a current content and reply markup of the message"})",
       SendOutcome::sent},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message to delete not found"})",
       SendOutcome::sent},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message can't be deleted"})",
       SendOutcome::give_up},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"})",
       SendOutcome::give_up},
      {400,
       R"({"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired )"
       R"(or query ID is invalid"})",
       SendOutcome::give_up},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: not enough rights to restrict/unrestrict chat member"})",
       SendOutcome::give_up},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: HIDE_REQUESTER_MISSING"})",
       SendOutcome::give_up},
      {403, R"({"ok":false,"error_code":403,"description":"Forbidden: message is not modified"})",
       SendOutcome::give_up},  // only a 400 with that text means the state already holds
      {429,
       R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})",
       SendOutcome::retry_after},
      {500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})", SendOutcome::retry_backoff},
      {502, "<html>502 Bad Gateway</html>", SendOutcome::retry_backoff},
      {0, "", SendOutcome::retry_backoff},
  }));
  INFO(status << " " << body);
  const ApiResult r = parse_api_response(status, body);
  CHECK(classify(r) == outcome);
  if (outcome == SendOutcome::retry_after) {
    REQUIRE(r.retry_after_s.has_value());
    CHECK(*r.retry_after_s == 7.0);
  }
}

// ---------------------------------------------------------------------------------------------- light rate limits

TEST_CASE("a light call ignores the per-chat interval and does not count toward it", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  limiter.record_sent("12345", t0);
  CHECK(limiter.earliest("12345", t0) == t0 + 1s);
  CHECK(limiter.earliest("12345", t0, true) == t0);
  limiter.record_sent("12345", t0 + 100ms, true);
  limiter.record_sent("12345", t0 + 200ms, true);
  CHECK(limiter.earliest("12345", t0 + 300ms, true) == t0 + 300ms);
  CHECK(limiter.earliest("12345", t0 + 300ms) == t0 + 1s);  // still measured from the last message, not the edit
  // A chat that only had light calls has no message interval at all, and no state to keep.
  limiter.record_sent("999", t0, true);
  CHECK(limiter.earliest("999", t0) == t0);
  CHECK(limiter.tracked_chats() == 1);
}

TEST_CASE("a light call ignores the group's 20 per minute and does not count toward it",
          "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  const std::string group = "-1001712345678";
  for (int i = 0; i < 20; ++i) limiter.record_sent(group, t0 + std::chrono::seconds(i));
  const tp now = t0 + 25s;
  CHECK(limiter.earliest(group, now) == t0 + 60s);
  CHECK(limiter.earliest(group, now, true) == now);
  // 20 light calls in another group leave its message window empty.
  const std::string other = "-1009999999999";
  for (int i = 0; i < 20; ++i) limiter.record_sent(other, t0 + std::chrono::seconds(i), true);
  CHECK(limiter.earliest(other, now) == now);
}

TEST_CASE("light calls obey and count toward the global 30 per second", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  for (int i = 0; i < 30; ++i) limiter.record_sent("chat" + std::to_string(i), t0 + std::chrono::milliseconds(i), true);
  CHECK(limiter.earliest("fresh", t0 + 50ms, true) == t0 + 1s);
  CHECK(limiter.earliest("fresh", t0 + 50ms) == t0 + 1s);  // a message waits for the light calls too
  CHECK(limiter.earliest("fresh", t0 + 1s + 1ms, true) == t0 + 1s + 1ms);
}

TEST_CASE("light calls obey chat and global pauses", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  const tp t0{};
  limiter.pause_chat("-100123", t0 + 5s);
  CHECK(limiter.earliest("-100123", t0, true) == t0 + 5s);
  CHECK(limiter.earliest("-100456", t0, true) == t0);
  limiter.pause_all(t0 + 7s);
  CHECK(limiter.earliest("-100123", t0, true) == t0 + 7s);
  CHECK(limiter.earliest("-100456", t0, true) == t0 + 7s);
  CHECK(limiter.earliest("-100456", t0 + 8s, true) == t0 + 8s);
}

TEST_CASE("the schedule keeps each queue in order with light items", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  const tp t0{};
  const std::string chat = "-1001712345678";
  schedule.push(1, chat);        // a message
  schedule.push(2, chat, true);  // its edit: no need to wait a second
  schedule.push(3, chat);        // the next message waits a second after 1
  schedule.push(4, chat, true);
  schedule.push(5, chat, true);
  schedule.push(6, chat);
  const auto sends = drain(schedule, t0);
  REQUIRE(sends.size() == 6);
  for (std::size_t i = 0; i < sends.size(); ++i) CHECK(sends[i].id == static_cast<std::int64_t>(i + 1));
  CHECK(sends[0].at == t0);
  CHECK(sends[1].at == t0);
  CHECK(sends[2].at == t0 + 1s);
  CHECK(sends[3].at == t0 + 1s);
  CHECK(sends[4].at == t0 + 1s);
  CHECK(sends[5].at == t0 + 2s);
}

TEST_CASE("a light item waits behind a message of its queue", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  const tp t0{};
  schedule.push(1, "42");
  schedule.push(2, "42");
  schedule.push(3, "42", true);  // FIFO: not before 2, though it could go at once on its own
  const auto sends = drain(schedule, t0);
  REQUIRE(sends.size() == 3);
  CHECK(sends[0].id == 1);
  CHECK(sends[1].id == 2);
  CHECK(sends[1].at == t0 + 1s);
  CHECK(sends[2].id == 3);
  CHECK(sends[2].at == t0 + 1s);
}

TEST_CASE("a lane of light items is not held up by a busy chat", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  const tp t0{};
  const std::string chat = "-1001712345678";
  for (int i = 1; i <= 5; ++i) schedule.push(i, chat);
  for (int i = 11; i <= 15; ++i) schedule.push(i, "callbacks", true);
  const auto sends = drain(schedule, t0);
  REQUIRE(sends.size() == 10);
  std::vector<std::int64_t> lane;
  for (const auto& s : sends) {
    if (s.chat == "callbacks") {
      lane.push_back(s.id);
      CHECK(s.at == t0);  // all answered at once
    }
  }
  CHECK(lane == std::vector<std::int64_t>{11, 12, 13, 14, 15});
  CHECK(sends.back().id == 5);
  CHECK(sends.back().at == t0 + 4s);
}

TEST_CASE("a retried light item goes first again and stays light", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  const tp t0{};
  schedule.push(1, "42");
  schedule.push(2, "42", true);
  schedule.push(3, "42", true);
  auto n1 = schedule.next(t0);
  REQUIRE(n1.ready);
  CHECK(n1.ready->outbox_id == 1);
  schedule.sent(*n1.ready, t0);
  auto n2 = schedule.next(t0);
  REQUIRE(n2.ready);
  CHECK(n2.ready->outbox_id == 2);
  CHECK(n2.ready->light);
  schedule.retry(*n2.ready);  // e.g. a 5xx
  auto again = schedule.next(t0 + 10ms);
  REQUIRE(again.ready);
  CHECK(again.ready->outbox_id == 2);
  CHECK(again.ready->light);
  CHECK(again.ready->enqueued_seq == n2.ready->enqueued_seq);
}

TEST_CASE("light items across many chats still keep 30 a second overall", "[telegram][actions][ratelimit]") {
  RateLimiter limiter;
  OutboxSchedule schedule(limiter);
  const tp t0{};
  for (int i = 0; i < 100; ++i) schedule.push(i, "-100" + std::to_string(i % 7), i % 3 != 0);
  const auto sends = drain(schedule, t0);
  REQUIRE(sends.size() == 100);
  CHECK(max_in_window(sends, 1000ms) <= 30);
  // Per chat, the order of pushes is kept.
  for (int c = 0; c < 7; ++c) {
    std::int64_t last = -1;
    for (const auto& s : sends) {
      if (s.chat != "-100" + std::to_string(c)) continue;
      CHECK(s.id > last);
      last = s.id;
    }
  }
}
