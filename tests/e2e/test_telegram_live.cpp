// The real binary on Telegram: `fanbase run` with platform = "telegram", pointed at a local fake Bot API
// server, answers members through sendMessage, stops cleanly on SIGTERM, and keeps its token out of the log.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "e2e/e2e.hpp"
#include "support/fake_bot_api.hpp"

using namespace fanbase::e2e;
using fanbase::testing::write_text_file;
using fanbase::testing::ProcessOptions;
using Catch::Matchers::Contains;

TEST_CASE("fanbase run on Telegram answers a member and stops cleanly on SIGTERM", "[e2e][telegram]") {
  TempDir dir;
  const std::string token = "424242:LIVE-e2e-token";
  fanbase::testing::FakeBotApi api(token);
  api.add_update(R"({"message":{"message_id":7,"from":{"id":9001,"is_bot":false,"first_name":"Grace","username":"grace"},)"
                 R"("chat":{"id":-1009876543210,"title":"Fans","type":"supergroup"},"date":1767225600,"text":"/checkin"}})");
  const std::string config = dir / "telegram.toml";
  write_text_file(config, "[bot]\nplatform = \"telegram\"\n[telegram]\ntoken_env = \"FANBASE_E2E_TOKEN\"\napi_base = \"" +
                              api.base_url() + "\"\npoll_timeout_seconds = 1\n");
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"FANBASE_E2E_TOKEN", token}};
  options.sigterm_after = std::chrono::milliseconds(2500);
  options.timeout = std::chrono::milliseconds(20'000);
  const auto result = fanbase::testing::run_process({binary, "run", "--config", config, "--db", dir / "fan.db"}, options);
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  const auto sent = api.sent();
  REQUIRE(sent.size() == 1);
  const auto body = boost::json::parse(sent[0]).as_object();
  CHECK(body.at("chat_id").as_int64() == -1009876543210LL);
  CHECK_THAT(std::string(body.at("text").as_string()), Contains("Grace checked in: +5"));
  CHECK(result.err.find(token) == std::string::npos);
  CHECK_THAT(result.err, Contains("event=fanbase.stopped"));
  CHECK(query_int(dir / "fan.db", "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1);
  CHECK(query_int(dir / "fan.db", "SELECT points FROM member WHERE user_id = '9001'") == 5);
}
