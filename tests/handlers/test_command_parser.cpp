#include <catch2/catch.hpp>

#include "handlers/core/args.hpp"
#include "handlers/core/command_parser.hpp"

using namespace fanbase;
using namespace fanbase::handlers;

namespace {
ParsedCommand parsed(std::string_view text) {
  auto p = parse_command(text);
  REQUIRE(p.has_value());
  REQUIRE(p->has_value());
  return **p;
}
}  // namespace

TEST_CASE("a command is a slash and a name, optionally addressed to a bot", "[parser]") {
  auto c = parsed("/Top@FanbaseBot 5 week");
  CHECK(c.name == "top");
  CHECK(c.addressed_to == "FanbaseBot");
  CHECK(c.args == std::vector<std::string>{"5", "week"});
  CHECK(addressed_to_us(c, "fanbasebot"));
  CHECK_FALSE(addressed_to_us(c, "OtherBot"));
  CHECK(addressed_to_us(parsed("/top"), "anybot"));
}

TEST_CASE("quotes group words and an unclosed quote is a refusal", "[parser]") {
  CHECK(parsed("/award @bob 5 \"a great answer\" today").args ==
        std::vector<std::string>{"@bob", "5", "a great answer", "today"});
  CHECK(parsed("/award @bob 5 \xE2\x80\x9C\xE5\xBE\x88\xE5\xA5\xBD\xE2\x80\x9D").args ==
        std::vector<std::string>{"@bob", "5", "\xE5\xBE\x88\xE5\xA5\xBD"});
  auto bad = parse_command("/award @bob 5 \"never closed");
  REQUIRE(bad.has_value());
  REQUIRE_FALSE(bad->has_value());
  CHECK(bad->error().key == "command.bad_quote");
}

TEST_CASE("text that only looks like a command is not one", "[parser]") {
  const auto text = GENERATE(as<std::string>{}, "", "/", "hello /points", "/ points", "/usr/bin/env", "/a.b",
                             "//", "/@bot", "  ");
  CHECK_FALSE(parse_command(text).has_value());
}

TEST_CASE("white space around and between arguments is ignored", "[parser]") {
  auto c = parsed("  /points \t @alice   \n");
  CHECK(c.name == "points");
  CHECK(c.args == std::vector<std::string>{"@alice"});
  CHECK(parsed("/award @a 5 too   many   spaces").rest_from(2) == "too many spaces");
}

TEST_CASE("amounts are whole numbers within bounds", "[args]") {
  CHECK(*parse_amount("42", 1, 100) == 42);
  CHECK(*parse_amount("+7", 1, 100) == 7);
  const auto bad = GENERATE(as<std::string>{}, "", "abc", "5k", "5.0", "-", "0x10", " 5", "+-5", "--5", "+", "5 ");
  auto r = parse_amount(bad, 1, 100);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().key == "args.not_a_number");
}

TEST_CASE("amounts out of range are refused with the bounds", "[args]") {
  const auto bad = GENERATE(as<std::string>{}, "0", "-5", "101", "99999999999999999999");
  auto r = parse_amount(bad, 1, 100);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().key == "args.out_of_range");
  CHECK(r.error().args == std::vector<std::string>{"1", "100"});
}

TEST_CASE("periods accept English and Chinese words", "[args]") {
  CHECK(parse_period("week") == Period::week);
  CHECK(parse_period("MONTH") == Period::month);
  CHECK(parse_period("\xE5\x91\xA8") == Period::week);  // 周
  CHECK(parse_period("all") == Period::all);
  CHECK_FALSE(parse_period("year").has_value());
}

TEST_CASE("raw_after gives the text as typed after an argument, past its closing quote", "[parser]") {
  const std::string text = "  /announce --segment \"high interaction\"   thanks,\n  everyone \"really\"";
  auto p = parse_command(text);
  REQUIRE(p.has_value());
  REQUIRE(p->has_value());
  const auto& cmd = **p;
  REQUIRE(cmd.args.size() == 5);
  CHECK(cmd.args[1] == "high interaction");
  CHECK(cmd.raw_after(text, 1) == "thanks,\n  everyone \"really\"");  // no stray quote, line break kept
  CHECK(cmd.raw_after(text, 0) == "\"high interaction\"   thanks,\n  everyone \"really\"");
  CHECK(cmd.raw_after(text, 4).empty());
  CHECK(cmd.raw_after(text, 9).empty());
  const std::string curly = "/announce --segment “vip fans” hi there";
  CHECK((*parse_command(curly))->raw_after(curly, 1) == "hi there");
}
