// Tests for the action layer's stored forms: ActionKind names (bot/core/event.cpp), the keyboard column
// (encode_keyboard / decode_keyboard) and the outbox row of an Action (bot/core/outbox_codec).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/outbox_codec.hpp"
#include "bot/telegram/bot_api.hpp"

using fanbase::Action;
using fanbase::ActionKind;
using fanbase::Button;
using fanbase::Keyboard;
using fanbase::action_from_row;
using fanbase::action_kind_from;
using fanbase::decode_keyboard;
using fanbase::encode_keyboard;
using fanbase::to_outbox_row;

namespace {

const std::vector<ActionKind> every_kind = {
    ActionKind::send_message,    ActionKind::edit_message,      ActionKind::delete_message, ActionKind::answer_callback,
    ActionKind::restrict_member, ActionKind::unrestrict_member, ActionKind::ban_member,     ActionKind::unban_member,
    ActionKind::approve_join,    ActionKind::decline_join,      ActionKind::send_photo,     ActionKind::send_direct,
};

bool same(const Keyboard& a, const Keyboard& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (a[r].size() != b[r].size()) return false;
    for (std::size_t i = 0; i < a[r].size(); ++i) {
      if (a[r][i].text != b[r][i].text || a[r][i].data != b[r][i].data) return false;
    }
  }
  return true;
}

