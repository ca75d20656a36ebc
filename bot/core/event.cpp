#include "bot/core/action.hpp"
#include "bot/core/event.hpp"

namespace fanbase {

const char* to_string(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::message: return "message";
    case EventKind::edited_message: return "edited_message";
    case EventKind::reaction: return "reaction";
    case EventKind::callback: return "callback";
    case EventKind::member_joined: return "member_joined";
    case EventKind::member_left: return "member_left";
    case EventKind::join_request: return "join_request";
  }
  return "unknown";
}

const char* to_string(ActionKind kind) noexcept {
  switch (kind) {
    case ActionKind::send_message: return "send_message";
  }
  return "unknown";
}

}  // namespace fanbase
