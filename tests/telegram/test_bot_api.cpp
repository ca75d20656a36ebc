// Tests for bot/telegram/bot_api: request bodies parsed back field by field (int64 ids stay integers), HTML escaping,
// Telegram's real error envelopes, the send outcome of each, setMyCommands validation as data rows, token redaction.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/telegram_update.hpp"

namespace json = boost::json;
using fanbase::telegram::ApiResult;
using fanbase::telegram::SendMessageFields;
using fanbase::telegram::SendOutcome;
using fanbase::telegram::classify;
using fanbase::telegram::parse_api_response;

namespace {

// The receipt time the mapper checks update dates against: 2027-01-01T00:00:00Z, after every fixture.
constexpr std::int64_t received_ms = 1'798'761'600'000;


json::object parse_object(const std::string& text) {
  json::value v = json::parse(text);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::string str(const json::value& v) {
  REQUIRE(v.is_string());
  return std::string(v.get_string());
}

using Commands = std::vector<std::pair<std::string, std::string>>;

// Response bodies as Telegram sends them.
constexpr const char* flood_429 =
    R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 41","parameters":{"retry_after":41}})";
constexpr const char* chat_not_found_400 = R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})";
constexpr const char* blocked_403 =
    R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})";
constexpr const char* kicked_403 =
    R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"})";
constexpr const char* migrated_400 =
    R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat",)"
    R"("parameters":{"migrate_to_chat_id":-1001557912345}})";
constexpr const char* unauthorized_401 = R"({"ok":false,"error_code":401,"description":"Unauthorized"})";
constexpr const char* not_found_404 = R"({"ok":false,"error_code":404,"description":"Not Found"})";
constexpr const char* internal_500 = R"({"ok":false,"error_code":500,"description":"Internal Server Error"})";
constexpr const char* bad_gateway_502 =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
    "<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";
constexpr const char* sent_200 =
    R"({"ok":true,"result":{"message_id":48214,"from":{"id":7000000001,"is_bot":true,"first_name":"Fanbase",)"
    R"("username":"fanbase_bot"},"chat":{"id":-1001712345678,"title":"Lions","type":"supergroup"},)"
    R"("date":1718035300,"text":"Alice has 120 points"}})";

}  // namespace

// ------------------------------------------------------------------------------------------------------ escape_html

TEST_CASE("escape_html replaces only the ampersand and angle brackets", "[telegram][bot_api]") {
  using Row = std::pair<std::string, std::string>;
  const auto [in, out] = GENERATE(values<Row>({
      {"", ""},
      {"plain text", "plain text"},
      {"a & b", "a &amp; b"},
      {"<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"},
      {"2 < 3 > 1", "2 &lt; 3 &gt; 1"},
      {"&amp; stays literal", "&amp;amp; stays literal"},
      {R"(quotes "and" 'apostrophes' stay)", R"(quotes "and" 'apostrophes' stay)"},
      {"积分 <10> 🎉 & 完成", "积分 &lt;10&gt; 🎉 &amp; 完成"},
      {"line one\nline two\t/top", "line one\nline two\t/top"},
  }));
  CHECK(fanbase::telegram::escape_html(in) == out);
}

// ------------------------------------------------------------------------------------------------------ sendMessage

TEST_CASE("sendMessage to a supergroup keeps the 64-bit chat id a JSON integer", "[telegram][bot_api]") {
  const std::string body =
      fanbase::telegram::send_message_body({.chat_id = "-1001234567890", .text = "Alice has <120> points & a badge"});
  CHECK(body ==
        R"({"chat_id":-1001234567890,"text":"Alice has &lt;120&gt; points &amp; a badge","parse_mode":"HTML",)"
        R"("link_preview_options":{"is_disabled":true}})");
  const json::object o = parse_object(body);
  REQUIRE(o.at("chat_id").is_int64());
  CHECK(o.at("chat_id").get_int64() == -1001234567890);
  CHECK(str(o.at("parse_mode")) == "HTML");
  CHECK(o.at("link_preview_options").at("is_disabled") == true);
  CHECK_FALSE(o.contains("reply_parameters"));
  CHECK_FALSE(o.contains("message_thread_id"));
}

