#include "handlers/core/context_stage.hpp"

#include "base/text.hpp"
#include "handlers/core/command_parser.hpp"
#include "handlers/core/text_analyser.hpp"

namespace fanbase::handlers {

void ContextStage::run(Turn& turn) {
  const Event& ev = turn.event;
  turn.caps = services_.communities.capabilities(ev.platform);
  // Application::submit analysed the text on the adapter's thread; an Event handed to the pipeline directly
  // (tests) is analysed here, once, so the later stages can always read turn.text().
  if (!ev.analysis && !ev.text.empty()) {
    turn.own_analysis = analyse_text(ev.text, filters_read_text(services_.config), ev.username_mentions);
  }
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
    case EventKind::member_updated:
      if (ev.all_admins) store.members.clear_platform_admins(turn.community_id);  // demotions since the last list
      for (const UserInfo& u : ev.subjects) {
        if (u.is_bot) continue;
        // A member who comes back is new again (the links filter's "new member" hours count from here).
        const auto before = ev.kind == EventKind::member_joined ? store.members.by_user_id(turn.community_id, u.id)
                                                                : std::nullopt;
        const auto m = store.members.touch(turn.community_id, u.id, u.display_name, u.username, ev.at_ms);
        if (before && before->status == "left") store.members.set_joined_at(m.id, ev.at_ms);
        // A join says "administrator" only when it is one (the same join may also arrive as a plain message
        // without the status); a demotion arrives as member_updated.
        if (ev.all_admins ? u.admin : u.admin != m.platform_admin && (u.admin || ev.kind == EventKind::member_updated)) {
          store.members.set_platform_admin(m.id, u.admin);
        }
      }
      if (ev.kind == EventKind::member_joined) break;  // the later stages see joins (raid guard, gate)
      return;
    case EventKind::member_left:
      for (const UserInfo& u : ev.subjects) {
        if (auto m = store.members.by_user_id(turn.community_id, u.id)) {
          store.members.set_status(m->id, "left");
          if (m->platform_admin) store.members.set_platform_admin(m->id, false);
        }
      }
      return;
    case EventKind::join_request:
      return;  // not a member yet: the membership gate decides
    default:
      break;
  }
  if (ev.author.id.empty() || ev.author.is_bot) return;
  if (ev.kind == EventKind::member_joined) return;  // the joiners are the subjects, not the author (who may add them)
  // A plain message's member row is usually written again by its points (the balance UPDATE), which then also
  // carries a due last_seen_at refresh; Pipeline writes it at the end of the turn otherwise.
  turn.member = store.members.touch(turn.community_id, ev.author.id, ev.author.display_name, ev.author.username, ev.at_ms,
                                    ev.kind == EventKind::message && !turn.is_command);
  // A group administrator on the platform moderates here too, when the owner trusts the platform's admins.
  if (turn.member.platform_admin && turn.role < Role::moderator && services_.config.moderation.trust_platform_admins) {
    turn.role = Role::moderator;
  }
}

}  // namespace fanbase::handlers
