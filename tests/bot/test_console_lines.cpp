#include <catch2/catch.hpp>

#include "bot/console/console_platform.hpp"

using namespace fanbase::console;
using T = ConsoleInput::Type;

TEST_CASE("console lines name a speaker, a reply target or a reaction", "[console]") {
  auto say = parse_console_line("Alice: hello everyone");
  CHECK(say.type == T::say);
  CHECK(say.speaker == "alice");
  CHECK(say.text == "hello everyone");
  auto reply = parse_console_line("bob>3: I agree");
  CHECK(reply.type == T::reply);
  CHECK(reply.speaker == "bob");
  CHECK(reply.target == 3);
  CHECK(reply.text == "I agree");
  auto react = parse_console_line("carol +12");
  CHECK(react.type == T::react);
  CHECK(react.target == 12);
  auto bare = parse_console_line("see https://example.com: nice");
  CHECK(bare.type == T::say);
  CHECK(bare.speaker.empty());
  CHECK(bare.text == "see https://example.com: nice");
  auto url = parse_console_line("https://example.com");
  CHECK(url.speaker.empty());
  auto cmd = parse_console_line("/points@fanbase");
  CHECK(cmd.type == T::say);
  CHECK(cmd.text == "/points@fanbase");
  CHECK(parse_console_line("小明: 大家好").speaker == "小明");
}

TEST_CASE("console directives switch the speaker, move the clock and quit", "[console]") {
  CHECK(parse_console_line("/as Bob").type == T::as);
  CHECK(parse_console_line("/as Bob").speaker == "bob");
  CHECK(parse_console_line("/wait 90s").wait_ms == 90'000);
  CHECK(parse_console_line("/wait 2h").wait_ms == 7'200'000);
  CHECK(parse_console_line("/wait 1d").wait_ms == 86'400'000);
  CHECK(parse_console_line("/quit").type == T::quit);
  CHECK(parse_console_line("# a comment").type == T::blank);
  CHECK(parse_console_line("   ").type == T::blank);
}

TEST_CASE("malformed console directives explain themselves", "[console]") {
  const auto line = GENERATE(as<std::string>{}, "/as", "/as two words", "/wait", "/wait soon", "/wait -5m",
                             "bob: ", "bob>x: hi");
  auto in = parse_console_line(line);
  // "bob>x: hi" is a malformed reply line: it explains itself too, instead of being said by the current speaker.
  CHECK(in.type == T::error);
  CHECK_FALSE(in.error.empty());
}

TEST_CASE("a malformed speaker is refused with the valid syntax, and nothing is posted", "[console]") {
  for (const char* line : {"bob>0: hi", "bob>x: hi", "bob>b0: hi", "bob>: hi", "bob>99999999: hi"}) {
    INFO(line);
    const auto in = parse_console_line(line);
    CHECK(in.type == T::error);
    CHECK(in.text.empty());
    CHECK(in.speaker.empty());
    CHECK_THAT(in.error, Catch::Matchers::Contains("is not a reply"));
    CHECK_THAT(in.error, Catch::Matchers::Contains("bob>3: text"));
  }
  for (const char* line : {"alice smith: hello", "alice smith>3: hello", "Mary Jane:"}) {
    INFO(line);
    const auto in = parse_console_line(line);
    CHECK(in.type == T::error);
    CHECK(in.text.empty());
    CHECK_THAT(in.error, Catch::Matchers::Contains("is not a speaker's name"));
    CHECK_THAT(in.error, Catch::Matchers::Contains("alice: text"));
  }
  CHECK_THAT(parse_console_line("alice smith: hello").error, Catch::Matchers::StartsWith("\"alice smith\" is not"));
}

TEST_CASE("ordinary text with a colon is still said by the current speaker", "[console]") {
  for (const char* line : {"so what I mean is: it works", "@bob: are you there?", "I think 3 > 2: obviously",
                           "see https://example.com: nice", "note:no space after the colon"}) {
    INFO(line);
    const auto in = parse_console_line(line);
    CHECK(in.type == T::say);
    CHECK(in.speaker.empty());
    CHECK(in.text == line);
  }
  CHECK(parse_console_line("bob>b2: 42").type == T::reply);  // the valid forms are unchanged
  CHECK(parse_console_line("Note: x").speaker == "note");
}

TEST_CASE("console speakers are folded in every cased script, not only ASCII", "[console][issue10]") {
  CHECK(parse_console_line("Алиса: привет").speaker == "алиса");
  CHECK(parse_console_line("АЛИСА: привет").speaker == parse_console_line("алиса: привет").speaker);
  CHECK(parse_console_line("/as ΣΟΦΊΑ").speaker == "σοφία");
  CHECK(parse_console_line("Élodie +3").speaker == "élodie");
  CHECK(parse_console_line("ＢＯＢ>2: ok").speaker == "ｂｏｂ");
}