TEST_CASE("sendMessage chat ids that are not canonical int64 stay strings", "[telegram][bot_api]") {
  const std::string chat = GENERATE(as<std::string>{}, "@lionsfc_news", "+5", "007", "-0", "12a", " 42",
                                    "99999999999999999999", "");
  const json::object o = parse_object(fanbase::telegram::send_message_body({.chat_id = chat, .text = "hi"}));
  CHECK(str(o.at("chat_id")) == chat);
}

TEST_CASE("sendMessage private and small ids are integers too", "[telegram][bot_api]") {
  using Row = std::pair<std::string, std::int64_t>;
  const auto [chat, id] = GENERATE(values<Row>({{"5123456789", 5123456789}, {"0", 0}, {"-4012345678", -4012345678},
                                                {"9223372036854775807", INT64_MAX}}));
  const json::object o = parse_object(fanbase::telegram::send_message_body({.chat_id = chat, .text = "hi"}));
  REQUIRE(o.at("chat_id").is_int64());
  CHECK(o.at("chat_id").get_int64() == id);
}

TEST_CASE("sendMessage reply and thread fields are present only when set", "[telegram][bot_api]") {
  SECTION("a reply in a forum topic") {
    const json::object o = parse_object(fanbase::telegram::send_message_body(
        {.chat_id = "-1001712345678", .text = "ok", .reply_to = "48213", .thread_id = "5521"}));
    REQUIRE(o.contains("reply_parameters"));
    const json::object& reply = o.at("reply_parameters").as_object();
    REQUIRE(reply.at("message_id").is_int64());
    CHECK(reply.at("message_id").get_int64() == 48213);
    CHECK(reply.at("allow_sending_without_reply") == true);
    CHECK(reply.size() == 2);
    REQUIRE(o.at("message_thread_id").is_int64());
    CHECK(o.at("message_thread_id").get_int64() == 5521);
  }
  SECTION("a reply without a topic") {
    const json::object o = parse_object(
        fanbase::telegram::send_message_body({.chat_id = "-1001712345678", .text = "ok", .reply_to = "48213"}));
    CHECK(o.contains("reply_parameters"));
    CHECK_FALSE(o.contains("message_thread_id"));
  }
  SECTION("a topic without a reply") {
    const json::object o = parse_object(
        fanbase::telegram::send_message_body({.chat_id = "-1001712345678", .text = "ok", .thread_id = "5521"}));
    CHECK_FALSE(o.contains("reply_parameters"));
    CHECK(o.at("message_thread_id").get_int64() == 5521);
  }
  SECTION("ids that are not positive integers are left out rather than sent as strings") {
    const std::string bad = GENERATE(as<std::string>{}, "abc", "0", "-5", "12 ", "1.5");
    const json::object o = parse_object(fanbase::telegram::send_message_body(
        {.chat_id = "-1001712345678", .text = "ok", .reply_to = bad, .thread_id = bad}));
    CHECK_FALSE(o.contains("reply_parameters"));
    CHECK_FALSE(o.contains("message_thread_id"));
  }
}

TEST_CASE("sendMessage text with Chinese and emoji round-trips through escaping and JSON", "[telegram][bot_api]") {
  const std::string text = "🦁 狮子队 <冠军> & \"球迷\" 积分榜 👑\n第1名: 爱丽丝 — 120 分 \\ 🎉";
  const json::object o = parse_object(fanbase::telegram::send_message_body({.chat_id = "-1001712345678", .text = text}));
  CHECK(str(o.at("text")) == "🦁 狮子队 &lt;冠军&gt; &amp; \"球迷\" 积分榜 👑\n第1名: 爱丽丝 — 120 分 \\ 🎉");
}

