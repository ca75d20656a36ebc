// Tests for fanbase::telegram::UpdateMapper: one case per mapping rule (fixtures in tests/data/telegram are real
// Bot API Update objects), then malformed and hostile input as data rows, then reuse of one mapper.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "bot/telegram/telegram_update.hpp"

using fanbase::EventKind;
using fanbase::telegram::MapStatus;
using fanbase::telegram::Mapped;
using fanbase::telegram::UpdateMapper;
using Catch::Matchers::StartsWith;

namespace {

// The receipt time the mapper checks update dates against: 2027-01-01T00:00:00Z, after every fixture.
constexpr std::int64_t received_ms = 1'798'761'600'000;


const std::vector<std::string> all_fixtures = {
    "message_group_text.json",       "message_reply.json",           "message_text_mention_utf16.json",
    "message_photo_caption.json",    "message_forum_topic.json",     "message_new_chat_members.json",
    "message_left_chat_member.json", "edited_message.json",          "callback_query.json",
    "message_reaction.json",         "chat_member_join.json",        "chat_join_request.json",
    "channel_post.json",             "poll.json",                    "message_anonymous_admin.json"};

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(FANBASE_TEST_DATA_DIR "/telegram/") + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Mapped map_text(const std::string& text) {
  UpdateMapper mapper;
  return mapper.map(text, received_ms);
}

Mapped map_fixture(const std::string& name) { return map_text(fixture(name)); }

// A compact rendering of everything a Mapped carries, to compare two results field by field.
std::string summary(const Mapped& m) {
  std::ostringstream s;
  s << fanbase::telegram::to_string(m.status) << '|' << m.reason << '|' << m.update_id;
  if (m.status != MapStatus::event) return s.str();
  const auto& e = m.event;
  auto user = [&](const fanbase::UserInfo& u) {
    s << '{' << u.id << ',' << u.display_name << ',' << u.username << ',' << u.is_bot << '}';
  };
  s << '|' << e.key << '|' << e.platform << '|' << e.chat_id << '|' << e.chat_title << '|' << e.private_chat << '|'
    << fanbase::to_string(e.kind) << '|';
  user(e.author);
  s << '|' << e.message_id << '|' << e.thread_id << '|' << e.text << '|';
  if (e.reply_to) {
    s << e.reply_to->message_id;
    if (e.reply_to->author) user(*e.reply_to->author);
  }
  for (const auto& m2 : e.mentions) {
    s << '[' << m2.text;
    user(m2.user);
    s << ']';
  }
  for (const auto& u : e.subjects) user(u);
  s << '|' << e.reaction_added << '|' << e.callback_data << '|' << e.callback_id << '|' << e.at_ms;
  return s.str();
}

// A message update around `fields` (JSON members without braces), in a plain supergroup, from Alice.
std::string message_with(const std::string& fields, const std::string& payload = "message") {
  return R"({"update_id":7001,")" + payload +
         R"(":{"message_id":77,"from":{"id":5123456789,"is_bot":false,"first_name":"Alice"},)"
         R"("chat":{"id":-1001712345678,"title":"Lions FC Supporters","type":"supergroup"},"date":1718035200)" +
         (fields.empty() ? "" : "," + fields) + "}}";
}

std::string member(const std::string& status, const std::string& extra = "") {
  return R"({"user":{"id":7012345678,"is_bot":false,"first_name":"Carol"},"status":")" + status + "\"" + extra + "}";
}

std::string chat_member_update(const std::string& old_member, const std::string& new_member) {
  return R"({"update_id":7100,"chat_member":{"chat":{"id":-1001712345678,"title":"Lions","type":"supergroup"},)"
         R"("from":{"id":287654321,"is_bot":false,"first_name":"Bob"},"date":1718035720,"old_chat_member":)" +
         old_member + R"(,"new_chat_member":)" + new_member + "}}";
}

std::string reaction_update(const std::string& old_list, const std::string& new_list,
                            const std::string& actor = R"("user":{"id":287654321,"is_bot":false,"first_name":"Bob"})") {
  return R"({"update_id":7200,"message_reaction":{"chat":{"id":-1001712345678,"title":"Lions","type":"supergroup"},)"
         R"("message_id":48213,)" +
         actor + R"(,"date":1718035660,"old_reaction":)" + old_list + R"(,"new_reaction":)" + new_list + "}}";
}

}  // namespace

