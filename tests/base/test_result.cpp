// Result<T>: a value or a refusal, with the std::expected-shaped accessors and logic_error on misuse.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <utility>

#include "base/result.hpp"

using fanbase::Errc;
using fanbase::Error;
using fanbase::Result;
using fanbase::user_error;

namespace {

struct Pair {
  int a = 0;
  std::string b;
};

Result<int> half(int n) {
  if (n % 2 != 0) return user_error(Errc::bad_input, "math.odd", {std::to_string(n)});
  return n / 2;
}

}  // namespace

TEST_CASE("a Result holding a value gives it through every accessor", "[base][result]") {
  Result<int> r = half(84);
  REQUIRE(r.has_value());
  CHECK(static_cast<bool>(r));
  CHECK(r.value() == 42);
  CHECK(*r == 42);
  *r = 7;
  CHECK(r.value() == 7);

  const Result<Pair> p = Pair{3, "three"};
  CHECK(p->a == 3);
  CHECK(p->b == "three");
  CHECK((*p).b == "three");
}

TEST_CASE("a Result holding an error gives its code, key and arguments", "[base][result]") {
  const Result<int> r = half(5);
  REQUIRE_FALSE(r.has_value());
  CHECK_FALSE(static_cast<bool>(r));
  const Error& e = r.error();
  CHECK(e.code == Errc::bad_input);
  CHECK(e.key == "math.odd");
  REQUIRE(e.args.size() == 1);
  CHECK(e.args[0] == "5");
}

TEST_CASE("user_error builds an Error with no arguments by default", "[base][result]") {
  const Error e = user_error(Errc::too_soon, "points.cooldown");
  CHECK(e.code == Errc::too_soon);
  CHECK(e.key == "points.cooldown");
  CHECK(e.args.empty());
}

TEST_CASE("error() on a value throws logic_error", "[base][result]") {
  const Result<int> r = 1;
  CHECK_THROWS_AS(r.error(), std::logic_error);
}

TEST_CASE("value access on an error throws logic_error naming the key", "[base][result]") {
  Result<std::string> r = user_error(Errc::not_found, "member.unknown");
  CHECK_THROWS_AS(r.value(), std::logic_error);
  CHECK_THROWS_AS(*r, std::logic_error);
  CHECK_THROWS_AS(r->size(), std::logic_error);
  CHECK_THROWS_WITH(r.value(), Catch::Matchers::Contains("member.unknown"));
  CHECK_THROWS_AS(std::move(r).value(), std::logic_error);
}

TEST_CASE("an rvalue Result moves its value out", "[base][result]") {
  Result<std::string> r = std::string(100, 'x');
  const std::string out = std::move(r).value();
  CHECK(out == std::string(100, 'x'));
}
