// Every platform action through the live Telegram adapter against the fake Bot API's chat model: an inline button
// press (editMessageText + answerCallbackQuery), each moderation and join-request call with its effect on the
// member, a photo uploaded as multipart/form-data, the message id of a presented subject linked in bot_message,
// and refusals (an administrator cannot be muted) stored as failed with Telegram's reason.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <SQLiteCpp/Statement.h>

#include "bot/app/application.hpp"
#include "bot/core/outbox_codec.hpp"
#include "bot/telegram/telegram_platform.hpp"
#include "storage/outbox_repository.hpp"
#include "support/bot_harness.hpp"
#include "support/fake_bot_api.hpp"

using namespace fanbase;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {

const std::string token = "123456:TEST-token_ABCdef";
constexpr std::int64_t chat = -1001234567890LL;

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

boost::json::object chat_json() { return {{"id", chat}, {"title", "Fan Club"}, {"type", "supergroup"}}; }
boost::json::object user_json(std::int64_t id, const std::string& name) {
  return {{"id", id}, {"is_bot", false}, {"first_name", name}, {"username", name}};
}

std::string message_update(std::int64_t message_id, const std::string& user, std::int64_t user_id,
                           const std::string& text) {
  return boost::json::serialize(boost::json::object{
      {"message", {{"message_id", message_id}, {"from", user_json(user_id, user)}, {"chat", chat_json()},
                   {"date", std::time(nullptr)}, {"text", text}}}});  // now: a button press has no date of its own
}

struct Live {
  boost::asio::io_context ioc;
  telegram::TelegramPlatform platform;
  std::thread thread;
  Live(Application& app, const testing::FakeBotApi& api) : platform(boost::asio::make_strand(ioc), options(api), app) {
    platform.start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~Live() {
    platform.stop();
    thread.join();
  }
  static telegram::TelegramOptions options(const testing::FakeBotApi& api) {
    telegram::TelegramOptions o;
    o.token = token;
    o.api_base = api.base_url();
    o.poll_timeout_s = 1;
    o.allowed_updates = {"message", "callback_query", "chat_member", "chat_join_request"};
    o.retry_initial = 50ms;
    o.retry_max = 200ms;
    return o;
  }
};

boost::json::object body_of(const std::pair<std::string, std::string>& call) {
  return boost::json::parse(call.second).as_object();
}

std::vector<std::pair<std::string, std::string>> calls_of(const testing::FakeBotApi& api, const std::string& method) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& c : api.calls()) {
    if (c.first == method) out.push_back(c);
  }
  return out;
}

// Stores actions as pending outbox rows, as the pipeline does, for the next start of the adapter to deliver.
void enqueue(Application& app, std::vector<Action> actions) {
  app.with_database([&](SQLite::Database& db) {
    storage::StatementCache cache(db);
    storage::OutboxRepository outbox(cache);
    for (Action& a : actions) {
      a.platform = "telegram";
      a.chat_id = std::to_string(chat);
      storage::OutboxRow row = to_outbox_row(a);
      row.reference = "test";
      outbox.enqueue(row);
    }
  });
}

Action member_action(ActionKind kind, std::int64_t user, std::int64_t until_ms = 0) {
  Action a;
  a.kind = kind;
  a.user_id = std::to_string(user);
  a.until_ms = until_ms;
  return a;
}

std::string outbox_state(Application& app, const std::string& kind, std::string* error = nullptr) {
  std::string state;
  app.with_database([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT state, last_error FROM outbox WHERE kind = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, kind);
    if (st.executeStep()) {
      state = st.getColumn(0).getString();
      if (error) *error = st.getColumn(1).getString();
    }
  });
  return state;
}

}  // namespace