TEST_CASE("a plain group message becomes a message event with 64-bit ids as text", "[telegram][update]") {
  const Mapped m = map_fixture("message_group_text.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.reason.empty());
  CHECK(m.update_id == 734512345);
  const auto& e = m.event;
  CHECK(e.key == "tg:734512345");
  CHECK(e.platform == "telegram");
  CHECK(e.kind == EventKind::message);
  CHECK(e.chat_id == "-1001712345678");
  CHECK(e.chat_title == "Lions FC Supporters 🦁");
  CHECK_FALSE(e.private_chat);
  CHECK(e.author.id == "5123456789");  // > 2^32: would be wrong as a 32-bit id
  CHECK(e.author.display_name == "Alice Liddell");
  CHECK(e.author.username == "alice_l");
  CHECK_FALSE(e.author.is_bot);
  CHECK(e.message_id == "48213");
  CHECK(e.thread_id.empty());
  CHECK(e.text == "Good morning everyone! Who's watching the match tonight? /top");
  CHECK_FALSE(e.reply_to);
  CHECK(e.mentions.empty());  // bot_command is not a mention
  CHECK(e.subjects.empty());
  CHECK(e.at_ms == 1718035200000);
}

TEST_CASE("a private chat takes its title from the user's first name", "[telegram][update]") {
  const Mapped m = map_text(
      R"({"update_id":7002,"message":{"message_id":5,"from":{"id":287654321,"is_bot":false,"first_name":"Bob"},)"
      R"("chat":{"id":287654321,"first_name":"Bob","type":"private"},"date":1718035200,"text":"/points"}})");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.private_chat);
  CHECK(m.event.chat_title == "Bob");
  CHECK(m.event.chat_id == "287654321");
}

TEST_CASE("a reply names the replied-to message and its author", "[telegram][update]") {
  const Mapped m = map_fixture("message_reply.json");
  REQUIRE(m.status == MapStatus::event);
  const auto& e = m.event;
  CHECK(e.author.id == "287654321");
  CHECK(e.author.display_name == "Bob");
  CHECK(e.text == "Me! Kick-off is at 20:45 👍");
  REQUIRE(e.reply_to);
  CHECK(e.reply_to->message_id == "48213");
  REQUIRE(e.reply_to->author);
  CHECK(e.reply_to->author->id == "5123456789");
  CHECK(e.reply_to->author->display_name == "Alice Liddell");

  SECTION("a reply to an anonymous admin has no known author") {
    const Mapped a = map_text(message_with(
        R"("text":"ok","reply_to_message":{"message_id":70,"from":{"id":1087968824,"is_bot":true,)"
        R"("first_name":"Group","username":"GroupAnonymousBot"},"sender_chat":{"id":-1001712345678,"type":"supergroup"},)"
        R"("chat":{"id":-1001712345678,"type":"supergroup"},"date":1718035100,"text":"rules"})"));
    REQUIRE(a.status == MapStatus::event);
    REQUIRE(a.event.reply_to);
    CHECK(a.event.reply_to->message_id == "70");
    CHECK_FALSE(a.event.reply_to->author);
  }
}

TEST_CASE("@username mentions are counted from the platform's entities, not re-parsed", "[telegram][update]") {
  // The fixture has one plain "mention" entity (besides bold and two text_mentions).
  CHECK(map_fixture("message_text_mention_utf16.json").event.username_mentions == std::optional<std::size_t>{1});
  // Entities present but none of them a mention: zero, even though the text has an @-word Telegram did not mark.
  const Mapped marked = map_text(R"({"update_id":1,"message":{"message_id":2,"date":1718035320,
    "chat":{"id":-100,"type":"supergroup","title":"t"},"from":{"id":7,"is_bot":false,"first_name":"A"},
    "text":"mail me at @home_office","entities":[{"offset":0,"length":4,"type":"bold"}]}})");
  REQUIRE(marked.status == MapStatus::event);
  CHECK(marked.event.username_mentions == std::optional<std::size_t>{0});
  // No entities at all: the platform said nothing, so the text's own @usernames are counted later.
  const Mapped silent = map_text(R"({"update_id":3,"message":{"message_id":4,"date":1718035320,
    "chat":{"id":-100,"type":"supergroup","title":"t"},"from":{"id":7,"is_bot":false,"first_name":"A"},
    "text":"hi @someone"}})");
  REQUIRE(silent.status == MapStatus::event);
  CHECK_FALSE(silent.event.username_mentions.has_value());
}

TEST_CASE("text_mention offsets are UTF-16 code units, turned into exact UTF-8 substrings", "[telegram][update]") {
  // The fixture escapes every non-ASCII character as \uXXXX (emoji as surrogate pairs), as the Bot API does.
  const Mapped m = map_fixture("message_text_mention_utf16.json");
  REQUIRE(m.status == MapStatus::event);
  const auto& e = m.event;
  CHECK(e.text == "你好👋 欢迎 Alice，还有 🦄小明 和 Bob!");
  CHECK(e.author.display_name == "小明");
  CHECK(e.author.id == "6987654321");
  REQUIRE(e.mentions.size() == 2);  // "bold" and the plain "mention" (@-style) entities are not text_mentions
  CHECK(e.mentions[0].text == "Alice");
  CHECK(e.mentions[0].user.id == "5123456789");
  CHECK(e.mentions[0].user.display_name == "Alice Liddell");
  CHECK(e.mentions[0].user.username.empty());
  CHECK(e.mentions[1].text == "🦄小明");
  CHECK(e.mentions[1].user.id == "6987654321");
}

TEST_CASE("a photo's caption is the text and its caption_entities give mentions", "[telegram][update]") {
  const Mapped m = map_fixture("message_photo_caption.json");
  REQUIRE(m.status == MapStatus::event);
  const auto& e = m.event;
  CHECK(e.kind == EventKind::message);
  CHECK(e.text == "赛后照片 📸 thanks Carol!");
  REQUIRE(e.mentions.size() == 1);
  CHECK(e.mentions[0].text == "Carol");
  CHECK(e.mentions[0].user.id == "7012345678");
  CHECK(e.mentions[0].user.display_name == "Carol");  // last_name of blanks is trimmed away
}

