// Stories about Q&A: asking (similar questions first, "Post anyway"), answering by command and by reply to the
// question's message, upvotes, acceptance and its points moving, closing, listing, the reminder for unanswered
// questions on ticks, and the similar-question index surviving rollbacks.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "handlers/qa/qa_index.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"
#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::int64_t minute_ms = 60'000;

// The first action of an outcome whose subject starts with `prefix` ("question:"), or nullptr.
const Action* with_subject(const Outcome& out, const std::string& prefix) {
  for (const auto& a : out.actions) {
    if (a.subject.rfind(prefix, 0) == 0) return &a;
  }
  return nullptr;
}

// Reports `action` delivered as the platform's message `message_id`, as an adapter does after sending it.
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

// A member's reply to one of the bot's messages.
Outcome reply_to_bot(BotHarness& h, const std::string& user, const std::string& message_id, const std::string& text) {
  Event ev = h.message(user, text);
  ev.reply_to = ReplyTarget{message_id, bot_user(), {}};
  return h.apply(std::move(ev));
}

// A press on an inline button of the bot's message `message_id`.
Outcome press(BotHarness& h, const std::string& user, const std::string& data, const std::string& message_id) {
  Event ev = h.message(user, "");
  ev.kind = EventKind::callback;
  ev.callback_data = data;
  ev.callback_id = "cb-" + ev.key;
  ev.message_id = message_id;
  return h.apply(std::move(ev));
}

Event tick_at(const std::string& platform, std::int64_t at) {
  Event e;
  e.kind = EventKind::tick;
  e.platform = platform;
  e.at_ms = at;
  e.key = "tick:" + platform + ":" + std::to_string(at);
  return e;
}

std::int64_t ledger(BotHarness& h, const std::string& user, const std::string& reason) {
  return h.count("SELECT coalesce(sum(delta), 0) FROM point_entry WHERE reason = '" + reason +
                 "' AND member_id = (SELECT id FROM member WHERE user_id = '" + user + "')");
}

// Members' balances always equal their ledger sums.
void check_ledger(BotHarness& h, std::initializer_list<const char*> users) {
  for (const char* u : users) {
    CAPTURE(u);
    CHECK(h.points(u) == h.ledger_sum(u));
  }
}

const std::string tickets_q = "/ask How do I get tickets for the summer concert? #tickets #concert";
const std::string tickets_similar = "/ask Where can I buy tickets for the summer concert? #tickets";

}  // namespace

TEST_CASE("/ask posts a numbered question that presents its subject and pays the asker", "[qa]") {
  BotHarness h;
  const auto out = h.say("alice", tickets_q);
  const Action* q = with_subject(out, "question:");
  REQUIRE(q != nullptr);
  CHECK(q == &out.actions.front());  // before the first-question badge
  CHECK(q->text ==
        "❓ Q1 from alice:\nHow do I get tickets for the summer concert?\nTags: #tickets #concert\n"
        "Reply to this message to answer, or send /answer 1 <your answer>.");
  CHECK(q->reply_to_message_id == h.last_message_id());
  CHECK(q->subject == "question:" + std::to_string(h.count("SELECT id FROM question WHERE number = 1")));
  CHECK(h.count("SELECT count(*) FROM question_tag") == 2);
  CHECK(ledger(h, "alice", "question") == 5);

  // Numbers are per community; the question cooldown (300 s) keeps a quick second question unpaid.
  h.say("alice", "/ask What time does the fan meeting start? #events");
  CHECK(h.count("SELECT number FROM question WHERE text LIKE 'What time%'") == 2);
  CHECK(ledger(h, "alice", "question") == 5);
  h.chat_id = "otherclub";
  CHECK_THAT(BotHarness::texts(h.say("bob", "/ask Is there a dress code?")), StartsWith("❓ Q1 from bob:"));
  check_ledger(h, {"alice", "bob"});
}

TEST_CASE("/ask refuses bad input and stores nothing", "[qa][bad-input]") {
  BotHarness h;
  struct Row {
    std::string command;
    std::string reply;
  };
  const Row row = GENERATE(
      Row{"/ask", "Usage: /ask <question> [#tag …]"},
      Row{"/ask #tickets #concert", "Write your question after /ask, e.g. /ask When does the fan meeting start? #events"},
      Row{"/ask Which one? #a #b #c #d #e #f", "At most 5 tags per question."},
      Row{"/ask Which one? #" + std::string(40, 'x'), "The tag #" + std::string(32, 'x') + "… is too long: at most 32 characters."},
      Row{"/ask " + std::string(1001, 'x'), "That is too long: at most 1000 characters."});
  CAPTURE(row.command);
  CHECK(BotHarness::texts(h.say("alice", row.command)) == row.reply);
  CHECK(h.count("SELECT count(*) FROM question") == 0);
  CHECK(h.count("SELECT count(*) FROM qa_draft") == 0);
  CHECK(h.points("alice") == 0);
}