TEST_CASE("pressing a button of /top edits that message and answers the press", "[telegram][live][actions]") {
  testing::FakeBotApi api(token);
  Application app(testing::example_config(), AppOptions{":memory:"});
  api.add_update(message_update(10, "alice", 111, "hello everyone, great to be here"));
  api.add_update(message_update(11, "alice", 111, "/top"));
  Live live(app, api);
  REQUIRE(wait_until([&] { return api.sent().size() >= 2; }));
  const auto top = boost::json::parse(api.sent()[1]).as_object();
  const auto& buttons = top.at("reply_markup").at("inline_keyboard").as_array().at(0).as_array();
  REQUIRE(buttons.size() == 3);
  CHECK(buttons[0].at("callback_data").as_string() == "top:10:week");
  const std::int64_t top_message = 5001;  // the fake numbers the bot's messages from 5000
  CHECK_THAT(api.message_text(chat, top_message), Contains("all time"));

  boost::json::object press{{"id", "cbq-1"}, {"from", user_json(222, "bob")}, {"chat_instance", "1"},
                            {"data", "top:10:week"},
                            {"message", {{"message_id", top_message}, {"chat", chat_json()}, {"date", 1767225600},
                                         {"text", "🏆"}}}};
  api.add_update(boost::json::serialize(boost::json::object{{"callback_query", press}}));
  REQUIRE(wait_until([&] { return calls_of(api, "answerCallbackQuery").size() == 1; }));
  const auto edits = calls_of(api, "editMessageText");
  REQUIRE(edits.size() == 1);
  CHECK(body_of(edits[0]).at("message_id").as_int64() == top_message);
  CHECK_THAT(api.message_text(chat, top_message), Contains("last 7 days"));
  CHECK(body_of(calls_of(api, "answerCallbackQuery")[0]).at("callback_query_id").as_string() == "cbq-1");
  CHECK(api.sent().size() == 2);  // the press edits; it sends nothing new

  // A button nobody knows (an old message of an earlier version) is answered with a toast, never left spinning.
  press["id"] = "cbq-2";
  press["data"] = "gone:1";
  api.add_update(boost::json::serialize(boost::json::object{{"callback_query", press}}));
  REQUIRE(wait_until([&] { return calls_of(api, "answerCallbackQuery").size() == 2; }));
  CHECK(body_of(calls_of(api, "answerCallbackQuery")[1]).at("text").as_string() == "This button no longer works.");
}

TEST_CASE("moderation and join-request actions reach Telegram and change the member", "[telegram][live][actions]") {
  testing::FakeBotApi api(token);
  Application app(testing::example_config(), AppOptions{":memory:"});
  api.add_admin(999);
  for (std::int64_t user : {301, 302}) {
    api.add_update(boost::json::serialize(boost::json::object{
        {"chat_join_request", {{"chat", chat_json()}, {"from", user_json(user, "joiner")}, {"user_chat_id", user},
                               {"date", 1767225600}}}}));
  }
  const std::int64_t until = 1767229200000;  // ms
  enqueue(app, {member_action(ActionKind::restrict_member, 201, until), member_action(ActionKind::ban_member, 202),
                member_action(ActionKind::restrict_member, 203), member_action(ActionKind::unrestrict_member, 203),
                member_action(ActionKind::ban_member, 204), member_action(ActionKind::unban_member, 204),
                member_action(ActionKind::unban_member, 205), member_action(ActionKind::restrict_member, 999)});
  {
    Live live(app, api);
    REQUIRE(wait_until([&] { return live.platform.stats().sent == 7 && live.platform.stats().failed == 1; }));
  }
  CHECK(api.member_state(chat, 201) == "restricted until 1767229200");
  CHECK(api.member_state(chat, 202) == "banned until 0");
  CHECK(api.member_state(chat, 203) == "member");     // muted, then the mute lifted
  CHECK(api.member_state(chat, 204) == "left");       // a kick: banned, then unbanned
  CHECK(api.member_state(chat, 205) == "member");     // unban only if banned never removes a member
  CHECK(api.member_state(chat, 999) == "member");
  std::string error;
  CHECK(outbox_state(app, "restrict_member", &error) == "failed");
  CHECK(error == "Bad Request: user is an administrator of the chat");

  // The join requests the updates announced are approved and declined; a second answer is refused by Telegram.
  enqueue(app, {member_action(ActionKind::approve_join, 301), member_action(ActionKind::decline_join, 302),
                member_action(ActionKind::approve_join, 302)});
  {
    Live live(app, api);
    REQUIRE(wait_until([&] { return live.platform.stats().sent == 2 && live.platform.stats().failed == 1; }));
  }
  CHECK(calls_of(api, "approveChatJoinRequest").size() == 1);
  CHECK(calls_of(api, "declineChatJoinRequest").size() == 1);
  CHECK(outbox_state(app, "approve_join", &error) == "failed");
  CHECK(error == "Bad Request: HIDE_REQUESTER_MISSING");
}