TEST_CASE("media without a caption is still a member's message, with empty text", "[telegram][update]") {
  const std::string media = GENERATE(as<std::string>{},
                                     R"("sticker":{"file_id":"CAACAgIAAxk","file_unique_id":"AgADBA","type":"regular",)"
                                     R"("width":512,"height":512,"is_animated":false,"is_video":false,"emoji":"⚽"})",
                                     R"("voice":{"file_id":"AwACAgIAAxk","file_unique_id":"AgADsw","duration":4})",
                                     R"("dice":{"emoji":"🎲","value":6})");
  const Mapped m = map_text(message_with(media));
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.kind == EventKind::message);
  CHECK(m.event.text.empty());
}

TEST_CASE("a forum topic message has a thread, and the topic's creation message is no reply", "[telegram][update]") {
  const Mapped m = map_fixture("message_forum_topic.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.thread_id == "310");
  CHECK(m.event.chat_id == "-1001898765432");
  CHECK_FALSE(m.event.reply_to);
  CHECK(m.event.text == "Lineup is out, same XI as last week");

  SECTION("a real reply inside a topic is kept") {
    const Mapped r = map_text(message_with(
        R"("message_thread_id":310,"is_topic_message":true,"text":"agreed",)"
        R"("reply_to_message":{"message_id":455,"from":{"id":287654321,"is_bot":false,"first_name":"Bob"},)"
        R"("chat":{"id":-1001712345678,"type":"supergroup"},"date":1718035440,"message_thread_id":310,)"
        R"("is_topic_message":true,"text":"Lineup is out"})"));
    REQUIRE(r.status == MapStatus::event);
    CHECK(r.event.thread_id == "310");
    REQUIRE(r.event.reply_to);
    CHECK(r.event.reply_to->message_id == "455");
    CHECK(r.event.reply_to->author->id == "287654321");
  }
  SECTION("a reply thread in an ordinary supergroup is not a topic") {
    const Mapped r = map_text(message_with(R"("message_thread_id":48213,"text":"+1")"));
    REQUIRE(r.status == MapStatus::event);
    CHECK(r.event.thread_id.empty());
  }
}

TEST_CASE("new_chat_members becomes member_joined with every new member as a subject", "[telegram][update]") {
  const Mapped m = map_fixture("message_new_chat_members.json");
  REQUIRE(m.status == MapStatus::event);
  const auto& e = m.event;
  CHECK(e.kind == EventKind::member_joined);
  CHECK(e.author.id == "5123456789");  // who added them
  REQUIRE(e.subjects.size() == 2);
  CHECK(e.subjects[0].id == "6987654321");
  CHECK(e.subjects[0].display_name == "小明");
  CHECK(e.subjects[1].id == "7012345678");
  CHECK(e.message_id == "48217");
  CHECK(e.text.empty());
  CHECK(e.at_ms == 1718035500000);
}

TEST_CASE("left_chat_member becomes member_left with that user as the subject", "[telegram][update]") {
  const Mapped m = map_fixture("message_left_chat_member.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.kind == EventKind::member_left);
  REQUIRE(m.event.subjects.size() == 1);
  CHECK(m.event.subjects[0].id == "287654321");
  CHECK(m.event.subjects[0].username == "bobby");
}

TEST_CASE("other service messages are skipped with their field name", "[telegram][update]") {
  const auto [fields, reason] = GENERATE(table<std::string, std::string>({
      {R"("pinned_message":{"message_id":48213,"chat":{"id":-1001712345678,"type":"supergroup"},"date":1718035200})",
       "service:pinned_message"},
      {R"("new_chat_title":"Lions FC Supporters 2024/25")", "service:new_chat_title"},
      {R"("message_thread_id":311,"forum_topic_created":{"name":"Transfers","icon_color":16766590},)"
       R"("is_topic_message":true)",
       "service:forum_topic_created"},
      {R"("video_chat_started":{})", "service:video_chat_started"},
      {R"("some_future_service":{"x":1})", "service:some_future_service"},
      {"", "service:unknown"},
  }));
  const Mapped m = map_text(message_with(fields));
  CHECK(m.status == MapStatus::skipped);
  CHECK(m.reason == reason);
  CHECK(m.update_id == 7001);
}

TEST_CASE("edited_message maps to edited_message, timed by edit_date", "[telegram][update]") {
  const Mapped m = map_fixture("edited_message.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.kind == EventKind::edited_message);
  CHECK(m.event.key == "tg:734512352");
  CHECK(m.event.message_id == "48214");
  CHECK(m.event.text == "Me! Kick-off is at 20:45 CET 👍");
  CHECK(m.event.at_ms == 1718035299000);
  REQUIRE(m.event.reply_to);
  CHECK(m.event.reply_to->message_id == "48213");

  SECTION("without edit_date the message date is used") {
    const Mapped d = map_text(message_with(R"("text":"fixed typo")", "edited_message"));
    REQUIRE(d.status == MapStatus::event);
    CHECK(d.event.kind == EventKind::edited_message);
    CHECK(d.event.at_ms == 1718035200000);
  }
}

TEST_CASE("channel posts, anonymous admins and sender-less messages are skipped", "[telegram][update]") {
  SECTION("channel_post") {
    const Mapped m = map_fixture("channel_post.json");
    CHECK(m.status == MapStatus::skipped);
    CHECK(m.reason == "channel_post");
    CHECK(m.update_id == 734512357);
  }
  SECTION("edited_channel_post") {
    const Mapped m = map_text(R"({"update_id":5,"edited_channel_post":{"message_id":1,"chat":{"id":-1001555000111,)"
                              R"("type":"channel"},"date":1718035840,"edit_date":1718035900,"text":"x"}})");
    CHECK(m.status == MapStatus::skipped);
    CHECK(m.reason == "channel_post");
  }
  SECTION("anonymous admin (sender_chat with a placeholder from)") {
    const Mapped m = map_fixture("message_anonymous_admin.json");
    CHECK(m.status == MapStatus::skipped);
    CHECK(m.reason == "anonymous_sender");
    CHECK(m.update_id == 734512359);
  }
  SECTION("no from at all") {
    const Mapped m = map_text(R"({"update_id":6,"message":{"message_id":1,"chat":{"id":-1001712345678,)"
                              R"("type":"supergroup"},"date":1718035200,"text":"who am I"}})");
    CHECK(m.status == MapStatus::skipped);
    CHECK(m.reason == "no_sender");
  }
}

TEST_CASE("callback_query becomes a callback on the button's message", "[telegram][update]") {
  const Mapped m = map_fixture("callback_query.json");
  REQUIRE(m.status == MapStatus::event);
  const auto& e = m.event;
  CHECK(e.kind == EventKind::callback);
  CHECK(e.author.id == "7012345678");
  CHECK(e.author.display_name == "Carol");
  CHECK(e.callback_id == "4382bfdwdsb323b2d9");
  CHECK(e.callback_data == "motm:saka");
  CHECK(e.chat_id == "-1001712345678");
  CHECK(e.message_id == "48219");
  CHECK(e.text.empty());
  CHECK(e.at_ms == 0);  // the Bot API gives no time for a button press; the adapter stamps it

  SECTION("an inline-mode button has no chat and is skipped") {
    const Mapped i = map_text(R"({"update_id":8,"callback_query":{"id":"99","from":{"id":7012345678,"is_bot":false,)"
                              R"("first_name":"Carol"},"inline_message_id":"AAAAAGxxx","chat_instance":"-532",)"
                              R"("data":"motm:kane"}})");
    CHECK(i.status == MapStatus::skipped);
    CHECK(i.reason == "inline_callback");
  }
  SECTION("an inaccessible message (date 0) still names its chat and id") {
    const Mapped i = map_text(R"({"update_id":9,"callback_query":{"id":"98","from":{"id":7012345678,"is_bot":false,)"
                              R"("first_name":"Carol"},"message":{"chat":{"id":-1001712345678,"type":"supergroup"},)"
                              R"("message_id":40001,"date":0},"chat_instance":"-532","data":"motm:kane"}})");
    REQUIRE(i.status == MapStatus::event);
    CHECK(i.event.message_id == "40001");
    CHECK(i.event.callback_data == "motm:kane");
  }
}

TEST_CASE("message_reaction counts only the reactions that are new", "[telegram][update]") {
  const Mapped m = map_fixture("message_reaction.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.kind == EventKind::reaction);
  CHECK(m.event.author.id == "287654321");
  CHECK(m.event.message_id == "48213");
  CHECK(m.event.chat_id == "-1001712345678");
  CHECK(m.event.reaction_added == 2);  // 🔥 and the custom emoji; 👍 was already there
  CHECK(m.event.at_ms == 1718035660000);

  const auto [old_list, new_list, added] = GENERATE(table<std::string, std::string, int>({
      {R"([])", R"([{"type":"emoji","emoji":"👍"}])", 1},
      {R"([{"type":"emoji","emoji":"👍"}])", R"([])", 0},
      {R"([{"type":"emoji","emoji":"👍"}])", R"([{"type":"emoji","emoji":"👍"}])", 0},
      {R"([{"type":"emoji","emoji":"👍"}])", R"([{"type":"emoji","emoji":"❤"}])", 1},
      {R"([{"type":"custom_emoji","custom_emoji_id":"1"}])", R"([{"type":"custom_emoji","custom_emoji_id":"2"}])", 1},
      {R"([{"type":"custom_emoji","custom_emoji_id":"1"}])", R"([{"type":"custom_emoji","custom_emoji_id":"1"}])", 0},
      {R"([])", R"([{"type":"paid"}])", 1},
      {R"([{"type":"paid"}])", R"([{"type":"paid"},{"type":"emoji","emoji":"🔥"}])", 1},
  }));
  const Mapped r = map_text(reaction_update(old_list, new_list));
  REQUIRE(r.status == MapStatus::event);
  CHECK(r.event.reaction_added == added);
}

TEST_CASE("an anonymous reaction (actor_chat, no user) is skipped", "[telegram][update]") {
  const Mapped m = map_text(reaction_update(
      "[]", R"([{"type":"emoji","emoji":"👍"}])",
      R"("actor_chat":{"id":-1001712345678,"title":"Lions","type":"supergroup"})"));
  CHECK(m.status == MapStatus::skipped);
  CHECK(m.reason == "anonymous_reaction");
  CHECK(m.update_id == 7200);
}

TEST_CASE("chat_member status changes become joins and leaves", "[telegram][update]") {
  SECTION("fixture: left → member") {
    const Mapped m = map_fixture("chat_member_join.json");
    REQUIRE(m.status == MapStatus::event);
    CHECK(m.event.kind == EventKind::member_joined);
    CHECK(m.event.author.id == "7012345678");
    REQUIRE(m.event.subjects.size() == 1);
    CHECK(m.event.subjects[0].id == "7012345678");
    CHECK(m.event.at_ms == 1718035720000);
    CHECK(m.event.message_id.empty());
  }
  SECTION("transitions") {
    const std::string in_r = member("restricted", R"(,"is_member":true,"until_date":0)");
    const std::string out_r = member("restricted", R"(,"is_member":false,"until_date":0)");
    const auto [old_m, new_m, expected] = GENERATE_COPY(table<std::string, std::string, std::string>({
        {member("left"), member("member"), "member_joined"},
        {member("kicked", R"(,"until_date":0)"), member("member"), "member_joined"},
        {member("left"), member("administrator", R"(,"can_be_edited":false,"is_anonymous":false)"), "member_joined"},
        {out_r, in_r, "member_joined"},
        {member("left"), in_r, "member_joined"},
        {member("member"), member("left"), "member_left"},
        {member("administrator"), member("kicked", R"(,"until_date":0)"), "member_left"},
        {in_r, member("left"), "member_left"},
        {member("creator"), out_r, "member_left"},
        {member("member"), member("administrator"), "member_updated"},  // promoted (trust_platform_admins)
        {member("administrator"), member("member"), "member_updated"},  // demoted
        {member("administrator"), member("creator"), "skipped:chat_member:no_change"},
        {member("member"), in_r, "skipped:chat_member:no_change"},
        {member("left"), member("kicked"), "skipped:chat_member:no_change"},
        {member("left"), out_r, "skipped:chat_member:no_change"},
        {member("left"), member("owner_of_the_future"), "skipped:chat_member:unknown_status"},
    }));
    const Mapped m = map_text(chat_member_update(old_m, new_m));
    const std::string got = m.status == MapStatus::event ? fanbase::to_string(m.event.kind) : "skipped:" + m.reason;
    CHECK(got == expected);
    if (m.status == MapStatus::event) {
      CHECK(m.event.author.id == "287654321");  // who made the change
      REQUIRE(m.event.subjects.size() == 1);
      CHECK(m.event.subjects[0].id == "7012345678");
      CHECK(m.event.subjects[0].admin == (new_m.find("\"administrator\"") != std::string::npos ||
                                         new_m.find("\"creator\"") != std::string::npos));
    }
  }
}

TEST_CASE("my_chat_member is skipped", "[telegram][update]") {
  const Mapped m = map_text(R"({"update_id":11,"my_chat_member":{"chat":{"id":-1001712345678,"type":"supergroup"},)"
                            R"("from":{"id":5123456789,"is_bot":false,"first_name":"Alice"},"date":1718035720,)"
                            R"("old_chat_member":{"user":{"id":6500000001,"is_bot":true,"first_name":"Fanbase"},)"
                            R"("status":"left"},"new_chat_member":{"user":{"id":6500000001,"is_bot":true,)"
                            R"("first_name":"Fanbase"},"status":"administrator"}}})");
  CHECK(m.status == MapStatus::skipped);
  CHECK(m.reason == "my_chat_member");
  CHECK(m.update_id == 11);
}

TEST_CASE("chat_join_request becomes join_request with the bio as text", "[telegram][update]") {
  const Mapped m = map_fixture("chat_join_request.json");
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.kind == EventKind::join_request);
  CHECK(m.event.author.id == "6987654321");
  CHECK(m.event.chat_id == "-1001712345678");
  CHECK(m.event.text == "狮子队球迷 since 2004 ⚽");
  CHECK(m.event.at_ms == 1718035780000);
}

TEST_CASE("other update types are skipped as unsupported, by field name", "[telegram][update]") {
  const Mapped poll = map_fixture("poll.json");
  CHECK(poll.status == MapStatus::skipped);
  CHECK(poll.reason == "unsupported:poll");
  CHECK(poll.update_id == 734512358);

  const std::string name = GENERATE(as<std::string>{}, "inline_query", "chosen_inline_result", "poll_answer",
                                    "shipping_query", "pre_checkout_query", "message_reaction_count", "chat_boost",
                                    "removed_chat_boost", "business_message", "purchased_paid_media");
  const Mapped m = map_text(R"({"update_id":12,")" + name + R"(":{"id":"1"}})");
  CHECK(m.status == MapStatus::skipped);
  CHECK(m.reason == "unsupported:" + name);
  CHECK(m.update_id == 12);
}

TEST_CASE("malformed and hostile input is refused with a precise reason, never an exception", "[telegram][update]") {
  const std::string deep_open = R"({"update_id":1,"message":)" + std::string(100000, '[');
  std::string deep_closed = R"({"update_id":1,"message":)";
  deep_closed += std::string(200, '[') + std::string(200, ']') + "}";
  const std::string huge = R"({"update_id":1,"message":")" + std::string(2 << 20, 'a') + "\"}";

  const auto [input, reason] = GENERATE_COPY(table<std::string, std::string>({
      {"", "not JSON: "},
      {"not json", "not JSON: "},
      {R"({"update_id":1,"message":{}} trailing)", "not JSON: "},
      {R"({"update_id":1,)", "not JSON: "},
      {std::string("{\"update_id\":1,\"poll\":\"a\xff\xfe\"}"), "not JSON: "},  // invalid UTF-8
      {std::string("{\"update_id\":1,\0\"x\":1}", 22), "not JSON: "},
      {R"({"update_id":1,"poll":"\ud800"})", "not JSON: "},                      // lone surrogate
      {R"({"update_id":1e99999})", "update_id not an integer"},  // parses as a double (inf)
      {deep_open, "not JSON: "},
      {deep_closed, "not JSON: "},
      {huge, "too large: "},
      {"[1,2,3]", "not an object"},
      {"42", "not an object"},
      {"null", "not an object"},
      {"{}", "update_id missing"},
      {R"({"message":{}})", "update_id missing"},
      {R"({"update_id":"5","message":{}})", "update_id not an integer"},
      {R"({"update_id":1.5})", "update_id not an integer"},
      {R"({"update_id":99999999999999999999999})", "update_id not an integer"},
      {R"({"update_id":18446744073709551615})", "update_id not an integer"},
      {R"({"update_id":1})", "update has no payload"},
      {R"({"update_id":1,"message":[]})", "message not an object"},
      {R"({"update_id":1,"callback_query":"x"})", "callback_query not an object"},
      {R"({"update_id":1,"message":{"message_id":1,"date":1718035200}})", "message.chat missing"},
      {R"({"update_id":1,"message":{"message_id":1,"date":1718035200,"chat":7}})", "message.chat not an object"},
      {R"({"update_id":1,"message":{"message_id":1,"date":1718035200,"chat":{"id":"-100"}}})",
       "message.chat.id not an integer"},
      {R"({"update_id":1,"message":{"message_id":1,"date":1718035200,"chat":{"id":1e30}}})",
       "message.chat.id not an integer"},
      {R"({"update_id":1,"message":{"date":1718035200,"chat":{"id":1}}})", "message.message_id missing"},
      {R"({"update_id":1,"message":{"message_id":1,"chat":{"id":1}}})", "message.date missing"},
      {R"({"update_id":1,"message":{"message_id":1,"date":"today","chat":{"id":1}}})", "message.date not an integer"},
      {R"({"update_id":1,"message":{"message_id":1,"date":-5,"chat":{"id":1}}})", "message.date out of range"},
      {R"({"update_id":1,"message":{"message_id":1,"date":9223372036854775807,"chat":{"id":1}}})",
       "message.date out of range"},
      {message_with("").replace(message_with("").find(R"("from":{)"), 8, R"("from":7,"x":{)"),
       "message.from not an object"},
      {R"({"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1},"from":{"first_name":"A"}}})",
       "message.from.id missing"},
      {message_with(R"("text":5)"), "message.text not a string"},
      {message_with(R"("text":"hi","entities":{})"), "message.entities not an array"},
      {message_with(R"("text":"hi","entities":[3])"), "message.entities[] not an object"},
      {message_with(R"("text":"hi","entities":[{"offset":0,"length":2}])"), "message.entities[].type missing"},
      {message_with(R"("text":"hi","entities":[{"type":"text_mention","offset":0,"length":2}])"),
       "message.entities[].user missing"},
      {message_with(R"("text":"hi","entities":[{"type":"text_mention","offset":"0","length":2,"user":{"id":1}}])"),
       "message.entities[].offset not an integer"},
      {message_with(R"("text":"hi","reply_to_message":{"date":1})"), "message.reply_to_message.message_id missing"},
      {message_with(R"("text":"hi","reply_to_message":{"message_id":3,"from":{"id":true}})"),
       "message.reply_to_message.from.id not an integer"},
      {message_with(R"("text":"hi","is_topic_message":"yes")"), "message.is_topic_message not a boolean"},
      {message_with(R"("new_chat_members":[])"), "message.new_chat_members empty"},
      {message_with(R"("new_chat_members":[5])"), "message.new_chat_members[] not an object"},
      {message_with(R"("new_chat_members":[{"first_name":"X"}])"), "message.new_chat_members[].id missing"},
      {message_with(R"("left_chat_member":[])"), "message.left_chat_member not an object"},
      {message_with(R"("text":"x","edit_date":"now")", "edited_message"), "edited_message.edit_date not an integer"},
      {R"({"update_id":1,"callback_query":{"id":"1","message":{"message_id":1,"chat":{"id":1},"date":0}}})",
       "callback_query.from missing"},
      {R"({"update_id":1,"callback_query":{"from":{"id":1}}})", "callback_query.id missing"},
      {R"({"update_id":1,"callback_query":{"id":"1","from":{"id":1},"message":{"message_id":1,"date":0}}})",
       "callback_query.message.chat missing"},
      {reaction_update("[]", "5"), "message_reaction.new_reaction not an array"},
      {reaction_update("[1]", "[]"), "message_reaction.old_reaction[] not an object"},
      {reaction_update("[]", R"([{"emoji":"👍"}])"), "message_reaction.new_reaction[].type missing"},
      {R"({"update_id":1,"message_reaction":{"chat":{"id":1},"message_id":1,"date":1,"old_reaction":[]}})",
       "message_reaction.new_reaction missing"},
      {chat_member_update(member("left"), R"({"user":{"id":1}})"), "chat_member.new_chat_member.status missing"},
      {chat_member_update(member("left"), R"({"status":"member"})"), "chat_member.new_chat_member.user missing"},
      {chat_member_update(member("restricted", R"(,"is_member":"no")"), member("member")),
       "chat_member.old_chat_member.is_member not a boolean"},
      {R"({"update_id":1,"chat_join_request":{"chat":{"id":1},"from":{"id":2}}})", "chat_join_request.date missing"},
      {R"({"update_id":1,"chat_join_request":{"chat":{"id":1},"from":{"id":2},"date":1,"bio":[]}})",
       "chat_join_request.bio not a string"},
  }));
  UpdateMapper mapper;
  Mapped m;
  REQUIRE_NOTHROW(m = mapper.map(input, received_ms));
  CHECK(m.status == MapStatus::malformed);
  CHECK_THAT(m.reason, StartsWith(reason));
  CHECK(m.reason.size() < 200);
}

