// Replies fit the platform: Pipeline::finish cuts every text that goes to a chat to the platform's limit
// (Capabilities::max_message_chars, in UTF-16 code units of the visible text; captions to max_caption_chars),
// whichever handler built it, on a character boundary, never inside a mention, with an ellipsis.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "base/text.hpp"
#include "bot/core/pipeline.hpp"
#include "handlers/features.hpp"
#include "storage/database.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

// Replies with whatever the test sets, on a platform whose limits the test sets.
class ReplyingStage final : public Stage {
 public:
  ReplyingStage(Capabilities caps, std::vector<Action> actions) : caps_(caps), actions_(std::move(actions)) {}
  const char* name() const noexcept override { return "replying"; }
  void run(Turn& turn) override {
    turn.caps = caps_;
    for (const Action& a : actions_) turn.actions.push_back(a);
  }

 private:
  Capabilities caps_;
  std::vector<Action> actions_;
};

struct Fixture {
  std::unique_ptr<SQLite::Database> db = storage::open_database({":memory:", true, false});
  storage::Store store{*db};
  MessageCatalog catalog = handlers::builtin_catalog();
  int next = 0;

  Outcome run(Capabilities caps, std::vector<Action> actions) {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::make_unique<ReplyingStage>(caps, std::move(actions)));
    Pipeline pipeline(store, catalog, std::move(stages));
    Event ev;
    ev.key = "limits-" + std::to_string(++next);
    ev.platform = "console";
    ev.chat_id = "chat";
    ev.at_ms = 1000;
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    Outcome out = pipeline.process(ev);
    tx.commit();
    return out;
  }
  std::string stored_text(std::int64_t outbox_id) {
    SQLite::Statement st(*db, "SELECT text FROM outbox WHERE id = ?1");
    st.bind(1, outbox_id);
    REQUIRE(st.executeStep());
    return st.getColumn(0).getString();
  }
};

Action of(ActionKind kind, std::string text) {
  Action a;
  a.kind = kind;
  a.platform = "console";
  a.chat_id = "chat";
  a.user_id = "bob";
  a.text = std::move(text);
  return a;
}

Capabilities limit(std::size_t chars, std::size_t caption = 1024) {
  Capabilities c;
  c.max_message_chars = chars;
  c.max_caption_chars = caption;
  return c;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("a reply longer than the platform allows is cut to it with an ellipsis, in the outbox too", "[limits]") {
  Fixture f;
  const auto out = f.run(limit(10), {of(ActionKind::send_message, "abcdefghijklmnop"),
                                     of(ActionKind::send_direct, "0123456789abc"),
                                     of(ActionKind::edit_message, "short")});
  REQUIRE(out.actions.size() == 3);
  CHECK(out.actions[0].text == "abcdefghi…");
  CHECK(out.actions[1].text == "012345678…");
  CHECK(out.actions[2].text == "short");  // within the limit: untouched
  CHECK(f.stored_text(out.actions[0].outbox_id) == "abcdefghi…");  // what the sender will deliver
}

TEST_CASE("the limit counts UTF-16 code units: an emoji counts two and is never split", "[limits]") {
  Fixture f;
  // 3,000 emoji are 3,000 code points but 6,000 UTF-16 units: over Telegram's 4,096.
  const auto out = f.run(limit(4096), {of(ActionKind::send_message, repeat("😀", 3000))});
  const std::string& text = out.actions.at(0).text;
  CHECK(text::utf16_units(text) == 4095);  // 2,047 emoji and the one-unit "…"
  CHECK_THAT(text, EndsWith("😀…"));
  CHECK(text::codepoints(text) == 2048);
}

TEST_CASE("a mention is kept whole or left out, and counts as its name", "[limits]") {
  Fixture f;
  const std::string mention = mention_markup("42", "Alice");
  // The markup is longer than the limit, but what the member sees ("hi Alice") is not: nothing is cut.
  CHECK(f.run(limit(8), {of(ActionKind::send_message, "hi " + mention)}).actions.at(0).text == "hi " + mention);
  // "hi Alice and more" is 17 visible units; at 7 the mention does not fit whole and is left out.
  CHECK(f.run(limit(7), {of(ActionKind::send_message, "hi " + mention + " and more")}).actions.at(0).text == "hi…");
  CHECK(f.run(limit(11), {of(ActionKind::send_message, "hi " + mention + " and more")}).actions.at(0).text ==
        "hi " + mention + " a…");
}

TEST_CASE("a photo caption is cut to the caption limit, a toast and a mute are left alone", "[limits]") {
  Fixture f;
  Action mute = of(ActionKind::restrict_member, "");
  const auto out = f.run(limit(4096, 5), {of(ActionKind::send_photo, "a long caption"),
                                          of(ActionKind::answer_callback, "a toast of some length"), mute});
  CHECK(out.actions.at(0).text == "a lo…");
  CHECK(out.actions.at(1).text == "a toast of some length");
  CHECK(out.actions.at(2).kind == ActionKind::restrict_member);
}

TEST_CASE("a 500,000-character name does not make a 500,000-character reply", "[limits]") {
  testing::BotHarness h;
  Event ev = h.message("longname", "/points");
  ev.author.display_name = std::string(500'000, 'x');
  const Outcome out = h.apply(ev);
  const std::string said = testing::BotHarness::said(out);
  CHECK_THAT(said, StartsWith("xxxx"));
  CHECK(text::utf16_units(said) <= 4096);
  CHECK_THAT(said, EndsWith("…"));
}