// ------------------------------------------------------------------------------------------------------- getUpdates

TEST_CASE("getUpdates body carries offset timeout limit and allowed_updates", "[telegram][bot_api]") {
  const std::vector<std::string> types = {"message", "edited_message", "callback_query", "message_reaction",
                                          "chat_member", "chat_join_request"};
  const std::string body = fanbase::telegram::get_updates_body(734512346, 30, 100, types);
  CHECK(body ==
        R"({"offset":734512346,"limit":100,"timeout":30,"allowed_updates":["message","edited_message",)"
        R"("callback_query","message_reaction","chat_member","chat_join_request"]})");
  const json::object o = parse_object(body);
  CHECK(o.at("offset").get_int64() == 734512346);
  REQUIRE(o.at("allowed_updates").is_array());
  CHECK(o.at("allowed_updates").as_array().size() == types.size());
}

TEST_CASE("getUpdates clamps limit and timeout and always sends allowed_updates", "[telegram][bot_api]") {
  using Row = std::tuple<int, int, std::int64_t, std::int64_t>;  // limit, timeout -> sent limit, sent timeout
  const auto [limit, timeout, want_limit, want_timeout] =
      GENERATE(values<Row>({{0, 30, 1, 30}, {-3, 0, 1, 0}, {101, 5, 100, 5}, {50, -1, 50, 0}}));
  const json::object o = parse_object(fanbase::telegram::get_updates_body(-1, timeout, limit, {}));
  CHECK(o.at("limit").get_int64() == want_limit);
  CHECK(o.at("timeout").get_int64() == want_timeout);
  CHECK(o.at("offset").get_int64() == -1);
  REQUIRE(o.at("allowed_updates").is_array());  // empty list is not the same as leaving it out
  CHECK(o.at("allowed_updates").as_array().empty());
}

// ---------------------------------------------------------------------------------------------------- setMyCommands

TEST_CASE("setMyCommands body lists commands with scope and language", "[telegram][bot_api]") {
  const Commands commands = {{"points", "Your points and level"}, {"top", "排行榜 🏆"}, {"give_points", "Give points"}};
  SECTION("default scope without a language leaves language_code out") {
    const auto body = fanbase::telegram::set_my_commands_body(commands);
    REQUIRE(body.has_value());
    CHECK(*body ==
          R"({"commands":[{"command":"points","description":"Your points and level"},)"
          R"({"command":"top","description":"排行榜 🏆"},{"command":"give_points","description":"Give points"}],)"
          R"("scope":{"type":"default"}})");
  }
  SECTION("a group scope in Chinese") {
    const auto body = fanbase::telegram::set_my_commands_body(commands, "all_group_chats", "zh");
    REQUIRE(body.has_value());
    const json::object o = parse_object(*body);
    CHECK(str(o.at("scope").at("type")) == "all_group_chats");
    CHECK(str(o.at("language_code")) == "zh");
    CHECK(o.at("commands").as_array().size() == 3);
  }
  SECTION("administrators with an empty language code") {
    const auto body = fanbase::telegram::set_my_commands_body(commands, "all_chat_administrators", "");
    REQUIRE(body.has_value());
    const json::object o = parse_object(*body);
    CHECK(str(o.at("scope").at("type")) == "all_chat_administrators");
    CHECK_FALSE(o.contains("language_code"));
  }
  SECTION("an empty list is valid and clears the commands") {
    const auto body = fanbase::telegram::set_my_commands_body({});
    REQUIRE(body.has_value());
    CHECK(parse_object(*body).at("commands").as_array().empty());
  }
}