TEST_CASE("the update_id is reported even when the payload is malformed", "[telegram][update]") {
  const Mapped m = map_text(R"({"update_id":734512999,"message":{"message_id":1}})");
  CHECK(m.status == MapStatus::malformed);
  CHECK(m.update_id == 734512999);
}

TEST_CASE("a text_mention span that does not fit the text is dropped, the message kept", "[telegram][update]") {
  const std::string span = GENERATE(as<std::string>{}, R"("offset":0,"length":50)", R"("offset":-1,"length":2)",
                                    R"("offset":1,"length":1)",  // cuts the surrogate pair of 👋
                                    R"("offset":9223372036854775807,"length":9223372036854775807)");
  const Mapped m = map_text(message_with(R"("text":"👋 hi","entities":[{"type":"text_mention",)" + span +
                                         R"(,"user":{"id":1,"is_bot":false,"first_name":"X"}}])"));
  REQUIRE(m.status == MapStatus::event);
  CHECK(m.event.text == "👋 hi");
  CHECK(m.event.mentions.empty());
}

TEST_CASE("utf16_span_to_utf8 converts UTF-16 spans to UTF-8 byte spans", "[telegram][update]") {
  using fanbase::telegram::utf16_span_to_utf8;
  using Span = std::pair<std::size_t, std::size_t>;
  const std::string text = "a你👋b";  // units: a=1, 你=1, 👋=2, b=1; bytes: 1, 3, 4, 1
  CHECK(utf16_span_to_utf8(text, 0, 1) == Span{0, 1});
  CHECK(utf16_span_to_utf8(text, 1, 1) == Span{1, 3});
  CHECK(utf16_span_to_utf8(text, 2, 2) == Span{4, 4});
  CHECK(utf16_span_to_utf8(text, 4, 1) == Span{8, 1});
  CHECK(utf16_span_to_utf8(text, 0, 5) == Span{0, 9});
  CHECK(utf16_span_to_utf8(text, 5, 0) == Span{9, 0});
  CHECK_FALSE(utf16_span_to_utf8(text, 3, 1));  // starts inside 👋
  CHECK_FALSE(utf16_span_to_utf8(text, 2, 1));  // ends inside 👋
  CHECK_FALSE(utf16_span_to_utf8(text, 4, 2));  // past the end
  CHECK_FALSE(utf16_span_to_utf8(text, 6, 0));
  CHECK_FALSE(utf16_span_to_utf8(text, -1, 1));
  CHECK_FALSE(utf16_span_to_utf8(text, 0, -1));
  CHECK(utf16_span_to_utf8("", 0, 0) == Span{0, 0});
}

