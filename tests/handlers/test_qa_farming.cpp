// Q&A farming (issue 10, items 9 and 16): trivial replies to a question's message ("lol", "👍") are no answers,
// "/ask ?" posts and pays nothing, and one member cannot post the same answer to a question again and again.
// The message rules (handlers/points Incentives::check_text) decide, as they do for messages.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {

const Action* with_subject(const Outcome& out, const std::string& prefix) {
  for (const auto& a : out.actions) {
    if (a.subject.rfind(prefix, 0) == 0) return &a;
  }
  return nullptr;
}

void deliver(BotHarness& h, const Action& action, const std::string& message_id) {
  h.app().delivered({{action.outbox_id, message_id}});
  h.app().flush();
}

UserInfo bot_user() {
  UserInfo bot;
  bot.id = "fanbase";
  bot.display_name = "fanbase";
  bot.is_bot = true;
  return bot;
}

Outcome reply_to_bot(BotHarness& h, const std::string& user, const std::string& message_id, const std::string& text) {
  Event ev = h.message(user, text);
  ev.reply_to = ReplyTarget{message_id, bot_user(), {}};
  return h.apply(std::move(ev));
}

std::int64_t ledger(BotHarness& h, const std::string& user, const std::string& reason) {
  return h.count("SELECT coalesce(sum(delta), 0) FROM point_entry WHERE reason = '" + reason +
                 "' AND member_id = (SELECT id FROM member WHERE user_id = '" + user + "')");
}

std::int64_t first_answer_badges(BotHarness& h, const std::string& user) {
  return h.count("SELECT count(*) FROM member_badge WHERE badge = 'first_answer' AND member_id = "
                 "(SELECT id FROM member WHERE user_id = '" + user + "')");
}

// alice's question, delivered as the platform's message "bm-q1".
void ask(BotHarness& h) {
  const auto asked = h.say("alice", "/askanyway How do I get tickets for the summer concert? #tickets");
  deliver(h, *with_subject(asked, "question:"), "bm-q1");
  h.clock().advance(2min);
}

}  // namespace

TEST_CASE("a trivial reply to a question's message is no answer: not stored, reposted, paid or badged", "[qa][farming]") {
  BotHarness h;
  ask(h);
  const std::string trivial = GENERATE(std::string("lol"), std::string("👍"), std::string("ok"), std::string("?!"),
                                       std::string("👍👍👍 !!!"));
  CAPTURE(trivial);
  const auto out = reply_to_bot(h, "bob", "bm-q1", trivial);
  CHECK(with_subject(out, "answer:") == nullptr);
  CHECK_THAT(BotHarness::texts(out), !Contains("answered") && !Contains("letters"));  // silently a plain message
  CHECK(h.count("SELECT count(*) FROM answer") == 0);
  CHECK(ledger(h, "bob", "answer") == 0);
  CHECK(first_answer_badges(h, "bob") == 0);
  CHECK(h.points("bob") == ledger(h, "bob", "message"));  // at most what a plain message earns ("lol": 1)
  // A real answer still is one.
  h.clock().advance(2min);
  CHECK_THAT(BotHarness::texts(reply_to_bot(h, "bob", "bm-q1", "At the box office, from 10am.")),
             StartsWith("💬 A1 — bob answered Q1:"));
  CHECK(ledger(h, "bob", "answer") == 10);
  CHECK(first_answer_badges(h, "bob") == 1);
}

TEST_CASE("a question or an answer by command needs the message rule's minimum length", "[qa][farming]") {
  BotHarness h;
  CHECK(BotHarness::texts(h.say("alice", "/ask ?")) == "Ask a real question: at least 3 letters or digits.");
  CHECK(BotHarness::texts(h.say("alice", "/askanyway ok #tickets")) == "Ask a real question: at least 3 letters or digits.");
  CHECK(h.count("SELECT count(*) FROM question") == 0);
  CHECK(h.count("SELECT count(*) FROM qa_draft") == 0);
  CHECK(h.points("alice") == 0);
  ask(h);
  CHECK(BotHarness::texts(h.say("bob", "/answer 1 lol")) == "An answer needs at least 4 letters or digits.");
  CHECK(BotHarness::texts(h.say("bob", "/answer 1 👍")) == "An answer needs at least 4 letters or digits.");
  CHECK(h.count("SELECT count(*) FROM answer") == 0);
  CHECK(h.points("bob") == 0);
  // A longer [points.answer].min_length counts too.
  BotHarness strict(example_config({}, {{"[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 60\ndaily_cap = 100\nmin_length = 4",
                                         "[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 60\ndaily_cap = 100\nmin_length = 10"}}));
  strict.say("alice", "/askanyway How do I get tickets for the summer concert?");
  CHECK(BotHarness::texts(strict.say("bob", "/answer 1 box office")) == "An answer needs at least 10 letters or digits.");
}

TEST_CASE("the same answer to the same question by the same member is refused or ignored", "[qa][farming]") {
  BotHarness h;
  ask(h);
  REQUIRE(with_subject(reply_to_bot(h, "bob", "bm-q1", "At the box office, from 10am."), "answer:") != nullptr);
  const std::int64_t paid = h.points("bob");
  h.clock().advance(5min);
  // Again as a reply (after something else, so the message rule alone would not catch it): ignored.
  h.say("bob", "Anyone going to the afterparty tonight?");
  h.clock().advance(5min);
  const auto again = reply_to_bot(h, "bob", "bm-q1", "at the box office from 10am");
  CHECK(with_subject(again, "answer:") == nullptr);
  // Again by command: refused, saying which answer it repeats.
  h.clock().advance(5min);
  CHECK(BotHarness::texts(h.say("bob", "/answer 1 At the box office, from 10am!")) == "You already gave this answer to Q1: A1.");
  CHECK(h.count("SELECT count(*) FROM answer") == 1);
  CHECK(ledger(h, "bob", "answer") == 10);
  // Only plain-message points: the afterparty message and the ignored repeat (a message unlike the previous one).
  CHECK(h.points("bob") == paid + 2);
  // A different answer by bob, and the same answer by someone else, are answers.
  CHECK_THAT(BotHarness::texts(h.say("bob", "/answer 1 Or online at the official shop")), StartsWith("💬 A2 — bob"));
  CHECK_THAT(BotHarness::texts(h.say("carol", "/answer 1 At the box office, from 10am.")), StartsWith("💬 A3 — carol"));
  CHECK(h.points("bob") == h.ledger_sum("bob"));
}

TEST_CASE("a reply repeating the member's previous message is no answer", "[qa][farming]") {
  BotHarness h;
  ask(h);
  h.say("bob", "the box office opens at ten every morning");
  h.clock().advance(2min);
  CHECK(with_subject(reply_to_bot(h, "bob", "bm-q1", "The box office opens at ten every morning!"), "answer:") == nullptr);
  CHECK(h.count("SELECT count(*) FROM answer") == 0);
  CHECK(ledger(h, "bob", "answer") == 0);
}

TEST_CASE("answers stay within the answer rule's daily cap", "[qa][farming]") {
  BotHarness h(example_config({}, {{"[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 60\ndaily_cap = 100",
                                    "[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 0\ndaily_cap = 15"}}));
  h.say("alice", "/askanyway How do I get tickets for the summer concert?");
  h.say("mod", "/askanyway When does the fan meeting start this year?");
  h.say("bob", "/answer 1 At the box office, from 10am.");
  h.say("bob", "/answer 2 At seven in the evening, doors at six.");
  CHECK(ledger(h, "bob", "answer") == 15);
}