TEST_CASE("setMyCommands refuses input outside Telegram's limits", "[telegram][bot_api]") {
  using Row = std::tuple<std::string, std::string, std::string>;  // command, description, expected error key
  const auto [command, description, key] = GENERATE(values<Row>({
      {"", "Empty name", "telegram.bad_command"},
      {"Points", "Uppercase", "telegram.bad_command"},
      {"/points", "Leading slash", "telegram.bad_command"},
      {"give-points", "Dash", "telegram.bad_command"},
      {"give points", "Space", "telegram.bad_command"},
      {"积分", "Not ASCII", "telegram.bad_command"},
      {std::string(33, 'a'), "33 characters", "telegram.bad_command"},
      {"points", "", "telegram.bad_command_description"},
      {"points", "   ", "telegram.bad_command_description"},
      {"points", std::string(257, 'x'), "telegram.bad_command_description"},
      {"points", "bad \xC3\x28 utf8", "telegram.bad_command_description"},
      {"points", "\xED\xA0\x80 surrogate", "telegram.bad_command_description"},
      {"points", "\xC0\xAF overlong", "telegram.bad_command_description"},
  }));
  const auto body = fanbase::telegram::set_my_commands_body({{command, description}});
  REQUIRE_FALSE(body.has_value());
  CHECK(body.error().code == fanbase::Errc::bad_input);
  CHECK(body.error().key == key);
}

TEST_CASE("setMyCommands accepts values exactly at Telegram's limits", "[telegram][bot_api]") {
  using Row = std::pair<std::string, std::string>;
  const auto [command, description] = GENERATE(values<Row>({
      {"a", "x"},
      {std::string(32, 'z'), std::string(256, 'y')},
      {"top_10", std::string(256 / 4, 'a') + [] {  // 256 code points of which 192 are 3- and 4-byte characters
         std::string s;
         for (int i = 0; i < 96; ++i) s += "积";
         for (int i = 0; i < 96; ++i) s += "🎉";
         return s;
       }()},
  }));
  const auto body = fanbase::telegram::set_my_commands_body({{command, description}});
  CHECK(body.has_value());
}

TEST_CASE("setMyCommands refuses more than 100 commands and duplicates", "[telegram][bot_api]") {
  Commands commands;
  for (int i = 0; i < 100; ++i) commands.emplace_back("cmd_" + std::to_string(i), "Command " + std::to_string(i));
  CHECK(fanbase::telegram::set_my_commands_body(commands).has_value());

  commands.emplace_back("cmd_100", "One too many");
  const auto too_many = fanbase::telegram::set_my_commands_body(commands);
  REQUIRE_FALSE(too_many.has_value());
  CHECK(too_many.error().key == "telegram.too_many_commands");
  CHECK(too_many.error().args == std::vector<std::string>{"101"});

  const auto duplicate = fanbase::telegram::set_my_commands_body({{"top", "Leaderboard"}, {"top", "Again"}});
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(duplicate.error().key == "telegram.duplicate_command");
}

TEST_CASE("setMyCommands refuses unknown scopes and bad language codes", "[telegram][bot_api]") {
  using Row = std::tuple<std::string, std::string, std::string>;  // scope, language, expected key
  const auto [scope, language, key] = GENERATE(values<Row>({
      {"chat", "", "telegram.bad_command_scope"},
      {"chat_member", "", "telegram.bad_command_scope"},
      {"Default", "", "telegram.bad_command_scope"},
      {"", "", "telegram.bad_command_scope"},
      {"default", "EN", "telegram.bad_language_code"},
      {"default", "eng", "telegram.bad_language_code"},
      {"default", "zh-CN", "telegram.bad_language_code"},
      {"default", "e", "telegram.bad_language_code"},
  }));
  const auto body = fanbase::telegram::set_my_commands_body({{"top", "Leaderboard"}}, scope, language);
  REQUIRE_FALSE(body.has_value());
  CHECK(body.error().key == key);
}

// -------------------------------------------------------------------------------------------------------- responses

TEST_CASE("a successful sendMessage response keeps its result as JSON text", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(200, sent_200);
  CHECK(r.ok);
  CHECK(r.error_code == 0);
  const json::object msg = parse_object(r.result);
  CHECK(msg.at("message_id").get_int64() == 48214);
  CHECK(msg.at("chat").at("id").get_int64() == -1001712345678);
  CHECK(classify(r) == SendOutcome::sent);
}

