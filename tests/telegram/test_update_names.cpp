// Names from updates are clipped where the Update becomes an Event: a forged 500,000-character first_name (the Bot
// API allows 64 per part) must not reach replies or stored rows.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "base/text.hpp"
#include "bot/telegram/telegram_update.hpp"

using fanbase::telegram::MapStatus;
using fanbase::telegram::UpdateMapper;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
namespace json = boost::json;

namespace {

constexpr std::int64_t received_ms = 1'798'761'600'000;  // after the fixture's date, as the mapper requires

json::value group_text() {
  std::ifstream in(std::string(FANBASE_TEST_DATA_DIR "/telegram/") + "message_group_text.json", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

}  // namespace

TEST_CASE("a huge first_name, last_name, username and chat title are clipped when the update is mapped",
          "[telegram][update]") {
  json::value update = group_text();
  json::object& msg = update.at("message").as_object();
  msg["from"].as_object()["first_name"] = std::string(500'000, 'a');
  msg["from"].as_object()["last_name"] = std::string(1'000, 'b');
  msg["from"].as_object()["username"] = std::string(10'000, 'u');
  msg["chat"].as_object()["title"] = std::string(300'000, 't');
  UpdateMapper mapper;
  const auto mapped = mapper.map(json::serialize(update), received_ms);
  REQUIRE(mapped.status == MapStatus::event);
  const auto& author = mapped.event.author;
  // Each part at most 64 characters, as the Bot API allows: 63 kept and "…".
  CHECK(author.display_name == std::string(63, 'a') + "… " + std::string(63, 'b') + "…");
  CHECK(author.username == std::string(64, 'u'));
  CHECK(fanbase::text::codepoints(mapped.event.chat_title) == 128);
  CHECK_THAT(mapped.event.chat_title, EndsWith("t…"));
  CHECK(mapped.event.text.rfind("Good morning", 0) == 0);  // the message itself is untouched
}

TEST_CASE("names within the limits are kept as sent, multi-byte characters counted as one", "[telegram][update]") {
  json::value update = group_text();
  json::object& msg = update.at("message").as_object();
  std::string first;
  for (int i = 0; i < 64; ++i) first += "名";  // 64 characters, 192 bytes: the Bot API's maximum
  msg["from"].as_object()["first_name"] = first;
  msg["from"].as_object()["last_name"] = first;
  UpdateMapper mapper;
  const auto mapped = mapper.map(json::serialize(update), received_ms);
  REQUIRE(mapped.status == MapStatus::event);
  CHECK(mapped.event.author.display_name == first + " " + first);
  msg["chat"].as_object()["title"] = first + first;  // 128 characters: the longest title
  CHECK(mapper.map(json::serialize(update), received_ms).event.chat_title == first + first);
}
