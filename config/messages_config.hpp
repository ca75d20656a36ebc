// [messages.<language>]: the owner's overrides of the message catalogue, language → key → text. Read by
// config/read_messages.cpp; the keys are checked against the catalogue by the application, which reports an
// unknown one at the override's `where`.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <map>
#include <string>

namespace fanbase::config {

// A message-catalogue override with where it was written, so an unknown key can be reported precisely.
struct MessageOverride {
  std::string text;
  std::string where;                       // "file:line:column"

  // Equal when the text is: `where` only says where to point an error, and an override that moved (a line added
  // above it) reads the same, so it is not a change of configuration.
  bool operator==(const MessageOverride& other) const { return text == other.text; }
};

using MessageOverrides = std::map<std::string, std::map<std::string, MessageOverride>>;  // language → key → override

}  // namespace fanbase::config
