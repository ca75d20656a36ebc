#include "handlers/context_stage.hpp"

#include "base/text.hpp"
#include "handlers/command_parser.hpp"

namespace fanbase::handlers {

void ContextStage::run(Turn& turn) {
  const Event& ev = turn.event;
  if (ev.kind == EventKind::tick) return;  // no chat and no author: the scheduled stages act on it
  turn.language = services_.communities.language(ev.platform, ev.chat_id);
  turn.role = services_.communities.role_of(ev.platform, ev.chat_id, ev.author.id);
  // A command for any bot (ours or not) earns no message points; "/x中文" or "/usr/bin" is ordinary text.
  const std::string_view body = text::trim(ev.text);
  turn.is_command = ev.kind == EventKind::message && !body.empty() && body.front() == '/' &&
                    parse_command(body).has_value();
  if (ev.private_chat) return;  // no community: only commands that work anywhere answer (the router decides)

  auto& store = services_.store;
  turn.community_id = store.communities.ensure(ev.platform, ev.chat_id, ev.chat_title, ev.at_ms);
  switch (ev.kind) {
    case EventKind::member_joined:
      for (const UserInfo& u : ev.subjects) {
        if (!u.is_bot) store.members.touch(turn.community_id, u.id, u.display_name, u.username, ev.at_ms);
      }
      return;
    case EventKind::member_left:
      for (const UserInfo& u : ev.subjects) {
        if (auto m = store.members.by_user_id(turn.community_id, u.id)) store.members.set_status(m->id, "left");
      }
      return;
    case EventKind::join_request:
      return;  // not a member yet: the membership gate decides
    default:
      break;
  }
  if (ev.author.id.empty() || ev.author.is_bot) return;
  turn.member = store.members.touch(turn.community_id, ev.author.id, ev.author.display_name, ev.author.username, ev.at_ms);
}

}  // namespace fanbase::handlers