TEST_CASE("a redelivered /ask posts and pays once", "[qa][idempotency]") {
  BotHarness h;
  const Event ev = h.message("alice", tickets_q);
  CHECK_FALSE(h.apply(ev).duplicate);
  CHECK(h.apply(ev).duplicate);
  CHECK(h.count("SELECT count(*) FROM question") == 1);
  CHECK(ledger(h, "alice", "question") == 5);
}

TEST_CASE("similar open questions are suggested first with a Post anyway button only the asker may press", "[qa][similar]") {
  BotHarness h;
  h.say("alice", tickets_q);
  h.say("alice", "/askanyway What time does the fan meeting start? #events");

  const auto suggestion = h.say("bob", tickets_similar);
  REQUIRE(suggestion.actions.size() == 1);
  const Action& s = suggestion.actions[0];
  CHECK(s.text ==
        "Before you post: similar open questions exist.\n"
        "Q1 How do I get tickets for the summer concert? · answers: 0\n"
        "If yours is different, press “Post anyway” or send /askanyway with your question.");
  REQUIRE(s.keyboard.size() == 1);
  REQUIRE(s.keyboard[0].size() == 1);
  CHECK(s.keyboard[0][0].text == "Post anyway");
  const std::string data = s.keyboard[0][0].data;
  CHECK(data == "qa:post:" + std::to_string(h.count("SELECT id FROM qa_draft")));
  CHECK(data.size() <= 64);
  CHECK(h.count("SELECT count(*) FROM question") == 2);  // not posted yet
  CHECK(h.points("bob") == 0);
  deliver(h, s, "bm-suggestion");

  SECTION("someone else's press is refused with a toast") {
    const auto out = press(h, "carol", data, "bm-suggestion");
    REQUIRE(out.actions.size() == 1);
    CHECK(out.actions[0].kind == ActionKind::answer_callback);
    CHECK(out.actions[0].text == "Only bob can post this question.");
    CHECK(h.count("SELECT count(*) FROM question") == 2);
    CHECK(h.count("SELECT count(*) FROM qa_draft") == 1);
  }

  SECTION("the asker's press posts the draft once and removes the button") {
    const auto out = press(h, "bob", data, "bm-suggestion");
    REQUIRE(out.actions.size() >= 3);
    CHECK(out.actions[0].kind == ActionKind::edit_message);
    CHECK(out.actions[0].message_id == "bm-suggestion");
    CHECK(out.actions[0].text == "bob posted it anyway as Q3.");
    CHECK(out.actions[0].keyboard.empty());
    CHECK(out.actions[1].kind == ActionKind::send_message);
    CHECK_THAT(out.actions[1].text, StartsWith("❓ Q3 from bob:\nWhere can I buy tickets for the summer concert?\nTags: #tickets"));
    CHECK(out.actions[1].subject.rfind("question:", 0) == 0);
    CHECK(out.actions.back().kind == ActionKind::answer_callback);
    CHECK(h.count("SELECT count(*) FROM qa_draft") == 0);
    CHECK(ledger(h, "bob", "question") == 5);

    const auto again = press(h, "bob", data, "bm-suggestion");
    REQUIRE(again.actions.size() == 1);
    CHECK(again.actions[0].text == "This question was already posted, or it has expired. Ask again with /ask.");
    CHECK(h.count("SELECT count(*) FROM question") == 3);
    CHECK(ledger(h, "bob", "question") == 5);
  }

  SECTION("/askanyway posts at once") {
    CHECK_THAT(BotHarness::texts(h.say("bob", "/askanyway Where can I buy tickets for the summer concert? #tickets")),
               StartsWith("❓ Q3 from bob:"));
  }

  SECTION("a closed question is no longer suggested") {
    CHECK(BotHarness::texts(h.say("alice", "/close 1")) == "🔒 Q1 is closed: no new answers.");
    CHECK_THAT(BotHarness::texts(h.say("bob", tickets_similar)), StartsWith("❓ Q3 from bob:"));
  }

  SECTION("an unrelated question is posted at once") {
    CHECK_THAT(BotHarness::texts(h.say("bob", "/ask Can I bring a camera? #rules")), StartsWith("❓ Q3 from bob:"));
  }
}