TEST_CASE("flood control 429 gives retry_after from parameters", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(429, flood_429);
  CHECK_FALSE(r.ok);
  CHECK(r.error_code == 429);
  CHECK(r.description == "Too Many Requests: retry after 41");
  REQUIRE(r.retry_after_s.has_value());
  CHECK(*r.retry_after_s == Approx(41.0));
  CHECK_FALSE(r.migrate_to_chat_id.has_value());
  CHECK(r.result.empty());
  CHECK(classify(r) == SendOutcome::retry_after);
}

TEST_CASE("a 429 without parameters takes the seconds from its description", "[telegram][bot_api]") {
  const ApiResult r =
      parse_api_response(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7"})");
  REQUIRE(r.retry_after_s.has_value());
  CHECK(*r.retry_after_s == Approx(7.0));
  CHECK(classify(r) == SendOutcome::retry_after);

  const ApiResult bare = parse_api_response(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests"})");
  CHECK_FALSE(bare.retry_after_s.has_value());
  CHECK(classify(bare) == SendOutcome::retry_after);
}

TEST_CASE("chat not found and blocked by the user are given up", "[telegram][bot_api]") {
  const ApiResult not_found = parse_api_response(400, chat_not_found_400);
  CHECK(not_found.error_code == 400);
  CHECK(not_found.description == "Bad Request: chat not found");
  CHECK(classify(not_found) == SendOutcome::give_up);

  const ApiResult blocked = parse_api_response(403, blocked_403);
  CHECK(blocked.error_code == 403);
  CHECK(blocked.description == "Forbidden: bot was blocked by the user");
  CHECK(classify(blocked) == SendOutcome::give_up);
}

TEST_CASE("a migrated group is given up and exposes the supergroup id", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(400, migrated_400);
  REQUIRE(r.migrate_to_chat_id.has_value());
  CHECK(*r.migrate_to_chat_id == -1001557912345);
  CHECK(classify(r) == SendOutcome::give_up);
}

TEST_CASE("a 502 HTML page from the proxy is unreadable and retried with backoff", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(502, bad_gateway_502);
  CHECK_FALSE(r.ok);
  CHECK(r.error_code == 502);
  CHECK_THAT(r.description, Catch::Matchers::StartsWith("unreadable response (HTTP 502): not JSON"));
  CHECK_THAT(r.description, Catch::Matchers::Contains("<html>"));
  CHECK(r.description.find('\r') == std::string::npos);  // control characters never reach a log line
  CHECK(r.description.find('\n') == std::string::npos);
  CHECK(classify(r) == SendOutcome::retry_backoff);
}

TEST_CASE("empty bodies and garbage never throw and map to the HTTP status", "[telegram][bot_api]") {
  using Row = std::tuple<int, std::string, int, SendOutcome>;  // status, body -> error_code, outcome
  const auto [status, body, code, outcome] = GENERATE(values<Row>({
      {0, "", 0, SendOutcome::retry_backoff},                    // no response at all
      {200, "", 0, SendOutcome::retry_backoff},
      {504, "", 504, SendOutcome::retry_backoff},
      {200, "garbage", 0, SendOutcome::retry_backoff},
      {400, "\x01\xFF\xFE not json", 400, SendOutcome::give_up},
      {200, "[1,2,3]", 0, SendOutcome::retry_backoff},
      {200, R"({"ok":"yes"})", 0, SendOutcome::retry_backoff},
      {200, R"({"ok":true})", 0, SendOutcome::retry_backoff},   // ok without result
      {200, R"({"ok":false,"error_code":400,"descr)", 0, SendOutcome::retry_backoff},  // cut off
      {500, std::string(200, '['), 500, SendOutcome::retry_backoff},                   // too deep
      {200, R"({"ok":false})", 0, SendOutcome::retry_backoff},  // no error_code: nothing usable
      {403, R"({"ok":false,"error_code":"403"})", 403, SendOutcome::give_up},  // a string code: the HTTP status
  }));
  ApiResult r;
  REQUIRE_NOTHROW(r = parse_api_response(status, body));
  CHECK_FALSE(r.ok);
  CHECK(r.error_code == code);
  CHECK_FALSE(r.description.empty());
  CHECK(classify(r) == outcome);
}