std::string describe(const Keyboard& k) {
  std::string out;
  for (const auto& row : k) {
    out += "[";
    for (const auto& b : row) out += "(" + b.text + " | " + b.data + ")";
    out += "]";
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------------------- ActionKind

TEST_CASE("every action kind has its own name and reads back from it", "[telegram][actions][codec]") {
  std::set<std::string> names;
  for (const ActionKind kind : every_kind) {
    const std::string name = fanbase::to_string(kind);
    INFO(name);
    CHECK(name != "unknown");
    CHECK(names.insert(name).second);
    const auto back = action_kind_from(name);
    REQUIRE(back.has_value());
    CHECK(*back == kind);
  }
  CHECK(names.size() == every_kind.size());
  CHECK(names.count("send_message") == 1);
  CHECK(names.count("send_photo") == 1);
  CHECK(names.count("unrestrict_member") == 1);
}

TEST_CASE("names that are not action kinds read back as nothing", "[telegram][actions][codec]") {
  const std::string name = GENERATE(as<std::string>{}, "", "unknown", "Send_Message", "send_message ", " send_message",
                                    "sendMessage", "send", "send_message\n", "ban", "restrict");
  INFO("'" << name << "'");
  CHECK_FALSE(action_kind_from(name).has_value());
  // A name with an embedded NUL is not a prefix match either.
  CHECK_FALSE(action_kind_from(std::string_view("send_message\0x", 14)).has_value());
}

// ------------------------------------------------------------------------------------------------------- keyboards

TEST_CASE("an empty keyboard is stored as the empty string and back", "[telegram][actions][codec]") {
  CHECK(encode_keyboard({}).empty());
  CHECK(decode_keyboard("").empty());
  // Rows without buttons carry nothing: they are dropped rather than stored as rows Telegram would refuse.
  CHECK(decode_keyboard(encode_keyboard(Keyboard{{}})).empty());
  CHECK(decode_keyboard(encode_keyboard(Keyboard{{}, {}})).empty());
  const Keyboard with_empty_row{{}, {Button{"a", "b"}}, {}};
  CHECK(same(decode_keyboard(encode_keyboard(with_empty_row)), Keyboard{{Button{"a", "b"}}}));
}

TEST_CASE("keyboards survive encode then decode unchanged", "[telegram][actions][codec]") {
  const Keyboard k = GENERATE(values<Keyboard>({
      Keyboard{{Button{"Yes", "vote:1:yes"}}},
      Keyboard{{Button{"Yes", "vote:1:yes"}, Button{"No", "vote:1:no"}}},
      Keyboard{{Button{"A", "a"}}, {Button{"B", "b"}, Button{"C", "c"}}, {Button{"D", "d"}}},
      Keyboard{{Button{"", ""}}},                                    // empty label and data
      Keyboard{{Button{"", "data"}, Button{"label", ""}}},           // one side empty
      Keyboard{{Button{"", ""}, Button{"", ""}}, {Button{"", ""}}},  // all empty, several rows
      Keyboard{{Button{"赞成 👍", "vote:12:是"}, Button{"反对 👎", "vote:12:否"}}},
      Keyboard{{Button{"🎉🎉🎉", "🎉"}}, {Button{"積分排行榜", "rank:週"}}},
      Keyboard{{Button{"a|b,c;d=e", "x:y/z?q=1&r=2"}}},             // punctuation passes through
      Keyboard{{Button{"DEL \x7f stays", "tab-free"}}},               // 0x7F is not a control below 0x20
      Keyboard{{Button{std::string(300, 'x'), std::string(200, 'y')}}},  // no length limit in the stored form
  }));
  INFO(describe(k));
  const std::string stored = encode_keyboard(k);
  const Keyboard back = decode_keyboard(stored);
  INFO(describe(back));
  CHECK(same(back, k));
  // The stored form is deterministic.
  CHECK(encode_keyboard(back) == stored);
}

TEST_CASE("control characters in labels and data become spaces so the form always decodes",
          "[telegram][actions][codec]") {
  const Keyboard k{{Button{std::string("a\x1d" "b\x1e" "c\x1f" "d"), std::string("e\nf\tg\rh")},
                    Button{std::string("nul\0end", 7), std::string("\x01\x02\x1f")}},
                   {Button{"second", "row"}}};
  const std::string stored = encode_keyboard(k);
  const Keyboard back = decode_keyboard(stored);
  REQUIRE(back.size() == 2);
  REQUIRE(back[0].size() == 2);
  REQUIRE(back[1].size() == 1);
  CHECK(back[0][0].text == "a b c d");
  CHECK(back[0][0].data == "e f g h");
  CHECK(back[0][1].text == "nul end");
  CHECK(back[0][1].data == "   ");
  CHECK(back[1][0].text == "second");
  CHECK(back[1][0].data == "row");
  // Exactly the separators of the structure are in the stored form: 1 row break, 1 button break, 3 field breaks.
  std::size_t rows = 0, buttons = 0, fields = 0, other_controls = 0;
  for (const char c : stored) {
    if (c == '\x1d') ++rows;
    else if (c == '\x1e') ++buttons;
    else if (c == '\x1f') ++fields;
    else if (static_cast<unsigned char>(c) < 0x20) ++other_controls;
  }
  CHECK(rows == 1);
  CHECK(buttons == 1);
  CHECK(fields == 3);
  CHECK(other_controls == 0);
}

TEST_CASE("decode_keyboard skips what encode_keyboard never writes", "[telegram][actions][codec]") {
  CHECK(decode_keyboard("no separators at all").empty());
  const Keyboard k = decode_keyboard(std::string("junk\x1e" "ok\x1f" "data\x1d" "\x1d" "more\x1f" "x"));
  REQUIRE(k.size() == 2);
  REQUIRE(k[0].size() == 1);
  CHECK(k[0][0].text == "ok");
  CHECK(k[0][0].data == "data");
  REQUIRE(k[1].size() == 1);
  CHECK(k[1][0].text == "more");
  CHECK(k[1][0].data == "x");
  // A second field separator stays in the data (the first one splits).
  const Keyboard two = decode_keyboard(std::string("a\x1f" "b\x1f" "c"));
  REQUIRE(two.size() == 1);
  REQUIRE(two[0].size() == 1);
  CHECK(two[0][0].text == "a");
  CHECK(two[0][0].data == std::string("b\x1f" "c"));
}

// ------------------------------------------------------------------------------------------------------ outbox rows

TEST_CASE("an action survives its outbox row for every kind", "[telegram][actions][codec]") {
  for (const ActionKind kind : every_kind) {
    INFO(fanbase::to_string(kind));
    Action a;
    a.kind = kind;
    a.platform = "telegram";
    a.chat_id = "-1001712345678";
    a.thread_id = "42";
    a.reply_to_message_id = "48213";
    a.text = "积分 <b>120</b> & 🎉\nline two";
    a.keyboard = Keyboard{{Button{"赞成", "vote:1:yes"}, Button{"反对", "vote:1:no"}}, {Button{"🎉", ""}}};
    a.message_id = "48214";
    a.user_id = "7000000002";
    a.until_ms = 1718035300123;
    a.callback_id = "4382bfdwdsb323b2d9";
    a.photo = "/var/lib/fanbase/photos/week 12.png";
    a.subject = "question:12";
    a.outbox_id = 991;  // assigned by the outbox, not part of the row written

    fanbase::storage::OutboxRow row = to_outbox_row(a);
    CHECK(row.kind == fanbase::to_string(kind));
    CHECK(row.platform == a.platform);
    CHECK(row.chat_id == a.chat_id);
    CHECK(row.thread_id == a.thread_id);
    CHECK(row.reply_to == a.reply_to_message_id);
    CHECK(row.text == a.text);
    CHECK(row.keyboard == encode_keyboard(a.keyboard));
    CHECK(row.message_id == a.message_id);
    CHECK(row.user_id == a.user_id);
    CHECK(row.until_at == a.until_ms);
    CHECK(row.callback_id == a.callback_id);
    CHECK(row.photo == a.photo);
    CHECK(row.subject == a.subject);

    row.id = 77;  // what the outbox gave it
    const auto back = action_from_row(row);
    REQUIRE(back.has_value());
    CHECK(back->kind == kind);
    CHECK(back->platform == a.platform);
    CHECK(back->chat_id == a.chat_id);
    CHECK(back->thread_id == a.thread_id);
    CHECK(back->reply_to_message_id == a.reply_to_message_id);
    CHECK(back->text == a.text);
    CHECK(same(back->keyboard, a.keyboard));
    CHECK(back->message_id == a.message_id);
    CHECK(back->user_id == a.user_id);
    CHECK(back->until_ms == a.until_ms);
    CHECK(back->callback_id == a.callback_id);
    CHECK(back->photo == a.photo);
    CHECK(back->subject == a.subject);
    CHECK(back->outbox_id == 77);
  }
}

TEST_CASE("a default action survives its outbox row", "[telegram][actions][codec]") {
  const Action a;
  fanbase::storage::OutboxRow row = to_outbox_row(a);
  CHECK(row.kind == "send_message");
  CHECK(row.keyboard.empty());
  CHECK(row.until_at == 0);
  const auto back = action_from_row(row);
  REQUIRE(back.has_value());
  CHECK(back->kind == ActionKind::send_message);
  CHECK(back->keyboard.empty());
  CHECK(back->text.empty());
  CHECK(back->until_ms == 0);
  CHECK(back->outbox_id == 0);
}

TEST_CASE("an outbox row of an unknown kind reads back as nothing", "[telegram][actions][codec]") {
  fanbase::storage::OutboxRow row = to_outbox_row(Action{});
  row.id = 5;
  row.kind = GENERATE(as<std::string>{}, "", "pin_message", "SEND_MESSAGE", "send_message2");
  INFO("'" << row.kind << "'");
  CHECK_FALSE(action_from_row(row).has_value());
}

TEST_CASE("mention markup becomes a tg://user link on Telegram and the name elsewhere", "[telegram][actions]") {
  const std::string text = "Help, " + fanbase::mention_markup("7012345678", "Ann <Lee>") + " and @bob!";
  CHECK(fanbase::plain_text(text) == "Help, Ann <Lee> and @bob!");
  CHECK(fanbase::telegram::render_html(text) ==
        "Help, <a href=\"tg://user?id=7012345678\">Ann &lt;Lee&gt;</a> and @bob!");
  // A console id is no Telegram user: only the name, escaped.
  CHECK(fanbase::telegram::render_html(fanbase::mention_markup("ann", "Ann & co")) == "Ann &amp; co");
  // Text without markup, or with a broken one, is escaped as before.
  CHECK(fanbase::telegram::render_html("a < b") == "a &lt; b");
  const std::string broken = "\xEE\x80\x80" "123 no end";
  CHECK(fanbase::telegram::render_html(broken) == fanbase::telegram::escape_html(broken));
  CHECK(fanbase::find_mentions(text).size() == 1);
}
