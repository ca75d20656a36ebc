// `fanbase replay` as a process: a small file of real Bot API updates with a few broken lines
// (tests/data/telegram/replay_small.jsonl), its printed summary, the replies file, and idempotence on a second run.
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;
using fanbase::testing::read_text_file;
using fanbase::testing::write_text_file;

namespace {

const std::string updates = telegram_data + "/replay_small.jsonl";

// The summary without its timing lines (wall_ms, events_per_s), which differ on every run.
std::string without_timing(const std::string& summary) {
  std::string out;
  for (const std::string& line : lines_of(summary)) {
    if (line.rfind("wall_ms: ", 0) == 0 || line.rfind("events_per_s: ", 0) == 0) continue;
    out += line + "\n";
  }
  return out;
}

std::string summary_for(int applied, int duplicates, int replies) {
  return "replay: " + updates + "\n" +
         "lines: 15\n"
         "applied: " + std::to_string(applied) + "\n" +
         "duplicates: " + std::to_string(duplicates) + "\n" +
         "failed: 0\n"
         "skipped: 2 (channel_post=1, unsupported:poll=1)\n"
         "malformed: 3\n"
         "  line 4: not JSON: incomplete JSON at byte 104\n"
         "  line 9: update_id missing\n"
         "  line 10: message.chat missing\n"
         "replies: " + std::to_string(replies) + "\n";
}

// What the bot answers, in order: the three first-message badges (not replies to anything), alice's /points,
// bob's /top, carol's /points@FanbaseBot. bob's /points@OtherBot is for another bot and gets no answer.
const std::string expected_replies =
    R"({"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"","text":"🏅 Alice Liddell earned the badge “初次发言 First Words”: Sent a first message · 第一次发言"}
{"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"","text":"🏅 Bob earned the badge “初次发言 First Words”: Sent a first message · 第一次发言"}
{"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"","text":"🏅 Carol earned the badge “初次发言 First Words”: Sent a first message · 第一次发言"}
{"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"107","text":"Alice Liddell: balance 2 · lifetime 2 · Lv.1 新粉 Newcomer\n48 more to Lv.2 活跃粉 Regular."}
{"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"108","text":"🏆 Top 10 · all time\n1. Alice Liddell — 2\n2. Carol — 2\n3. Bob — 1"}
{"kind":"send_message","chat_id":"-1001712345678","reply_to_message_id":"109","text":"Carol: balance 2 · lifetime 2 · Lv.1 新粉 Newcomer\n48 more to Lv.2 活跃粉 Regular."}
)";

const std::vector<std::string> expected_ledger{
    "alice_l|message|1|tg:900001",
    "bobby|message|1|tg:900002",
    "carol_c|reply|2|tg:900003",
    "alice_l|reaction_received|1|tg:900005",
    "carol_c|message|1|tg:900015",
};

const std::string ledger_sql =
    "SELECT m.username, e.reason, e.delta, e.reference FROM point_entry e JOIN member m ON m.id = e.member_id "
    "ORDER BY e.id";

}  // namespace

TEST_CASE("Replaying a small update file prints the summary and writes the replies file", "[e2e][replay]") {
  TempDir dir;
  const std::string db = dir / "replay.db";
  const std::string out = dir / "replies.jsonl";
  const auto result = run_fanbase({"replay", "--config", example_config, "--db", db, "--out", out, updates}, "", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  // With the replies in a file, the summary is printed on stdout.
  CHECK(without_timing(result.out) == summary_for(10, 0, 6));
  CHECK(result.out.find("wall_ms: ") != std::string::npos);
  CHECK(result.out.find("events_per_s: ") != std::string::npos);
  CHECK(read_text_file(out) == expected_replies);

  // Stored state: the members of the one group, their points, and what paid them.
  CHECK(query_rows(db, "SELECT platform, chat_id, title FROM community") ==
        std::vector<std::string>{"telegram|-1001712345678|Lions FC Supporters 🦁"});
  CHECK(query_rows(db, "SELECT user_id, display_name, username, points FROM member ORDER BY id") ==
        std::vector<std::string>{"5123456789|Alice Liddell|alice_l|2", "287654321|Bob|bobby|1",
                                 "7012345678|Carol|carol_c|3"});
  CHECK(query_rows(db, ledger_sql) == expected_ledger);
  // Applied updates are remembered by update_id; skipped and malformed lines are not.
  CHECK(query_int(db, "SELECT count(*) FROM processed_event") == 10);
  CHECK(query_int(db, "SELECT count(*) FROM processed_event WHERE key IN ('tg:900004', 'tg:900007', 'tg:900008', "
                      "'tg:900010')") == 0);
  CHECK(query_int(db, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0);
}

TEST_CASE("Replaying the same file again applies nothing twice", "[e2e][replay]") {
  TempDir dir;
  const std::string db = dir / "replay.db";
  const auto first =
      run_fanbase({"replay", "--config", example_config, "--db", db, "--out", dir / "first.jsonl", updates}, "", dir);
  INFO(first.describe());
  REQUIRE(first.exit_code == 0);
  REQUIRE(without_timing(first.out) == summary_for(10, 0, 6));
  const auto entries = query_int(db, "SELECT count(*) FROM point_entry");

  const auto second =
      run_fanbase({"replay", "--config", example_config, "--db", db, "--out", dir / "second.jsonl", updates}, "", dir);
  INFO(second.describe());
  REQUIRE(second.exit_code == 0);
  CHECK(without_timing(second.out) == summary_for(0, 10, 0));
  CHECK(read_text_file(dir / "second.jsonl").empty());
  CHECK(query_int(db, "SELECT count(*) FROM point_entry") == entries);
  CHECK(query_rows(db, ledger_sql) == expected_ledger);
  CHECK(query_int(db, "SELECT count(*) FROM outbox") == 6);
}

TEST_CASE("Replaying with --out - writes the replies to stdout and the summary to stderr", "[e2e][replay]") {
  TempDir dir;
  const auto result =
      run_fanbase({"replay", "--config", example_config, "--db", dir / "replay.db", "--out", "-", updates}, "", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == expected_replies);
  // stderr also carries the log lines; the summary is there in one piece.
  CHECK(result.err.find(summary_for(10, 0, 6)) != std::string::npos);
}

TEST_CASE("A second replay with the same --out appends to it and never truncates it", "[e2e][replay]") {
  TempDir dir;
  const std::string out = dir / "replies.jsonl";
  fanbase::testing::write_text_file(out, "{\"kept\":\"a line written before\"}\n");
  const auto first =
      run_fanbase({"replay", "--config", example_config, "--db", dir / "one.db", "--out", out, updates}, "", dir);
  INFO(first.describe());
  REQUIRE(first.exit_code == 0);
  CHECK(read_text_file(out) == "{\"kept\":\"a line written before\"}\n" + expected_replies);

  // Another database, so the same updates answer again: their replies go after the first run's.
  const auto second =
      run_fanbase({"replay", "--config", example_config, "--db", dir / "two.db", "--out", out, updates}, "", dir);
  INFO(second.describe());
  REQUIRE(second.exit_code == 0);
  CHECK(read_text_file(out) == "{\"kept\":\"a line written before\"}\n" + expected_replies + expected_replies);

  // The same database again: nothing new to answer, and nothing is removed.
  const auto third =
      run_fanbase({"replay", "--config", example_config, "--db", dir / "two.db", "--out", out, updates}, "", dir);
  INFO(third.describe());
  REQUIRE(third.exit_code == 0);
  CHECK(without_timing(third.out) == summary_for(0, 10, 0));
  CHECK(read_text_file(out) == "{\"kept\":\"a line written before\"}\n" + expected_replies + expected_replies);
}

TEST_CASE("A replies file whose last line was cut short gets its line ended before new replies", "[e2e][replay]") {
  TempDir dir;
  const std::string out = dir / "replies.jsonl";
  const std::string torn = "{\"kind\":\"send_message\",\"chat_id\":\"-10017";  // a run killed mid-write
  fanbase::testing::write_text_file(out, torn);
  const auto result =
      run_fanbase({"replay", "--config", example_config, "--db", dir / "replay.db", "--out", out, updates}, "", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(read_text_file(out) == torn + "\n" + expected_replies);
}

// Issue 10, defect 2: one update dated far in the future used to be applied and anchor the member's cooldown
// there, so every later real message earned nothing. It is now malformed (counted, listed, nothing applied).
TEST_CASE("An update dated far in the future is refused as malformed and later messages still earn", "[e2e][replay]") {
  TempDir dir;
  const std::string db = dir / "replay.db";
  const std::string file = dir / "future.jsonl";
  auto message = [](int update_id, int message_id, long long date, const std::string& text) {
    return R"({"update_id":)" + std::to_string(update_id) + R"(,"message":{"message_id":)" + std::to_string(message_id) +
           R"(,"from":{"id":287654321,"is_bot":false,"first_name":"Bob","username":"bobby"},)"
           R"("chat":{"id":-1001712345678,"title":"Lions FC","type":"supergroup"},"date":)" + std::to_string(date) +
           R"(,"text":")" + text + "\"}}\n";
  };
  write_text_file(file, message(1, 11, 16725225600LL, "a message from the year 2500") +   // 2500-01-01
                            message(2, 12, 1000000000LL, "a message from 2001, before Telegram") +
                            message(3, 13, 1767225600LL, "a real message on new year's day") +
                            message(4, 14, 1767225700LL, "another real message a bit later"));
  const auto result = run_fanbase({"replay", "--config", example_config, "--db", db, "--out", "/dev/null", file}, "", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("applied: 2\n") != std::string::npos);
  CHECK(result.out.find("malformed: 2\n") != std::string::npos);
  CHECK(result.out.find("  line 1: message: dated 2500-01-01T00:00:00Z, more than a day after it was received at ") !=
        std::string::npos);
  CHECK(result.out.find("  line 2: message: dated 2001-09-09T01:46:40Z, before the platform existed "
                        "(2013-08-14T00:00:00Z)") != std::string::npos);
  CHECK(query_rows(db, "SELECT e.reason, e.reference FROM point_entry e ORDER BY e.id") ==
        std::vector<std::string>{"message|tg:3", "message|tg:4"});
}
