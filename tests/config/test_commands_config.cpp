// [commands]: the rate limit's defaults, the example's values, and every problem reported where it is written.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/load_config.hpp"

using namespace fanbase::config;

namespace {

std::vector<Problem> problems_of(const std::string& text) {
  try {
    load_config_text(text, "test.toml");
  } catch (const ConfigError& error) {
    return error.problems();
  }
  FAIL("expected a ConfigError for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("[commands] defaults apply when the table is absent and the example states them", "[config][commands]") {
  const Config absent = load_config_text("[bot]\nplatform = \"console\"\n", "test.toml");
  CHECK(absent.commands.rate_limit.count == 5);
  CHECK(absent.commands.rate_limit.per_seconds == 60);
  const Config example = load_config_text(embedded_example_config(), "fanbase.example.toml");
  CHECK(example.commands == absent.commands);
}

TEST_CASE("[commands] rate_limit is read as an inline or a standard table", "[config][commands]") {
  const Config inline_table =
      load_config_text("[commands]\nrate_limit = { count = 0, per_seconds = 10 }\n", "test.toml");
  CHECK(inline_table.commands.rate_limit.count == 0);
  CHECK(inline_table.commands.rate_limit.per_seconds == 10);
  const Config standard = load_config_text("[commands.rate_limit]\ncount = 3\n", "test.toml");
  CHECK(standard.commands.rate_limit.count == 3);
  CHECK(standard.commands.rate_limit.per_seconds == 60);
}

TEST_CASE("[commands] bad values and unknown keys are reported with their line, column and key", "[config][commands]") {
  const auto problems = problems_of(
      "[commands]\n"
      "rate_limit = { count = -1, per_seconds = 0, burst = 2 }\n"
      "limit = 3\n");
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].line == 2);
  CHECK(problems[0].column > 1);
  CHECK(problems[0].key == "commands.rate_limit.count");
  CHECK_THAT(problems[0].message, Catch::Matchers::Contains("[0, 1000]"));
  CHECK(problems[1].key == "commands.rate_limit.per_seconds");
  CHECK(problems[2].key == "commands.rate_limit.burst");
  CHECK(problems[3].line == 3);
  CHECK(problems[3].key == "commands.limit");
  CHECK_THAT(problems_of("[commands]\nrate_limit = 5\n")[0].key, Catch::Matchers::Equals("commands.rate_limit"));
}
