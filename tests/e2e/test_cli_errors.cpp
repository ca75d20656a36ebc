// The command line's promises: exit codes (0 ok, 1 usage, 2 configuration, 3 storage, 4 other runtime failure),
// error messages that say where the problem is, and no database created when the configuration is refused.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <SQLiteCpp/Database.h>

#include "e2e/e2e.hpp"
#include "support/fake_bot_api.hpp"

using namespace fanbase::e2e;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using fanbase::testing::file_exists;
using fanbase::testing::write_text_file;

namespace {

// Line 3: a misspelt key. Line 6: a number written as text (the value starts at column 13).
const std::string bad_toml =
    "[bot]\n"
    "language = \"en\"\n"
    "colour = \"red\"\n"
    "\n"
    "[points]\n"
    "daily_cap = \"lots\"\n";

}  // namespace

TEST_CASE("check-config accepts the shipped example and prints its summary", "[e2e][cli]") {
  TempDir dir;
  const auto result = run_fanbase({"check-config", example_config}, "", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out == "config OK: " + example_config + "\n" +
                          "  platform: console\n"
                          "  language: en\n"
                          "  storage: data/fanbase.db\n"
                          "  owners: 1, moderators: 1\n"
                          "  communities configured: 0\n"
                          "  levels: 6 (新粉 Newcomer … 传奇 Legend)\n"
                          "  badges: 9\n"
                          "  message overrides: 0\n");
  CHECK(result.err.empty());
}

TEST_CASE("check-config on a bad file exits 2 and names every problem with file line and column", "[e2e][cli]") {
  TempDir dir;
  const std::string path = dir / "bad.toml";
  write_text_file(path, bad_toml);
  const auto result = run_fanbase({"check-config", path}, "", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "fanbase: configuration error:\n" + path + ":3:1: bot.colour: unknown key\n" + path +
                          ":6:13: points.daily_cap: expected an integer, got a string\n");
}

TEST_CASE("run with a bad config exits 2 and does not create the database", "[e2e][cli]") {
  TempDir dir;
  const std::string path = dir / "bad.toml";
  write_text_file(path, bad_toml);
  const std::string db = dir / "x.db";
  const auto result = run_fanbase({"run", "--config", path, "--db", db}, "alice: hello there everyone\n", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Contains(path + ":3:1: bot.colour: unknown key"));
  CHECK_THAT(result.err, Contains(path + ":6:13: points.daily_cap"));
  CHECK_FALSE(file_exists(db));
  CHECK_FALSE(file_exists(dir / "data"));
}

TEST_CASE("A message override with an unknown key is a configuration error naming it with line and column",
          "[e2e][cli]") {
  TempDir dir;
  const std::string path = dir / "messages.toml";
  write_text_file(path, "[messages.en]\n\"points.balance\" = \"{name} has {points} points\"\n\"no.such.key\" = \"x\"\n");
  const std::string expected = "fanbase: configuration error:\n" + path +
                               ":3:1: messages.en.\"no.such.key\": unknown message key \"no.such.key\"\n";

  SECTION("check-config reports it") {
    const auto result = run_fanbase({"check-config", path}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == expected);
  }
  SECTION("run refuses to start, before creating the database") {
    const std::string db = dir / "x.db";
    const auto result = run_fanbase({"run", "--config", path, "--db", db}, "alice: hello there everyone\n", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == expected);
    CHECK_FALSE(file_exists(db));
  }
}

TEST_CASE("An unknown command or option exits 1 and prints the usage", "[e2e][cli]") {
  TempDir dir;
  SECTION("unknown command") {
    const auto result = run_fanbase({"frobnicate"}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, StartsWith("fanbase: unknown command \"frobnicate\"\nusage:\n"));
    CHECK_THAT(result.err, Contains("fanbase check-config FILE"));
    CHECK_THAT(result.err, Contains("fanbase replay --config FILE"));
  }
  SECTION("no command at all") {
    const auto result = run_fanbase({}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, StartsWith("fanbase: no command given\nusage:\n"));
  }
  SECTION("unknown option") {
    const auto result = run_fanbase({"run", "--verbose"}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, StartsWith("fanbase: unknown option --verbose\nusage:\n"));
    CHECK_FALSE(file_exists(dir / "data"));
  }
  SECTION("an option without its value") {
    const auto result = run_fanbase({"run", "--db"}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, StartsWith("fanbase: --db needs a value\nusage:\n"));
  }
  SECTION("check-config without a file") {
    const auto result = run_fanbase({"check-config"}, "", dir);
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, StartsWith("fanbase: check-config takes one FILE\nusage:\n"));
  }
}

TEST_CASE("version and help exit 0 on stdout", "[e2e][cli]") {
  TempDir dir;
  const auto version = run_fanbase({"version"}, "", dir);
  CHECK(version.exit_code == 0);
  CHECK(version.out == "fanbase 0.1.0\n");
  const auto help = run_fanbase({"--help"}, "", dir);
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, StartsWith("usage:\n  fanbase run [--config FILE] [--db PATH]"));
  CHECK(help.err.empty());
}