TEST_CASE("classify maps each real Telegram error to its outcome", "[telegram][bot_api]") {
  using Row = std::tuple<int, std::string, SendOutcome>;
  const auto [status, body, outcome] = GENERATE(values<Row>({
      {200, sent_200, SendOutcome::sent},
      {429, flood_429, SendOutcome::retry_after},
      {400, chat_not_found_400, SendOutcome::give_up},
      {403, blocked_403, SendOutcome::give_up},
      {403, kicked_403, SendOutcome::give_up},
      {400, migrated_400, SendOutcome::give_up},
      {401, unauthorized_401, SendOutcome::retry_backoff},
      {404, not_found_404, SendOutcome::retry_backoff},
      {500, internal_500, SendOutcome::retry_backoff},
      {502, bad_gateway_502, SendOutcome::retry_backoff},
      {0, "", SendOutcome::retry_backoff},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message thread not found"})",
       SendOutcome::give_up},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message is too long"})", SendOutcome::give_up},
  }));
  CHECK(classify(parse_api_response(status, body)) == outcome);
}

TEST_CASE("the body's error_code wins over the HTTP status", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(200, blocked_403);
  CHECK(r.error_code == 403);
  CHECK(classify(r) == SendOutcome::give_up);
}

TEST_CASE("retry_after and migrate_to_chat_id accept the number forms the docs allow", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(
      429, R"({"ok":false,"error_code":429,"description":"x","parameters":{"retry_after":2.5}})");
  REQUIRE(r.retry_after_s.has_value());
  CHECK(*r.retry_after_s == Approx(2.5));

  const ApiResult neg =
      parse_api_response(429, R"({"ok":false,"error_code":429,"description":"x","parameters":{"retry_after":-3}})");
  CHECK_FALSE(neg.retry_after_s.has_value());

  const ApiResult as_double = parse_api_response(
      400, R"({"ok":false,"error_code":400,"description":"x","parameters":{"migrate_to_chat_id":-1001557912345.0}})");
  REQUIRE(as_double.migrate_to_chat_id.has_value());
  CHECK(*as_double.migrate_to_chat_id == -1001557912345);

  const ApiResult as_text = parse_api_response(
      400, R"({"ok":false,"error_code":400,"description":"x","parameters":{"migrate_to_chat_id":"-100155"}})");
  CHECK_FALSE(as_text.migrate_to_chat_id.has_value());
}

TEST_CASE("SendOutcome names are stable", "[telegram][bot_api]") {
  CHECK(std::string(fanbase::telegram::to_string(SendOutcome::sent)) == "sent");
  CHECK(std::string(fanbase::telegram::to_string(SendOutcome::retry_after)) == "retry_after");
  CHECK(std::string(fanbase::telegram::to_string(SendOutcome::retry_backoff)) == "retry_backoff");
  CHECK(std::string(fanbase::telegram::to_string(SendOutcome::give_up)) == "give_up");
}

// ------------------------------------------------------------------------------------------------------------ getMe

TEST_CASE("getMe gives the bot's username", "[telegram][bot_api]") {
  const ApiResult r = parse_api_response(
      200, R"({"ok":true,"result":{"id":7000000001,"is_bot":true,"first_name":"Fanbase","username":"fanbase_bot",)"
           R"("can_join_groups":true,"can_read_all_group_messages":false,"supports_inline_queries":false}})");
  CHECK(fanbase::telegram::parse_get_me_username(r) == std::optional<std::string>("fanbase_bot"));

  CHECK_FALSE(fanbase::telegram::parse_get_me_username(parse_api_response(401, unauthorized_401)));
  CHECK_FALSE(fanbase::telegram::parse_get_me_username(
      parse_api_response(200, R"({"ok":true,"result":{"id":1,"is_bot":true,"first_name":"x"}})")));
  CHECK_FALSE(fanbase::telegram::parse_get_me_username(parse_api_response(200, R"({"ok":true,"result":true})")));
}