TEST_CASE("drafts nobody posted are forgotten after a week", "[qa][similar]") {
  BotHarness h;
  h.say("alice", tickets_q);
  const auto suggestion = h.say("bob", tickets_similar);
  REQUIRE(h.count("SELECT count(*) FROM qa_draft") == 1);
  h.apply(tick_at("console", h.clock().now_ms() + 6 * 24 * 60 * minute_ms));
  CHECK(h.count("SELECT count(*) FROM qa_draft") == 1);
  h.apply(tick_at("console", h.clock().now_ms() + 8 * 24 * 60 * minute_ms));
  CHECK(h.count("SELECT count(*) FROM qa_draft") == 0);
  const auto out = press(h, "bob", suggestion.actions.at(0).keyboard.at(0).at(0).data, "bm");
  CHECK(out.actions.at(0).text == "This question was already posted, or it has expired. Ask again with /ask.");
}

TEST_CASE("answers come from /answer and from replies to the question's message", "[qa][answer]") {
  BotHarness h;
  const auto asked = h.say("alice", tickets_q);
  deliver(h, *with_subject(asked, "question:"), "bm-q1");

  // A reply to the question's message is an answer (and answers the reply).
  const auto by_reply = reply_to_bot(h, "bob", "bm-q1", "At the box office, from 10am.");
  const Action* a1 = with_subject(by_reply, "answer:");
  REQUIRE(a1 != nullptr);
  CHECK(a1->text ==
        "💬 A1 — bob answered Q1:\nAt the box office, from 10am.\n"
        "Upvote it with /upvote 1; the asker accepts it with /accept 1.");
  CHECK(a1->reply_to_message_id == h.last_message_id());
  CHECK(ledger(h, "bob", "answer") == 10);

  // /answer with the number; and as a reply to the question's message without it.
  h.clock().advance(std::chrono::minutes(2));
  CHECK_THAT(BotHarness::texts(h.say("carol", "/answer 1 Online at the official shop")), StartsWith("💬 A2 — carol answered Q1:"));
  Event cmd = h.message("dave", "/answer Ask at the fan club desk");
  cmd.reply_to = ReplyTarget{"bm-q1", bot_user(), {}};
  CHECK_THAT(BotHarness::texts(h.apply(cmd)), StartsWith("💬 A3 — dave answered Q1:\nAsk at the fan club desk"));

  // The asker may answer their own question, for nothing.
  CHECK_THAT(BotHarness::texts(h.say("alice", "/answer Q1 Found it: the shop opens Monday")), StartsWith("💬 A4 — alice"));
  CHECK(ledger(h, "alice", "answer") == 0);
  CHECK(h.count("SELECT answer_count FROM question WHERE number = 1") == 4);

  // A reply to another of the bot's messages, or to a member, is no answer.
  const auto points = h.say("bob", "/points");
  deliver(h, points.actions.at(0), "bm-points");
  CHECK(with_subject(reply_to_bot(h, "bob", "bm-points", "thanks, that is a lot"), "answer:") == nullptr);
  CHECK(with_subject(h.reply("carol", "bm-q1", "bob", "replying to bob here"), "answer:") == nullptr);
  CHECK(h.count("SELECT count(*) FROM answer") == 4);
  check_ledger(h, {"alice", "bob", "carol", "dave"});
}

TEST_CASE("/answer refuses bad input and changes nothing", "[qa][answer][bad-input]") {
  BotHarness h;
  const auto asked = h.say("alice", tickets_q);
  deliver(h, *with_subject(asked, "question:"), "bm-q1");
  h.say("alice", "/askanyway Is there a dress code? #rules");
  h.say("alice", "/close 2");
  struct Row {
    std::string command;
    std::string reply;
  };
  const Row row = GENERATE(
      Row{"/answer", "Usage: /answer <question> <text>"},
      Row{"/answer 1", "Write your answer after the question number: /answer 1 <your answer>."},
      Row{"/answer 9 the box office", "There is no question Q9 here. /questions lists them."},
      Row{"/answer tomorrow the box office", "“tomorrow” is not a question number (e.g. 3 or Q3)."},
      Row{"/answer 2 jeans are fine", "Q2 is closed: it takes no new answers."},
      Row{"/answer 1 " + std::string(3001, 'x'), "That is too long: at most 3000 characters."});
  CAPTURE(row.command);
  CHECK(BotHarness::texts(h.say("bob", row.command)) == row.reply);
  CHECK(h.count("SELECT count(*) FROM answer") == 0);
  CHECK(h.points("bob") == 0);
}

