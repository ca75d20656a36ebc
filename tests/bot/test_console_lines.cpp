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
  if (line == "bob>x: hi") {
    CHECK(in.type == T::say);  // not a reply line: said as it is by the current speaker
  } else {
    CHECK(in.type == T::error);
    CHECK_FALSE(in.error.empty());
  }
}

TEST_CASE("console speakers are folded in every cased script, not only ASCII", "[console][issue10]") {
  CHECK(parse_console_line("Алиса: привет").speaker == "алиса");
  CHECK(parse_console_line("АЛИСА: привет").speaker == parse_console_line("алиса: привет").speaker);
  CHECK(parse_console_line("/as ΣΟΦΊΑ").speaker == "σοφία");
  CHECK(parse_console_line("Élodie +3").speaker == "élodie");
  CHECK(parse_console_line("ＢＯＢ>2: ok").speaker == "ｂｏｂ");
}
