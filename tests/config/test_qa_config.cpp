// [qa]: defaults, the example's values, and every problem reported where it is written.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/load_config.hpp"

using namespace fanbase::config;

namespace {

std::vector<Problem> qa_problems_of(const std::string& text) {
  try {
    load_config_text(text, "test.toml");
  } catch (const ConfigError& error) {
    return error.problems();
  }
  FAIL("expected a ConfigError for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("[qa] defaults apply when the table is absent and the example states them", "[config][qa]") {
  const Config absent = load_config_text("[bot]\nplatform = \"console\"\n", "test.toml");
  CHECK(absent.qa.unanswered_after_minutes == 60);
  CHECK(absent.qa.similar_min_score == Approx(0.35));
  CHECK(absent.qa.max_suggestions == 3);

  const Config example = load_config_text(embedded_example_config(), "fanbase.example.toml");
  CHECK(example.qa.unanswered_after_minutes == absent.qa.unanswered_after_minutes);
  CHECK(example.qa.similar_min_score == Approx(absent.qa.similar_min_score));
  CHECK(example.qa.max_suggestions == absent.qa.max_suggestions);
}

TEST_CASE("[qa] values are read", "[config][qa]") {
  const Config c = load_config_text(
      "[qa]\nunanswered_after_minutes = 0\nsimilar_min_score = 0.6\nmax_suggestions = 10\n", "test.toml");
  CHECK(c.qa.unanswered_after_minutes == 0);
  CHECK(c.qa.similar_min_score == Approx(0.6));
  CHECK(c.qa.max_suggestions == 10);
  CHECK(load_config_text("[qa]\nsimilar_min_score = 1\n", "test.toml").qa.similar_min_score == Approx(1.0));
}

TEST_CASE("[qa] out-of-range values and unknown keys are each reported with their line and key", "[config][qa]") {
  const auto problems = qa_problems_of(
      "[qa]\n"
      "unanswered_after_minutes = -1\n"
      "similar_min_score = 1.5\n"
      "max_suggestions = 11\n"
      "similar_min_score_x = \"high\"\n");
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].line == 2);
  CHECK(problems[0].key == "qa.unanswered_after_minutes");
  CHECK_THAT(problems[0].message, Catch::Matchers::Contains("[0, 43200]"));
  CHECK(problems[1].line == 3);
  CHECK(problems[1].key == "qa.similar_min_score");
  CHECK(problems[2].line == 4);
  CHECK(problems[2].key == "qa.max_suggestions");
  CHECK(problems[3].line == 5);
  CHECK(problems[3].key == "qa.similar_min_score_x");
  CHECK_THAT(problems[3].message, Catch::Matchers::Contains("unknown key"));

  const auto typo = qa_problems_of("[qa]\nmax_sugestions = 2\n");
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].line == 2);
  CHECK(typo[0].key == "qa.max_sugestions");
  CHECK_THAT(typo[0].message, Catch::Matchers::Contains("did you mean \"max_suggestions\""));
}

TEST_CASE("[qa] values of the wrong type are reported", "[config][qa]") {
  const auto problems = qa_problems_of("[qa]\nmax_suggestions = \"three\"\nsimilar_min_score = \"high\"\n");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].key == "qa.max_suggestions");
  CHECK(problems[1].key == "qa.similar_min_score");
  CHECK(qa_problems_of("qa = 5\n").at(0).key == "qa");
}