TEST_CASE("a reply to a closed question's message is refused", "[qa][answer][bad-input]") {
  BotHarness h;
  const auto asked = h.say("alice", tickets_q);
  deliver(h, *with_subject(asked, "question:"), "bm-q1");
  CHECK(BotHarness::texts(h.say("mod", "/close 1")) == "🔒 Q1 is closed: no new answers.");
  CHECK_THAT(BotHarness::texts(reply_to_bot(h, "bob", "bm-q1", "At the box office")),
             StartsWith("Q1 is closed: it takes no new answers."));
  CHECK(h.count("SELECT count(*) FROM answer") == 0);
  CHECK(ledger(h, "bob", "answer") == 0);
}

TEST_CASE("/upvote counts once per member and never for one's own answer", "[qa][upvote]") {
  BotHarness h;
  h.say("alice", tickets_q);
  const auto answered = h.say("bob", "/answer 1 At the box office, from 10am.");
  CHECK(BotHarness::texts(h.say("carol", "/upvote 1")) == "👍 carol upvoted bob's answer A1 (votes: 1).");
  CHECK(ledger(h, "bob", "upvote_received") == 2);
  CHECK(BotHarness::texts(h.say("carol", "/upvote A1")) == "You have already upvoted A1.");
  CHECK(BotHarness::texts(h.say("bob", "/upvote 1")) == "You can't upvote your own answer.");
  CHECK(BotHarness::texts(h.say("carol", "/upvote 7")) == "There is no answer A7 here. /question <number> shows a question's answers.");
  CHECK(BotHarness::texts(h.say("carol", "/upvote best")) == "“best” is not an answer number (e.g. 7 or A7).");
  CHECK(BotHarness::texts(h.say("carol", "/upvote")) == "Usage: /upvote <answer>");
  CHECK(h.count("SELECT votes FROM answer WHERE number = 1") == 1);
  CHECK(h.count("SELECT count(*) FROM answer_vote") == 1);
  CHECK(ledger(h, "bob", "upvote_received") == 2);

  // As a reply to the answer's message, the number may be left out.
  deliver(h, *with_subject(answered, "answer:"), "bm-a1");
  Event ev = h.message("dave", "/upvote");
  ev.reply_to = ReplyTarget{"bm-a1", bot_user(), {}};
  CHECK(BotHarness::texts(h.apply(ev)) == "👍 dave upvoted bob's answer A1 (votes: 2).");
  CHECK(ledger(h, "bob", "upvote_received") == 4);
  check_ledger(h, {"alice", "bob", "carol", "dave"});
}

TEST_CASE("/accept pays the author and moving acceptance moves the points through the ledger", "[qa][accept]") {
  BotHarness h;
  h.say("alice", tickets_q);
  h.say("bob", "/answer 1 At the box office, from 10am.");
  h.say("carol", "/answer 1 Online at the official shop");
  const std::int64_t bob_before = h.points("bob");

  CHECK(BotHarness::texts(h.say("carol", "/accept 1")) ==
        "Only the asker of Q1 (alice) or a moderator can accept an answer to it.");
  CHECK(h.count("SELECT count(*) FROM question WHERE accepted_answer_id IS NOT NULL") == 0);

  CHECK_THAT(BotHarness::texts(h.say("alice", "/accept 1")),
             StartsWith("✅ bob's answer A1 is accepted for Q1: +25 points."));
  CHECK(h.points("bob") == bob_before + 25);
  CHECK(BotHarness::texts(h.say("alice", "/accept 1")) == "A1 is already the accepted answer to Q1.");
  CHECK(h.points("bob") == bob_before + 25);

  // A moderator moves acceptance: bob gives back exactly what acceptance paid him, carol gains it.
  const std::int64_t carol_before = h.points("carol");
  const auto moved = h.say("mod", "/accept 2");
  CHECK(moved.actions.at(0).text ==
        "✅ carol's answer A2 is accepted for Q1: +25 points.\n"
        "It replaces A1 by bob, whose 25 points for it are taken back.");
  CHECK_THAT(BotHarness::texts(moved), Contains("carol earned the badge"));  // announced after the confirmation
  CHECK(h.points("bob") == bob_before);
  CHECK(h.points("carol") == carol_before + 25);
  CHECK(ledger(h, "bob", "accepted_answer_moved") == -25);
  CHECK(h.count("SELECT count(*) FROM point_entry WHERE reason = 'accepted_answer_moved' AND note = 'Q1: A1 → A2' "
                "AND actor_id = (SELECT id FROM member WHERE user_id = 'mod')") == 1);
  CHECK(h.count("SELECT accepted_answer_id FROM question") == h.count("SELECT id FROM answer WHERE number = 2"));

  // And back again: nothing is paid twice for the same acceptance.
  h.say("alice", "/accept 1");
  CHECK(h.points("bob") == bob_before + 25);
  CHECK(h.points("carol") == carol_before);
  CHECK(h.count("SELECT sum(accept_points) FROM answer") == 25);
  CHECK_THAT(BotHarness::texts(h.say("bob", "/history")), Contains("-25 accepted answer moved"));
  check_ledger(h, {"alice", "bob", "carol"});

  // Accepting the asker's own answer pays nothing; points already spent stay spent when acceptance moves away.
  h.say("alice", "/answer 1 Found it myself");
  CHECK(BotHarness::texts(h.say("alice", "/accept 3")) ==
        "✅ alice's answer A3 is accepted for Q1.\nIt replaces A1 by bob, whose 25 points for it are taken back.");
  CHECK(h.points("bob") == bob_before);
  CHECK(BotHarness::texts(h.say("alice", "/accept 9")) == "There is no answer A9 here. /question <number> shows a question's answers.");
  check_ledger(h, {"alice", "bob", "carol"});
}