TEST_CASE("every truncation of every fixture is malformed, never an exception", "[telegram][update][hostile]") {
  UpdateMapper mapper;
  for (const std::string& name : all_fixtures) {
    const std::string text = fixture(name);
    REQUIRE(mapper.map(text, received_ms).status != MapStatus::malformed);
    const std::size_t end = text.find_last_of('}');
    for (std::size_t n = 0; n < end; ++n) {
      Mapped m;
      REQUIRE_NOTHROW(m = mapper.map(std::string_view(text).substr(0, n), received_ms));
      REQUIRE(m.status == MapStatus::malformed);
      REQUIRE_THAT(m.reason, StartsWith("not JSON: "));
    }
  }
}

TEST_CASE("a wrong type at any place in a fixture never throws or yields a half-filled event",
          "[telegram][update][hostile]") {
  namespace json = boost::json;
  const std::vector<json::value> replacements = {
      nullptr, json::value("x"), json::value(1e300), json::value(-1), json::value(18446744073709551615ull),
      json::array{}, json::object{}, json::value(true)};
  UpdateMapper mapper;
  std::size_t tried = 0;
  for (const std::string& name : all_fixtures) {
    json::value doc = json::parse(fixture(name));
    // Visit every node below the root, swap in each replacement, map the result, put the original back.
    std::function<void(json::value&)> visit = [&](json::value& node) {
      auto probe = [&](json::value& slot) {
        const json::value original = slot;
        for (const json::value& r : replacements) {
          slot = r;
          Mapped m;
          REQUIRE_NOTHROW(m = mapper.map(json::serialize(doc), received_ms));
          ++tried;
          if (m.status == MapStatus::event) {
            CHECK_FALSE(m.event.key.empty());
            CHECK_FALSE(m.event.chat_id.empty());
            CHECK_FALSE(m.event.author.id.empty());
          } else {
            CHECK_FALSE(m.reason.empty());
          }
        }
        slot = original;
        visit(slot);
      };
      if (node.is_object()) {
        for (auto& kv : node.get_object()) probe(kv.value());
      } else if (node.is_array()) {
        for (auto& item : node.get_array()) probe(item);
      }
    };
    visit(doc);
  }
  CHECK(tried > 1000);
}

