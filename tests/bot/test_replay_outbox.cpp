// replay_file and the outbox, in process: the replies an earlier run committed but never wrote are written first,
// in id order, and marked sent; nothing is marked sent that could not be written. (The real binary killed with
// SIGKILL: tests/e2e/test_replay_crash.cpp.)
#include <catch2/catch.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/app/replay.hpp"
#include "support/bot_harness.hpp"
#include "support/process.hpp"

using fanbase::Action;
using fanbase::ActionKind;
using fanbase::Outcome;
using fanbase::testing::BotHarness;
using fanbase::testing::read_text_file;
using fanbase::testing::TempDir;
using fanbase::testing::write_text_file;

namespace {

// The --out line of a reply (the texts here hold no characters but '"', '\\' and '\n' that JSON escapes).
std::string line_of(const Action& a) {
  std::string text;
  for (char c : fanbase::plain_text(a.text)) {
    if (c == '\n') {
      text += "\\n";
    } else if (c == '"' || c == '\\') {
      text += '\\';
      text += c;
    } else {
      text += c;
    }
  }
  return std::string(R"({"kind":")") + fanbase::to_string(a.kind) + R"(","chat_id":")" + a.chat_id +
         R"(","reply_to_message_id":")" + a.reply_to_message_id + R"(","text":")" + text + "\"}\n";
}

std::string lines_of(const std::vector<Outcome>& outcomes) {
  std::string s;
  for (const auto& o : outcomes) {
    for (const auto& a : o.actions) s += line_of(a);
  }
  return s;
}

// A /points command as a Telegram update line.
const std::string points_update =
    R"({"update_id":700001,"message":{"message_id":51,"from":{"id":42,"is_bot":false,"first_name":"Dora",)"
    R"("username":"dora"},"chat":{"id":-100500,"title":"Replay FC","type":"supergroup"},"date":1767225700,)"
    R"("text":"/points"}})";

const std::string pending_sql = "SELECT count(*) FROM outbox WHERE state = 'pending'";

}  // namespace

TEST_CASE("A replay first writes the telegram replies an earlier run committed but never wrote, in order",
          "[replay][outbox]") {
  TempDir dir;
  BotHarness h;
  // A console reply waiting for the console: not the replay's.
  h.say("carl", "/points");
  const std::int64_t console_pending = h.count(pending_sql);
  REQUIRE(console_pending > 0);
  // Committed telegram replies that nobody wrote (as if a replay had been killed after the commit).
  h.platform = "telegram";
  h.chat_id = "-100500";
  std::vector<Outcome> earlier{h.say("alice", "hello everyone"), h.say("alice", "/points"), h.say("bob", "/top")};
  const std::string expected = lines_of(earlier);
  REQUIRE(!expected.empty());
  REQUIRE(h.count(pending_sql) > console_pending);

  const std::string input = dir / "empty.jsonl", out_path = dir / "out.jsonl";
  write_text_file(input, "");
  std::FILE* out = fanbase::open_replies_file(out_path);
  REQUIRE(out != nullptr);
  const fanbase::ReplaySummary summary = fanbase::replay_file(h.app(), input, out);
  std::fclose(out);
  h.app().flush();

  CHECK(read_text_file(out_path) == expected);
  CHECK(summary.redelivered == h.count("SELECT count(*) FROM outbox WHERE platform = 'telegram'"));
  CHECK(summary.replies == 0);
  CHECK(summary.to_string(input).find("\nredelivered: " + std::to_string(summary.redelivered) + "\n") !=
        std::string::npos);
  CHECK(h.count("SELECT count(*) FROM outbox WHERE platform = 'telegram' AND state <> 'sent'") == 0);
  CHECK(h.count(pending_sql) == console_pending);

  // Once written and marked, they are not written again.
  out = fanbase::open_replies_file(out_path);
  REQUIRE(out != nullptr);
  const fanbase::ReplaySummary again = fanbase::replay_file(h.app(), input, out);
  std::fclose(out);
  CHECK(again.redelivered == 0);
  CHECK(read_text_file(out_path) == expected);
  CHECK(again.to_string(input).find("redelivered") == std::string::npos);
}

TEST_CASE("Replies that cannot be written are not marked sent, and the next replay writes them", "[replay][outbox]") {
  TempDir dir;
  BotHarness h;
  const std::string input = dir / "points.jsonl";
  write_text_file(input, points_update + "\n");

  // /dev/full: every write fails (ENOSPC) once it reaches the kernel.
  std::FILE* full = std::fopen("/dev/full", "wb");
  REQUIRE(full != nullptr);
  CHECK_THROWS_AS(fanbase::replay_file(h.app(), input, full), std::runtime_error);
  std::fclose(full);
  h.app().flush();
  CHECK(h.count("SELECT count(*) FROM processed_event WHERE key = 'tg:700001'") == 1);  // the event committed
  const std::int64_t unwritten = h.count(pending_sql);
  CHECK(unwritten > 0);  // its replies did not reach the file, so they stay pending

  // At start, too: the pending rows are not marked when writing them fails.
  full = std::fopen("/dev/full", "wb");
  REQUIRE(full != nullptr);
  CHECK_THROWS_AS(fanbase::replay_file(h.app(), input, full), std::runtime_error);
  std::fclose(full);
  h.app().flush();
  CHECK(h.count(pending_sql) == unwritten);

  const std::string out_path = dir / "out.jsonl";
  std::FILE* out = fanbase::open_replies_file(out_path);
  REQUIRE(out != nullptr);
  const fanbase::ReplaySummary summary = fanbase::replay_file(h.app(), input, out);
  std::fclose(out);
  h.app().flush();
  CHECK(summary.redelivered == unwritten);
  CHECK(summary.duplicates == 1);
  CHECK(summary.applied == 0);
  CHECK(h.count(pending_sql) == 0);
  const std::string written = read_text_file(out_path);
  CHECK(written.find(R"("chat_id":"-100500","reply_to_message_id":"51","text":"Dora: balance 0)") != std::string::npos);
}