TEST_CASE("taking back accepted-answer points never drives a balance below zero", "[qa][accept]") {
  BotHarness h;
  h.say("alice", tickets_q);
  h.say("bob", "/answer 1 At the box office, from 10am.");
  h.say("carol", "/answer 1 Online at the official shop");
  h.say("alice", "/accept 1");
  const std::int64_t bob = h.points("bob");
  h.say("mod", "/revoke @bob " + std::to_string(bob - 5) + " spent in the shop");
  CHECK(h.points("bob") == 5);
  CHECK_THAT(BotHarness::texts(h.say("alice", "/accept 2")), Contains("It replaces A1 by bob, whose 5 points for it are taken back."));
  CHECK(h.points("bob") == 0);
  CHECK(h.count("SELECT accept_points FROM answer WHERE number = 1") == 20);  // credit that could not be taken back

  // Accepted again, A1 still holds 20 points of credit: it is not paid a second time. carol gives hers back.
  const std::int64_t carol = h.points("carol");
  CHECK(BotHarness::texts(h.say("alice", "/accept 1")) ==
        "✅ bob's answer A1 is accepted for Q1.\nIt replaces A2 by carol, whose 25 points for it are taken back.");
  CHECK(h.points("bob") == 0);
  CHECK(h.points("carol") == carol - 25);
  check_ledger(h, {"alice", "bob", "carol"});
}

TEST_CASE("/close is for the asker and moderators", "[qa][close]") {
  BotHarness h;
  h.say("alice", tickets_q);
  h.say("alice", "/askanyway Is there a dress code? #rules");
  CHECK(BotHarness::texts(h.say("bob", "/close 1")) == "Only the asker of Q1 (alice) or a moderator can close it.");
  CHECK(h.count("SELECT count(*) FROM question WHERE state = 'closed'") == 0);
  CHECK(BotHarness::texts(h.say("alice", "/close 1")) == "🔒 Q1 is closed: no new answers.");
  CHECK(BotHarness::texts(h.say("alice", "/close 1")) == "Q1 is already closed.");
  CHECK(BotHarness::texts(h.say("mod", "/close Q2")) == "🔒 Q2 is closed: no new answers.");
  CHECK(BotHarness::texts(h.say("mod", "/close 5")) == "There is no question Q5 here. /questions lists them.");
  CHECK(BotHarness::texts(h.say("mod", "/close")) == "Usage: /close <question>");
  CHECK(h.count("SELECT count(*) FROM question WHERE state = 'closed' AND closed_at IS NOT NULL") == 2);
}

