#include <catch2/catch.hpp>

#include "ml/pattern_set.hpp"

using fanbase::ml::PatternSet;

TEST_CASE("PatternSet finds literals anywhere and reports the first pattern that matched", "[ml][patterns]") {
  PatternSet set;
  REQUIRE_FALSE(set.add_literal("free crypto"));
  REQUIRE_FALSE(set.add_literal("免费领取"));
  REQUIRE_FALSE(set.add_literal("a.b"));  // literal: the dot is not a wildcard
  REQUIRE_FALSE(set.add_regex(R"(whats?app\s*\+?\d{6,})"));
  REQUIRE(set.compile());
  CHECK(set.size() == 4);
  CHECK(set.first_match("get FREE CRYPTO now") == 0u);  // case-insensitive
  CHECK(set.first_match("快来免费领取礼包") == 1u);        // inside Chinese text, no spaces needed
  CHECK(set.first_match("axb") == std::nullopt);
  CHECK(set.first_match("see a.b") == 2u);
  CHECK(set.first_match("call whatsapp +12345678") == 3u);
  CHECK(set.first_match("hello everyone") == std::nullopt);
  CHECK(set.first_match("") == std::nullopt);
}

TEST_CASE("PatternSet refuses invalid and match-everything patterns with a reason", "[ml][patterns]") {
  PatternSet set;
  CHECK(set.add_regex("(unclosed").value_or("").find("missing )") != std::string::npos);
  CHECK(set.add_regex("a*").has_value());
  CHECK(set.add_literal("").has_value());
  CHECK(set.size() == 0);
  REQUIRE(set.compile());
  CHECK(set.first_match("anything") == std::nullopt);  // an empty set matches nothing
}

TEST_CASE("PatternSet with two hundred patterns matches in one pass", "[ml][patterns]") {
  PatternSet set;
  for (int i = 0; i < 200; ++i) REQUIRE_FALSE(set.add_regex("spam" + std::to_string(i) + R"(\b)"));
  REQUIRE(set.compile());
  CHECK(set.first_match("this is spam137 here") == 137u);
  CHECK(set.first_match("spam1999") == std::nullopt);  // \b: "spam1" followed by digits is not spam1
}
