#include <catch2/catch.hpp>

#include "base/duration.hpp"
#include "base/time.hpp"

using fanbase::parse_duration_ms;

TEST_CASE("Chinese duration units are read wherever a duration is", "[base][duration]") {
  using namespace fanbase;
  CHECK(parse_duration_ms("1天") == day_ms);
  CHECK(parse_duration_ms("2小时") == 2 * hour_ms);
  CHECK(parse_duration_ms("2小時") == 2 * hour_ms);
  CHECK(parse_duration_ms("30分钟") == 30 * minute_ms);
  CHECK(parse_duration_ms("30分") == 30 * minute_ms);
  CHECK(parse_duration_ms("45秒") == 45 * second_ms);
  CHECK(parse_duration_ms("1周") == week_ms);
  CHECK(parse_duration_ms("1星期") == week_ms);
  CHECK(parse_duration_ms("1小时30分钟") == hour_ms + 30 * minute_ms);
  CHECK(parse_duration_ms("1天 2小时") == day_ms + 2 * hour_ms);
  CHECK(parse_duration_ms("1d2小时") == day_ms + 2 * hour_ms);  // mixed scripts, still largest first
}

TEST_CASE("Chinese durations keep the rules of the Latin ones", "[base][duration]") {
  CHECK_FALSE(parse_duration_ms("天"));             // no number
  CHECK_FALSE(parse_duration_ms("1"));              // no unit
  CHECK_FALSE(parse_duration_ms("30分钟1小时"));    // smallest first
  CHECK_FALSE(parse_duration_ms("1天1天"));         // a unit twice
  CHECK_FALSE(parse_duration_ms("1年"));            // not a unit we know
  CHECK_FALSE(parse_duration_ms("1小"));            // a unit cut short
  CHECK_FALSE(parse_duration_ms("1天 "));           // a trailing space
}