TEST_CASE("/questions filters and /question orders answers accepted first then by votes then by time", "[qa][list]") {
  BotHarness h;
  CHECK(BotHarness::texts(h.say("alice", "/questions")) == "No open questions. Ask one with /ask.");
  h.say("alice", tickets_q);
  h.say("bob", "/askanyway Is there a dress code? #rules");
  h.say("alice", "/askanyway Can I bring a camera? #rules");
  h.say("alice", "/close 3");
  h.say("bob", "/answer 1 At the box office");
  h.say("carol", "/answer 1 Online at the shop");
  h.say("dave", "/answer 1 Ask the fan club desk");
  h.say("erin", "/upvote 3");
  h.say("alice", "/accept 2");

  CHECK(BotHarness::texts(h.say("alice", "/questions")) ==
        "Open questions, newest first:\n"
        "Q2 Is there a dress code? · answers: 0\n"
        "Q1 ✅ How do I get tickets for the summer concert? · answers: 3");
  CHECK(BotHarness::texts(h.say("alice", "/questions mine")) ==
        "Questions by alice, newest first:\n"
        "Q3 🔒 Can I bring a camera? · answers: 0\n"
        "Q1 ✅ How do I get tickets for the summer concert? · answers: 3");
  CHECK(BotHarness::texts(h.say("alice", "/questions #RULES")) ==
        "Questions tagged #rules, newest first:\n"
        "Q3 🔒 Can I bring a camera? · answers: 0\n"
        "Q2 Is there a dress code? · answers: 0");
  CHECK(BotHarness::texts(h.say("alice", "/questions #nothing")) == "No questions tagged #nothing yet.");
  CHECK(BotHarness::texts(h.say("carol", "/questions mine")) == "carol has not asked anything yet.");
  CHECK(BotHarness::texts(h.say("alice", "/questions all")) == "“all” is not a filter: use open, mine or #tag.");

  const auto detail = h.say("alice", "/question 1");
  CHECK(BotHarness::texts(detail) ==
        "❓ Q1 from alice (open):\nHow do I get tickets for the summer concert?\nTags: #tickets #concert\n"
        "Answers (3):\n"
        "✅ A2 · carol · votes: 0 · Online at the shop\n"
        "A3 · dave · votes: 1 · Ask the fan club desk\n"
        "A1 · bob · votes: 0 · At the box office");
  CHECK(detail.actions.at(0).subject.rfind("question:", 0) == 0);  // a reply to it answers too
  CHECK(BotHarness::texts(h.say("alice", "/question 2")) ==
        "❓ Q2 from bob (open):\nIs there a dress code?\nTags: #rules\n"
        "No answers yet. Reply to the question's message or send /answer 2 <your answer>.");
  CHECK(BotHarness::texts(h.say("alice", "/question 3")) ==
        "❓ Q3 from alice (closed):\nCan I bring a camera?\nTags: #rules\nIt was closed without answers.");
  CHECK(BotHarness::texts(h.say("alice", "/question 4")) == "There is no question Q4 here. /questions lists them.");
  CHECK(BotHarness::texts(h.say("alice", "/question")) == "Usage: /question <question>");
}

TEST_CASE("an unanswered question pings the members with the most accepted answers under its tags once", "[qa][ping]") {
  BotHarness h(example_config({}, {{"unanswered_after_minutes = 60", "unanswered_after_minutes = 30"}}));
  // Experts: dave has two accepted answers under #tickets, erin one, frank one under #rules only.
  const auto history = [&](const std::string& tag, const std::string& who) {
    h.say("alice", "/askanyway Something about " + tag + " number " + std::to_string(h.count("SELECT count(*) FROM question")) + " #" + tag);
    const auto q = h.count("SELECT max(number) FROM question");
    h.say(who, "/answer " + std::to_string(q) + " the answer");
    const auto a = h.count("SELECT max(number) FROM answer");
    h.say("alice", "/accept " + std::to_string(a));
    h.say("alice", "/close " + std::to_string(q));
  };
  history("tickets", "dave");
  history("tickets", "dave");
  history("tickets", "erin");
  history("rules", "frank");
  h.apply(tick_at("console", h.clock().now_ms()));  // every old question is answered: nothing to say

  const std::int64_t t0 = h.clock().now_ms();
  h.say("bob", "/askanyway Are there student discounts for tickets? #tickets #prices");
  h.say("bob", "/askanyway Where is the venue? #venue");                  // nobody knows #venue
  h.say("carol", "/askanyway Is there a cloakroom? #tickets");
  h.say("dave", "/answer 7 yes, by the entrance");                       // answered: no ping
  h.apply(tick_at("console", t0 + 29 * minute_ms));
  CHECK(h.count("SELECT count(*) FROM question WHERE pinged_at <> 0") == 0);

  const auto due = h.apply(tick_at("console", t0 + 31 * minute_ms));
  REQUIRE(due.actions.size() == 1);
  const Action& ping = due.actions[0];
  CHECK(ping.kind == ActionKind::send_message);
  CHECK(ping.platform == "console");
  CHECK(ping.chat_id == "fanclub");
  CHECK(ping.text ==
        "⏰ Q5 is still unanswered: Are there student discounts for tickets?\n"
        "@dave, @erin — you have answered questions like it before. Can you help? Reply to this message to answer.");
  CHECK(ping.subject == "question:" + std::to_string(h.count("SELECT id FROM question WHERE number = 5")));
  CHECK(h.count("SELECT count(*) FROM question WHERE pinged_at <> 0") == 2);  // Q5 and Q6 (nobody to ask)
  CHECK(h.count("SELECT count(*) FROM outbox WHERE chat_id = 'fanclub' AND text LIKE '⏰%'") == 1);

  // At most once per question; a reply to the reminder answers it.
  CHECK(h.apply(tick_at("console", t0 + 90 * minute_ms)).actions.empty());
  deliver(h, ping, "bm-ping");
  CHECK_THAT(BotHarness::texts(reply_to_bot(h, "erin", "bm-ping", "Yes, with a student card")),
             StartsWith("💬 A6 — erin answered Q5:"));
  // Ticks of another platform never ping this chat.
  h.say("bob", "/askanyway Is there parking near the venue? #tickets");
  CHECK(h.apply(tick_at("telegram", t0 + 200 * minute_ms)).actions.empty());
  CHECK(h.apply(tick_at("console", t0 + 200 * minute_ms)).actions.size() == 1);
}