// ------------------------------------------------------------------------------------------------------- getUpdates

TEST_CASE("split_updates yields each update's JSON and the largest update_id", "[telegram][bot_api]") {
  const std::string body =
      R"({"ok":true,"result":[)"
      R"({"update_id":734512345,"message":{"message_id":48213,"from":{"id":5123456789,"is_bot":false,)"
      R"("first_name":"Alice"},"chat":{"id":-1001712345678,"title":"Lions FC 🦁","type":"supergroup"},)"
      R"("date":1718035200,"text":"积分 /top"}},)"
      R"({"update_id":734512347,"poll":{"id":"1","question":"?","options":[],"total_voter_count":0,"is_closed":false,)"
      R"("is_anonymous":true,"type":"regular","allows_multiple_answers":false}},)"
      R"({"update_id":734512346,"message":{"message_id":48214,"from":{"id":287654321,"is_bot":false,)"
      R"("first_name":"Bob"},"chat":{"id":-1001712345678,"title":"Lions FC 🦁","type":"supergroup"},)"
      R"("date":1718035201,"text":"hi"}}]})";
  const auto batch = fanbase::telegram::split_updates(parse_api_response(200, body));
  CHECK_FALSE(batch.malformed);
  REQUIRE(batch.updates.size() == 3);
  REQUIRE(batch.max_update_id.has_value());
  CHECK(*batch.max_update_id == 734512347);

  // Each piece is one Update the existing mapper understands, with 64-bit ids intact.
  fanbase::telegram::UpdateMapper mapper;
  const auto first = mapper.map(batch.updates[0], received_ms);
  REQUIRE(first.status == fanbase::telegram::MapStatus::event);
  CHECK(first.update_id == 734512345);
  CHECK(first.event.chat_id == "-1001712345678");
  CHECK(first.event.chat_title == "Lions FC 🦁");
  CHECK(first.event.text == "积分 /top");
  CHECK(mapper.map(batch.updates[1], received_ms).status == fanbase::telegram::MapStatus::skipped);
  CHECK(mapper.map(batch.updates[2], received_ms).update_id == 734512346);
}

TEST_CASE("split_updates passes malformed elements on and ignores their ids", "[telegram][bot_api]") {
  const auto batch = fanbase::telegram::split_updates(
      parse_api_response(200, R"({"ok":true,"result":[{"update_id":5},42,{"no_id":true},{"update_id":"9"}]})"));
  CHECK(batch.updates == std::vector<std::string>{R"({"update_id":5})", "42", R"({"no_id":true})",
                                                  R"({"update_id":"9"})"});
  CHECK(batch.max_update_id == std::optional<std::int64_t>(5));
}

TEST_CASE("split_updates of an empty poll a failure or a non-array", "[telegram][bot_api]") {
  const auto empty = fanbase::telegram::split_updates(parse_api_response(200, R"({"ok":true,"result":[]})"));
  CHECK(empty.updates.empty());
  CHECK_FALSE(empty.max_update_id.has_value());
  CHECK_FALSE(empty.malformed);

  const auto conflict = fanbase::telegram::split_updates(parse_api_response(
      409, R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; )"
           R"(make sure that only one bot instance is running"})"));
  CHECK(conflict.updates.empty());
  CHECK_FALSE(conflict.malformed);

  const auto not_array = fanbase::telegram::split_updates(parse_api_response(200, R"({"ok":true,"result":true})"));
  CHECK(not_array.malformed);
}

// ------------------------------------------------------------------------------------------------------- redaction