TEST_CASE("Replaying a file that does not exist exits 4", "[e2e][cli]") {
  TempDir dir;
  const std::string missing = dir / "no-such-updates.jsonl";
  const auto result = run_fanbase({"replay", "--config", example_config, "--db", dir / "x.db", missing}, "", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 4);
  CHECK_THAT(result.err, Contains("fanbase: cannot read " + missing + ": No such file or directory\n"));
}

TEST_CASE("A database from a newer fanbase is refused with exit 3", "[e2e][cli]") {
  TempDir dir;
  const std::string db = dir / "future.db";
  {
    SQLite::Database future(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    future.exec("PRAGMA user_version = 999");
  }
  const auto result = run_fanbase({"run", "--db", db}, "alice: hello there everyone\n", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Contains("fanbase: storage error: database schema version 999 is newer than this binary"));
  // The file is left as it was: no tables were added to it.
  CHECK(query_int(db, "PRAGMA user_version") == 999);
  CHECK(query_int(db, "SELECT count(*) FROM sqlite_master") == 0);
}

TEST_CASE("A database path that cannot be created is a storage error with exit 3", "[e2e][cli]") {
  TempDir dir;
  write_text_file(dir / "not-a-directory", "plain file\n");
  const auto result =
      run_fanbase({"run", "--db", dir / "not-a-directory/fan.db"}, "alice: hello there everyone\n", dir);
  INFO(result.describe());
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Contains("fanbase: storage error: "));
}

TEST_CASE("Telegram without its token in the environment is refused by run with exit 2", "[e2e][cli]") {
  TempDir dir;
  const std::string path = dir / "telegram.toml";
  write_text_file(path, "[bot]\nplatform = \"telegram\"\n");
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"TELEGRAM_BOT_TOKEN", ""}};
  const auto result = fanbase::testing::run_process({binary, "run", "--config", path, "--db", dir / "x.db"}, options);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("telegram.token_env: the environment variable TELEGRAM_BOT_TOKEN is not set"));
  CHECK_FALSE(file_exists(dir / "x.db"));
}

TEST_CASE("Replaying a file that does not exist leaves no database behind", "[e2e][cli]") {
  TempDir dir;
  const std::string db = dir / "x.db";
  const auto result = run_fanbase({"replay", "--config", example_config, "--db", db, dir / "missing.jsonl"}, "", dir);
  INFO(result.describe());
  REQUIRE(result.exit_code == 4);
  CHECK_FALSE(file_exists(db));
}

TEST_CASE("A malformed token or webhook secret is refused at start with exit 2, naming the key, not the value",
          "[e2e][cli]") {
  TempDir dir;
  const std::string path = dir / "telegram.toml";
  struct Row {
    std::string toml, token, secret, key;
  };
  const std::string webhook = "mode = \"webhook\"\npublic_url = \"https://fans.example.com\"\n";
  const auto row = GENERATE_REF(values<Row>({
      {"", "not a token", "", "telegram.token_env: the environment variable TELEGRAM_BOT_TOKEN does not hold a bot token"},
      {"", "123456:ABC def", "", "telegram.token_env: the environment variable TELEGRAM_BOT_TOKEN does not hold a bot token"},
      {webhook, "123456:TEST-token_ABCdef", "bad secret \xc3\xbc",
       "telegram.secret_env: the environment variable TELEGRAM_WEBHOOK_SECRET does not hold a usable webhook secret: "
       "the secret must be 1-256 of A-Z a-z 0-9 _ -"},
      {webhook, "123456:TEST-token_ABCdef", std::string(257, 'x'), "telegram.secret_env"},
  }));
  write_text_file(path, "[bot]\nplatform = \"telegram\"\n[telegram]\napi_base = \"http://127.0.0.1:9\"\n" + row.toml);
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"TELEGRAM_BOT_TOKEN", row.token}, {"TELEGRAM_WEBHOOK_SECRET", row.secret}};
  options.timeout = std::chrono::milliseconds(10'000);
  const auto result = fanbase::testing::run_process({binary, "run", "--config", path, "--db", dir / "x.db"}, options);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains(row.key));
  CHECK(result.err.find(row.token) == std::string::npos);
  if (!row.secret.empty()) CHECK(result.err.find(row.secret) == std::string::npos);
  CHECK_FALSE(file_exists(dir / "x.db"));
}

TEST_CASE("A token Telegram refuses (getMe: 401) stops the bot with exit 2 instead of retrying", "[e2e][cli]") {
  TempDir dir;
  fanbase::testing::FakeBotApi api("424242:THE-right-token");
  const std::string path = dir / "telegram.toml";
  write_text_file(path, "[bot]\nplatform = \"telegram\"\n[telegram]\napi_base = \"" + api.base_url() +
                            "\"\npoll_timeout_seconds = 1\n");
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"TELEGRAM_BOT_TOKEN", "424242:a-revoked-token"}};
  options.timeout = std::chrono::milliseconds(20'000);  // without the fix it retries until killed here
  const auto result = fanbase::testing::run_process({binary, "run", "--config", path, "--db", dir / "x.db"}, options);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("telegram.token_env: Telegram refuses the token in the environment variable "
                                  "TELEGRAM_BOT_TOKEN (getMe: 401 Unauthorized)"));
  CHECK(result.err.find("a-revoked-token") == std::string::npos);
  CHECK(api.requests_with_wrong_token() == 1);
}