TEST_CASE("reminders are off when unanswered_after_minutes is 0", "[qa][ping]") {
  BotHarness h(example_config({}, {{"unanswered_after_minutes = 60", "unanswered_after_minutes = 0"}}));
  h.say("bob", "/askanyway Are there student discounts? #tickets");
  CHECK(h.apply(tick_at("console", h.clock().now_ms() + 1000 * minute_ms)).actions.empty());
  CHECK(h.count("SELECT count(*) FROM question WHERE pinged_at <> 0") == 0);
}

TEST_CASE("Q&A replies speak the community's language", "[qa][language]") {
  BotHarness h(example_config("[[community]]\nplatform = \"console\"\nchat_id = \"fanclub\"\nlanguage = \"zh\"\n"));
  CHECK_THAT(BotHarness::texts(h.say("alice", "/ask 演唱会的门票在哪里买？ #门票")), StartsWith("❓ Q1，提问者 alice：\n演唱会的门票在哪里买？\n标签：#门票"));
  CHECK(BotHarness::texts(h.say("alice", "/ask")) == "用法：/ask <问题> [#标签 …]");  // issue 9: usage follows the language
  CHECK_THAT(BotHarness::texts(h.say("bob", "/ask 门票在哪里买？ #门票")), StartsWith("发布之前：已有相似的未解决问题。"));
  CHECK(BotHarness::texts(h.say("bob", "/close 1")) == "只有 Q1 的提问者（alice）或版主可以关闭它。");
  CHECK(BotHarness::texts(h.say("bob", "/questions")) == "未解决的问题（最新在前）：\nQ1 演唱会的门票在哪里买？ · 回答：0");
}

TEST_CASE("/help lists the Q&A commands", "[qa][help]") {
  BotHarness h;
  const auto help = BotHarness::texts(h.say("alice", "/help"));
  for (const char* line : {"/ask <question> [#tag …] — ", "/askanyway <question> [#tag …] — ", "/answer <question> <text> — ",
                           "/upvote <answer> — ", "/accept <answer> — ", "/close <question> — ",
                           "/questions [open|mine|#tag] — ", "/question <question> — "}) {
    CHECK_THAT(help, Contains(line));
  }
}

TEST_CASE("the similar-question index notices a rolled-back change and rebuilds", "[qa][similar][rollback]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  storage::migrate(db);
  storage::Store store(db);
  const auto community = store.communities.ensure("console", "fanclub", "Fan Club", 1);
  const auto alice = store.members.touch(community, "alice", "alice", "alice", 1);
  handlers::QaIndexes indexes;
  const std::vector<std::string> tags{"tickets"};
  const std::string text = "How do I get tickets for the summer concert?";
  {
    SQLite::Transaction tx(db);
    indexes.opened(store.qa, store.qa.add_question(community, alice.id, text, tags, "", 1, "k1"));
    tx.commit();
  }
  REQUIRE(indexes.similar(store.qa, community, text, tags, 3, 0.3).size() == 1);
  {
    SQLite::Transaction tx(db);  // rolled back when it leaves the scope
    indexes.opened(store.qa, store.qa.add_question(community, alice.id, text, tags, "", 2, "k2"));
    CHECK(indexes.similar(store.qa, community, text, tags, 3, 0.3).size() == 2);
  }
  CHECK(indexes.similar(store.qa, community, text, tags, 3, 0.3).size() == 1);
  {
    SQLite::Transaction tx(db);  // a close rolled back: the question is open again
    const auto q = store.qa.question(community, 1);
    store.qa.close_question(q->id, 3);
    indexes.closed(store.qa, community, q->id);
    CHECK(indexes.similar(store.qa, community, text, tags, 3, 0.3).empty());
  }
  {
    SQLite::Transaction tx(db);  // the next change after a rollback does not mistake the stale index for current
    indexes.opened(store.qa, store.qa.add_question(community, alice.id, "Is there a dress code?", {"rules"}, "", 4, "k3"));
    tx.commit();
  }
  CHECK(indexes.similar(store.qa, community, text, tags, 3, 0.3).size() == 1);
  CHECK(indexes.similar(store.qa, community, "dress code", {}, 3, 0.1).size() == 1);
}

