// Action: one effect the bot wants on a platform, already rendered to text in the community's language.
// Handlers produce them; the pipeline stores them as outbox rows in the event's transaction; an outbox
// sender delivers them after the commit.
// Thread: plain value type.
#pragma once

#include <cstdint>
#include <string>

namespace fanbase {

enum class ActionKind {
  send_message,  // text to chat_id, optionally as a reply to reply_to_message_id
};

const char* to_string(ActionKind kind) noexcept;

struct Action {
  ActionKind kind = ActionKind::send_message;
  std::string platform;
  std::string chat_id;
  std::string thread_id;
  std::string reply_to_message_id;  // empty: not a reply
  std::string text;
  std::int64_t outbox_id = 0;       // set when stored in the outbox
};

}  // namespace fanbase