TEST_CASE("redact_token hides every occurrence of the token", "[telegram][bot_api]") {
  const std::string token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  using Row = std::pair<std::string, std::string>;
  const auto [in, out] = GENERATE_REF(values<Row>({
      {"https://api.telegram.org/bot" + token + "/sendMessage", "https://api.telegram.org/bot<token>/sendMessage"},
      {"bot" + token + " and again " + token, "bot<token> and again <token>"},
      {"https://api.telegram.org/bot123456789%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe",
       "https://api.telegram.org/bot<token>/getMe"},
      {"123456789%3aAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "<token>"},
      {"no secret here", "no secret here"},
      {"123456789:AAHdqTcvCH1v", "123456789:AAHdqTcvCH1v"},  // a prefix alone is not the token
      {"", ""},
  }));
  CHECK(fanbase::telegram::redact_token(in, token) == out);
}

TEST_CASE("redact_token with an empty token changes nothing", "[telegram][bot_api]") {
  CHECK(fanbase::telegram::redact_token("https://api.telegram.org/bot/getMe", "") ==
        "https://api.telegram.org/bot/getMe");
}

TEST_CASE("redact_api_text hides the token and every /bot<...>/ path an answer quotes", "[telegram][bot_api]") {
  const std::string token = "123456:TEST-token_ABCdef";
  using Row = std::pair<std::string, std::string>;
  const auto [in, out] = GENERATE_REF(values<Row>({
      {"Bad Request: invalid request /bot" + token + "/sendMessage",
       "Bad Request: invalid request /bot<token>/sendMessage"},
      // another token, or a token cut short by a quoted snippet
      {"invalid request /bot999:OTHER-key/getMe", "invalid request /bot<redacted>/getMe"},
      {"unreadable response (HTTP 404): not JSON: \"404 page not found: /bot123456:TEST-tok...\"",
       "unreadable response (HTTP 404): not JSON: \"404 page not found: /bot<redacted>\""},
      {"GET /botABCDEF/setWebhook failed", "GET /bot<redacted>/setWebhook failed"},
      {"url https://h/bot123%3AABC?x", "url https://h/bot<redacted>?x"},
      {"Forbidden: bot was blocked by the user", "Forbidden: bot was blocked by the user"},
      {"Forbidden: bots can't send messages to bots", "Forbidden: bots can't send messages to bots"},
      {"see /bots for help", "see /bots for help"},
      {"/bot", "/bot"},
      {"", ""},
  }));
  CHECK(fanbase::telegram::redact_api_text(in, token) == out);
}

TEST_CASE("bot tokens and webhook secrets are checked against their rules", "[telegram][bot_api]") {
  using fanbase::telegram::is_valid_bot_token;
  using fanbase::telegram::is_valid_webhook_secret;
  for (const char* good : {"123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "123456:TEST-token_ABCdef", "1:bench",
                           "424242:LIVE-e2e-token", "987654:TTA-e2e-secret-token", "999:OTHER"}) {
    CHECK(is_valid_bot_token(good));
  }
  for (const char* bad : {"", "123456", ":abc", "abc:def", "123:", "123:abc def", "123:abc/def", "123:äbc",
                          "123456:ABC\n", " 123:abc", "123:abc:def", "123456789012345678901:abc"}) {
    CHECK_FALSE(is_valid_bot_token(bad));
  }
  CHECK_FALSE(is_valid_bot_token("1:" + std::string(129, 'a')));
  CHECK(is_valid_webhook_secret("s3cret-webhook_OK"));
  CHECK(is_valid_webhook_secret(std::string(256, 'x')));
  CHECK_FALSE(is_valid_webhook_secret(std::string(257, 'x')));
  CHECK_FALSE(is_valid_webhook_secret(""));
  CHECK_FALSE(is_valid_webhook_secret("bad secret ü"));
  CHECK_FALSE(is_valid_webhook_secret("with:colon"));
}
