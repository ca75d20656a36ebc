// [console]: the stdin platform's one chat and its speakers. Read by config/read_console.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>

namespace fanbase::config {

struct ConsoleConfig {
  std::string chat_id = "fanclub";
  std::string chat_title = "Fan Club";
  std::string bot_name = "fanbase";        // so `/points@fanbase` is ours and `/points@otherbot` is not
  std::string default_user = "alice";      // who speaks a bare line before any `/as NAME`

  bool operator==(const ConsoleConfig&) const = default;
};

}  // namespace fanbase::config