TEST_CASE("one mapper reused across many updates gives the same results as fresh mappers", "[telegram][update]") {
  std::vector<std::string> inputs;
  for (const std::string& name : all_fixtures) inputs.push_back(fixture(name));
  inputs.push_back("{not json");
  inputs.push_back(R"({"update_id":3})");
  inputs.push_back(message_with(R"("text":")" + std::string(200000, 'z') + "\""));  // beyond the reused arena
  std::vector<std::string> expected;
  for (const std::string& in : inputs) expected.push_back(summary(map_text(in)));

  UpdateMapper mapper;
  for (int round = 0; round < 300; ++round) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const std::size_t k = (i * 7 + static_cast<std::size_t>(round)) % inputs.size();  // vary the order
      REQUIRE(summary(mapper.map(inputs[k], received_ms)) == expected[k]);
    }
  }
  UpdateMapper moved = std::move(mapper);
  CHECK(summary(moved.map(inputs[0], received_ms)) == expected[0]);
}

// Issue 10, defect 2: dates the platform cannot have sent are malformed, for every dated payload.
TEST_CASE("Updates dated more than a day after receipt or before Telegram existed are malformed", "[telegram][update]") {
  UpdateMapper mapper;
  auto dated = [](long long date) {
    return R"({"update_id":7001,"message":{"message_id":77,"from":{"id":5123456789,"is_bot":false,"first_name":"A"},)"
           R"("chat":{"id":-1001712345678,"type":"supergroup"},"date":)" + std::to_string(date) + R"(,"text":"hi"}})";
  };
  const long long received_s = received_ms / 1000;
  CHECK(mapper.map(dated(received_s + 23 * 3600), received_ms).status == MapStatus::event);  // a clock a bit ahead
  CHECK(mapper.map(dated(received_s - 3 * 365 * 86400LL), received_ms).status == MapStatus::event);  // history
  CHECK(mapper.map(dated(1376438400), received_ms).status == MapStatus::event);  // the launch day itself
  const Mapped ahead = mapper.map(dated(received_s + 25 * 3600), received_ms);
  CHECK(ahead.status == MapStatus::malformed);
  CHECK(ahead.update_id == 7001);
  CHECK(ahead.reason == "message: dated 2027-01-02T01:00:00Z, more than a day after it was received at "
                        "2027-01-01T00:00:00Z");
  const Mapped far = mapper.map(dated(9'223'372'036'854'775LL), received_ms);  // the largest date in range
  CHECK(far.status == MapStatus::malformed);
  const Mapped early = mapper.map(dated(1376438399), received_ms);
  CHECK(early.status == MapStatus::malformed);
  CHECK(early.reason == "message: dated 2013-08-13T23:59:59Z, before the platform existed (2013-08-14T00:00:00Z)");
  // An edit is dated by its edit_date; reactions, member changes and join requests by their own date.
  CHECK(mapper.map(message_with(R"("text":"x","edit_date":4102444800)", "edited_message"), received_ms).status ==
        MapStatus::malformed);
  CHECK(mapper.map(R"({"update_id":5,"chat_join_request":{"chat":{"id":-100,"type":"supergroup"},"from":{"id":2,)"
                   R"("is_bot":false,"first_name":"J"},"user_chat_id":2,"date":4102444800}})",
                   received_ms).status == MapStatus::malformed);
  // A button press carries no date (at_ms 0) and is never refused for it.
  CHECK(mapper.map(R"({"update_id":9,"callback_query":{"id":"98","from":{"id":7012345678,"is_bot":false,)"
                   R"("first_name":"Carol"},"message":{"chat":{"id":-1001712345678,"type":"supergroup"},)"
                   R"("message_id":40001,"date":0},"chat_instance":"-532","data":"x"}})",
                   received_ms).status == MapStatus::event);
}