TEST_CASE("every Q&A statement seeks by index", "[qa][performance]") {
  BotHarness h(example_config({}, {{"unanswered_after_minutes = 60", "unanswered_after_minutes = 1"}}));
  h.say("alice", tickets_q);
  h.say("bob", tickets_similar);
  h.say("bob", "/askanyway Is there a dress code? #rules");
  h.say("carol", "/answer 1 At the box office");
  h.say("dave", "/upvote 1");
  h.say("alice", "/accept 1");
  h.say("bob", "/answer 1 Online");
  h.say("alice", "/accept 2");
  h.say("alice", "/questions");
  h.say("alice", "/questions mine");
  h.say("alice", "/questions #tickets");
  h.say("alice", "/question 1");
  h.say("alice", "/close 1");
  h.apply(tick_at("console", h.clock().now_ms() + 5 * minute_ms));
  int checked = 0;
  for (const auto& cost : h.app().statement_costs()) {
    if (cost.runs == 0) continue;
    if (cost.sql.find("question") == std::string::npos && cost.sql.find("answer") == std::string::npos &&
        cost.sql.find("qa_") == std::string::npos) {
      continue;
    }
    INFO(cost.sql << "\nruns " << cost.runs << ", VM steps " << cost.vm_steps);
    CHECK(cost.full_scan_steps == 0);
    ++checked;
  }
  CHECK(checked > 15);
}

TEST_CASE("answers too short for the rule or repeated earn nothing", "[qa][points]") {
  BotHarness h(example_config({}, {{"[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 60\ndaily_cap = 100\nmin_length = 4",
                                    "[points.answer]\nenabled = true\npoints = 10\ncooldown_seconds = 0\ndaily_cap = 100\nmin_length = 10"}}));
  h.say("alice", "/askanyway where do I find the setlist of the tour? #tour");
  h.say("bob", "/points");
  const std::int64_t before = h.points("bob");
  // Too short: refused (issue 10: trivial answers are no longer posted), not paid.
  CHECK(BotHarness::texts(h.say("bob", "/answer 1 ok")) == "An answer needs at least 10 letters or digits.");
  CHECK(h.points("bob") == before);
  h.say("bob", "/answer 1 it is pinned in the tour channel");
  const std::int64_t paid = h.points("bob");
  CHECK(paid > before);
  h.say("bob", "/answer 1 It is pinned in the tour channel!");    // the same again: refused, nothing
  CHECK(h.points("bob") == paid);
  CHECK(h.count("SELECT count(*) FROM answer") == 1);  // was 3 before issue 10: the short and the repeat were posted
  CHECK(h.points("bob") == h.ledger_sum("bob"));
}

TEST_CASE("an untagged unanswered question pings the community's best answerers", "[qa][ping]") {
  BotHarness h(example_config({}, {{"unanswered_after_minutes = 60", "unanswered_after_minutes = 30"}}));
  h.say("alice", "/askanyway What time do doors open? #tickets");
  h.say("dave", "/answer 1 doors open at seven");
  h.say("alice", "/accept 1");
  const std::int64_t t0 = h.clock().now_ms();
  h.say("bob", "/askanyway Can I bring a camera to the show");
  const auto due = h.apply(tick_at("console", t0 + 31 * minute_ms));
  REQUIRE(due.actions.size() == 1);
  CHECK_THAT(due.actions[0].text, Contains("@dave"));
}

TEST_CASE("an expert without a username is mentioned by id, shown by name", "[qa][ping]") {
  BotHarness h(example_config({}, {{"unanswered_after_minutes = 60", "unanswered_after_minutes = 30"}}));
  Event who = h.message("7012345678", "hello");
  who.author.display_name = "Ann Lee";
  who.author.username = "";
  h.apply(who);
  h.say("alice", "/askanyway What time do doors open? #tickets");
  Event answer = h.message("7012345678", "/answer 1 doors open at seven");
  answer.author.display_name = "Ann Lee";
  answer.author.username = "";
  h.apply(answer);
  h.say("alice", "/accept 1");
  const std::int64_t t0 = h.clock().now_ms();
  h.say("bob", "/askanyway Where do I pick up tickets? #tickets");
  const auto due = h.apply(tick_at("console", t0 + 31 * minute_ms));
  REQUIRE(due.actions.size() == 1);
  const auto mentions = find_mentions(due.actions[0].text);
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0].user_id == "7012345678");
  CHECK_THAT(plain_text(due.actions[0].text), Contains("Ann Lee — you have answered"));
}
