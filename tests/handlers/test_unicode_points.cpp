// Issue 10, item 12: messages in every script earn points (the min_length "letters" count uses Unicode letter
// categories), and console names are one member whatever their case, in every cased script.
#include <catch2/catch.hpp>

#include "support/bot_harness.hpp"

using namespace fanbase;
using fanbase::testing::BotHarness;
using fanbase::testing::example_config;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

TEST_CASE("Arabic, Hebrew, Devanagari and Thai messages earn points like any other", "[points][issue10]") {
  BotHarness h;
  const std::pair<const char*, const char*> speakers[] = {
      {"amal", "مرحبا بالجميع"}, {"dana", "שלום לכולם"}, {"ravi", "नमस्ते दोस्तों"}, {"somchai", "สวัสดีครับ"},
      {"olga", "привет всем"}, {"wei", "大家好啊"}};
  for (const auto& [who, text] : speakers) {
    CAPTURE(who);
    h.say(who, text);
    CHECK(h.points(who) == 1);
  }
  h.clock().advance(2min);
  h.say("amal", "❤️❤️❤️");  // emoji are not letters, their variation selectors neither
  CHECK(h.points("amal") == 1);
}

TEST_CASE("console names are case-insensitive in every cased script", "[console][issue10]") {
  BotHarness h(example_config({}, {{"owners = [\"owner\"]", "owners = [\"owner\", \"Ольга\"]"}}));
  h.say("алиса", "привет всем, как дела");
  auto out = h.say("bob", "/points @АЛИСА");
  CHECK_THAT(BotHarness::texts(out), Contains("алиса"));
  CHECK_THAT(BotHarness::texts(out), !Contains("I don't know"));
  // An owner configured as "Ольга" is the console speaker "ольга" (the console folds what is typed).
  auto award = h.say("ольга", "/award @алиса 5 welcome");
  CHECK(h.points("алиса") >= 5);
  (void)award;
}