TEST_CASE("a presented message is linked to its subject; edits and deletes act on it", "[telegram][live][actions]") {
  testing::FakeBotApi api(token);
  Application app(testing::example_config(), AppOptions{":memory:"});
  Action question;
  question.kind = ActionKind::send_message;
  question.text = "Q1: how do I join the fan meeting?";
  question.subject = "question:1";
  question.keyboard = {{{"Answer", "qa:answer:1"}}};
  enqueue(app, {question});
  {
    Live live(app, api);
    REQUIRE(wait_until([&] { return live.platform.stats().sent == 1; }));
  }
  std::string subject;
  REQUIRE(wait_until([&] {
    app.with_database([&](SQLite::Database& db) {
      storage::StatementCache cache(db);
      subject = storage::OutboxRepository(cache).subject_of("telegram", std::to_string(chat), "5000");
    });
    return !subject.empty();
  }));
  CHECK(subject == "question:1");

  Action edit;
  edit.kind = ActionKind::edit_message;
  edit.message_id = "5000";
  edit.text = "Q1 (closed): how do I join the fan meeting?";
  Action same = edit;  // the same text again: Telegram says "not modified", which is what we wanted
  same.keyboard = {};
  Action remove;
  remove.kind = ActionKind::delete_message;
  remove.message_id = "5000";
  Action remove_again = remove;  // already gone: counts as done
  enqueue(app, {edit, same, remove, remove_again});
  {
    Live live(app, api);
    REQUIRE(wait_until([&] { return live.platform.stats().sent == 4; }));
    CHECK(live.platform.stats().failed == 0);
  }
  CHECK(calls_of(api, "editMessageText").size() == 2);
  CHECK(calls_of(api, "deleteMessage").size() == 1);
  CHECK(api.message_text(chat, 5000).empty());
}

TEST_CASE("a local photo is uploaded as multipart and a missing one is stored as failed", "[telegram][live][actions]") {
  const auto path = std::filesystem::temp_directory_path() / ("fanbase-photo-" + std::to_string(::getpid()) + ".png");
  std::string bytes = "\x89PNG\r\n\x1a\n";
  bytes += std::string("\r\n--not-the-boundary\r\n", 22) + std::string(3000, '\0');
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  testing::FakeBotApi api(token);
  Application app(testing::example_config(), AppOptions{":memory:"});
  Action photo;
  photo.kind = ActionKind::send_photo;
  photo.photo = path.string();
  photo.text = "Weekly report <b>&</b>";
  Action missing = photo;
  missing.photo = "/nonexistent/report.png";
  enqueue(app, {photo, missing});
  {
    Live live(app, api);
    REQUIRE(wait_until([&] { return live.platform.stats().sent == 1 && live.platform.stats().failed == 1; }));
  }
  const auto uploads = calls_of(api, "sendPhoto");
  REQUIRE(uploads.size() == 1);
  const auto fields = body_of(uploads[0]);
  CHECK(fields.at("photo").at("bytes").to_number<std::size_t>() == bytes.size());
  CHECK(fields.at("photo").at("file").as_string() == path.filename().string());
  CHECK(fields.at("caption").as_string() == "Weekly report &lt;b&gt;&amp;&lt;/b&gt;");
  CHECK(fields.at("chat_id").as_string() == std::to_string(chat));
  std::string error;
  CHECK(outbox_state(app, "send_photo", &error) == "failed");
  CHECK_THAT(error, Contains("/nonexistent/report.png"));
  std::filesystem::remove(path);
}

TEST_CASE("the chats' administrators are learnt at start and trusted as moderators", "[telegram][live][actions]") {
  testing::FakeBotApi api(token);
  Application app(testing::example_config(), AppOptions{":memory:"});
  api.add_admin(777);
  {
    Live live(app, api);
    api.add_update(message_update(10, "alice", 111, "hello, first message in the group"));
    REQUIRE(wait_until([&] { return live.platform.stats().applied >= 1; }));
  }
  // The community exists now; the next start asks for its administrators.
  api.add_update(message_update(11, "admin777", 777, "/warn @alice spam"));
  Live live(app, api);
  REQUIRE(wait_until([&] {
    for (const auto& body : api.sent()) {
      if (body.find("alice was warned") != std::string::npos) return true;
    }
    return false;
  }));
  std::int64_t flagged = 0;
  app.with_database([&](SQLite::Database& db) {
    flagged = db.execAndGet("SELECT count(*) FROM member WHERE platform_admin = 1 AND user_id = '777'").getInt64();
  });
  CHECK(flagged == 1);
}
