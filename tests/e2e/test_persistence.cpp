// What one `fanbase run` stores, the next one finds: two processes on the same database file.
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;

TEST_CASE("Points earned in one console session are still there in the next process", "[e2e][persistence]") {
  TempDir dir;
  const std::string db = dir / "fan.db";

  // First evening: alice's message gets a reply from bob and a reaction from carol.
  const auto first = run_fanbase({"run", "--config", example_config, "--db", db},
                             "alice: good morning, fan club\n"
                             "bob>1: morning alice, great to see you\n"
                             "carol +1\n"
                             "alice: /points\n",
                             dir);
  INFO(first.describe());
  REQUIRE(first.exit_code == 0);
  CHECK(first.out ==
        "fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase: 🏅 bob earned the badge “初次发言 First Words”: Sent a first message · 第一次发言\n"
        "fanbase: alice: balance 2 · lifetime 2 · Lv.1 新粉 Newcomer\n"
        "  48 more to Lv.2 活跃粉 Regular.\n");
  REQUIRE(query_int(db, "SELECT count(*) FROM point_entry") == 3);

  // Second evening, a new process: the balances are read back, message numbers start again at #1 (so carol's
  // "+1" is about tonight's first message, not yesterday's), and nothing from the first evening is paid twice.
  const auto second = run_fanbase({"run", "--config", example_config, "--db", db},
                              "alice: /points\n"
                              "bob: /points\n"
                              "/wait 2m\n"
                              "alice: back again tonight, who is around?\n"
                              "carol +3\n"
                              "carol +3\n"
                              "alice: /points\n",
                              dir);
  INFO(second.describe());
  REQUIRE(second.exit_code == 0);
  CHECK(second.out ==
        "fanbase: alice: balance 2 · lifetime 2 · Lv.1 新粉 Newcomer\n"
        "  48 more to Lv.2 活跃粉 Regular.\n"
        "fanbase: bob: balance 2 · lifetime 2 · Lv.1 新粉 Newcomer\n"
        "  48 more to Lv.2 活跃粉 Regular.\n"
        "fanbase: alice: balance 4 · lifetime 4 · Lv.1 新粉 Newcomer\n"
        "  46 more to Lv.2 活跃粉 Regular.\n");
  // No reply of the first process was left undelivered, so none is repeated at the start of the second.
  CHECK(second.out.find("(undelivered)") == std::string::npos);

  // The stored rows, read with SQLite directly.
  CHECK(query_rows(db, "SELECT user_id, display_name, points, earned, level FROM member ORDER BY id") ==
        std::vector<std::string>{"alice|alice|4|4|0", "bob|bob|2|2|0", "carol|carol|0|0|0"});
  CHECK(query_rows(db, "SELECT m.user_id, e.reason, e.delta FROM point_entry e JOIN member m ON m.id = e.member_id "
                       "ORDER BY e.id") ==
        std::vector<std::string>{"alice|message|1", "bob|reply|2", "alice|reaction_received|1", "alice|message|1",
                                 "alice|reaction_received|1"});
  // Each payment has its own cause: the two sessions' events never share a reference.
  CHECK(query_int(db, "SELECT count(DISTINCT reference) FROM point_entry") == 5);
  CHECK(query_int(db, "SELECT count(*) FROM member m WHERE m.points <> "
                      "(SELECT coalesce(sum(delta), 0) FROM point_entry e WHERE e.member_id = m.id)") == 0);
  CHECK(query_rows(db, "SELECT m.user_id, b.badge FROM member_badge b JOIN member m ON m.id = b.member_id "
                       "ORDER BY m.id, b.badge") ==
        std::vector<std::string>{"alice|first_words", "bob|first_words"});
  CHECK(query_int(db, "SELECT count(*) FROM community") == 1);
  CHECK(query_int(db, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0);
}

TEST_CASE("A console session without --db keeps its database at the configured relative path", "[e2e][persistence]") {
  TempDir dir;
  // The built-in example says [storage] path = "data/fanbase.db", relative to where fanbase starts.
  const auto first = run_fanbase({"run"}, "alice: hello from the default database\n", dir);
  INFO(first.describe());
  REQUIRE(first.exit_code == 0);
  REQUIRE(fanbase::testing::file_exists(dir / "data/fanbase.db"));
  const auto second = run_fanbase({"run"}, "alice: /points\n", dir);
  INFO(second.describe());
  REQUIRE(second.exit_code == 0);
  CHECK(second.out ==
        "fanbase: alice: balance 1 · lifetime 1 · Lv.1 新粉 Newcomer\n"
        "  49 more to Lv.2 活跃粉 Regular.\n");
}

TEST_CASE("A check-in streak continues across processes even after the console clock was moved ahead",
          "[e2e][persistence]") {
  TempDir dir;
  const std::string db = dir / "fan.db";
  const auto first = run_fanbase({"run", "--config", example_config, "--db", db}, "/checkin\n/wait 1d\n/checkin\n", dir);
  INFO(first.describe());
  REQUIRE(first.exit_code == 0);
  CHECK(first.out ==
        "fanbase: ✅ alice checked in: +5 · streak 1 · balance 5.\n"
        "fanbase: ✅ alice checked in: +6 · streak 2 · balance 11.\n");
  // The next process resumes from the moved clock: today is still the second day, so this is refused, and a
  // day later the streak goes on.
  const auto second =
      run_fanbase({"run", "--config", example_config, "--db", db}, "/checkin\n/wait 1d\n/checkin\n", dir);
  INFO(second.describe());
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::Matchers::StartsWith("fanbase: You already checked in today."));
  CHECK_THAT(second.out, Catch::Matchers::EndsWith("fanbase: ✅ alice checked in: +7 · streak 3 · balance 18.\n"));
}
