// The process helper the end-to-end tests rely on (tests/support/process.hpp): it must pass stdin, environment
// and working directory, capture both output streams in full without deadlocking, and report how the child ended.
#include <catch2/catch.hpp>

#include <string>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;
using fanbase::testing::run_process;

TEST_CASE("The process helper passes stdin env and cwd and reports the exit code", "[e2e][process]") {
  TempDir dir;
  ProcessOptions options;
  options.stdin_text = "from stdin\n";
  options.env = {{"FANBASE_E2E_PROBE", "probe value"}};
  options.cwd = dir.path();
  const auto result =
      run_process({"/bin/sh", "-c", "cat; echo \"$FANBASE_E2E_PROBE\"; pwd; echo oops >&2; exit 7"}, options);
  CHECK(result.exit_code == 7);
  CHECK(result.signal == 0);
  CHECK_FALSE(result.timed_out);
  CHECK(result.out == "from stdin\nprobe value\n" + dir.path() + "\n");
  CHECK(result.err == "oops\n");
}

TEST_CASE("The process helper moves more than a pipe buffer each way without deadlocking", "[e2e][process]") {
  // 1 MiB in, 2 MiB out on stdout and 1 MiB on stderr, written while the input is still being read.
  std::string input;
  while (input.size() < (1u << 20)) input += "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";
  ProcessOptions options;
  options.stdin_text = input;
  const auto result = run_process({"/bin/sh", "-c", "tee /dev/stderr; cat /dev/stderr >/dev/null 2>&1; "
                                                    "head -c 1048576 /dev/zero | tr '\\0' x"},
                                  options);
  INFO(result.describe().substr(0, 200));
  CHECK(result.exit_code == 0);
  CHECK(result.out.size() == input.size() + (1u << 20));
  CHECK(result.out.substr(0, input.size()) == input);
  CHECK(result.err == input);
}

TEST_CASE("The process helper kills a child that outlives its timeout", "[e2e][process]") {
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(200);
  const auto result = run_process({"/bin/sleep", "30"}, options);
  CHECK(result.timed_out);
  CHECK(result.signal == 9);
  CHECK(result.exit_code == -1);
}

TEST_CASE("The process helper reports a program that cannot be started as exit 127", "[e2e][process]") {
  const auto result = run_process({"/nonexistent/fanbase-e2e-probe"});
  CHECK(result.exit_code == 127);
  CHECK(result.err.find("exec failed") != std::string::npos);
}

TEST_CASE("A long console session with output larger than a pipe buffer is read in full", "[e2e][console]") {
  TempDir dir;
  // ~100 KiB of comment lines (skipped by the console) and 150 /help replies (~1 KiB each).
  std::string input;
  for (int i = 0; i < 1500; ++i) input += "# padding line " + std::to_string(i) + ": the quick brown fox jumps over\n";
  // From 150 members: one member's 150 commands in a second would be rate-limited ([commands].rate_limit).
  for (int i = 0; i < 150; ++i) input += "fan" + std::to_string(i) + ": /help\n";
  input += "alice: and that is all for tonight\n";
  const auto result = run_fanbase({"run", "--db", dir / "fan.db"}, input, dir);
  INFO(result.describe().substr(0, 400));
  REQUIRE(result.exit_code == 0);
  const auto lines = lines_of(result.out);
  std::size_t helps = 0;
  for (const auto& line : lines) helps += line == "fanbase: Commands:" ? 1 : 0;
  CHECK(helps == 150);
  CHECK(result.out.size() > (100u << 10));
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "fanbase: 🏅 alice earned the badge “初次发言 First Words”: Sent a first message · 第一次发言");
}
