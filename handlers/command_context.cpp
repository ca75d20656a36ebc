#include "handlers/command_spec.hpp"

#include "base/log.hpp"
#include "base/text.hpp"

namespace fanbase::handlers {

const char* role_key(Role r) {
  switch (r) {
    case Role::member: return "role.member";
    case Role::moderator: return "role.moderator";
    case Role::owner: return "role.owner";
  }
  return "role.member";
}

void CommandContext::refuse_role(const std::string& what, Role needed) {
  const Event& ev = turn.event;
  log::warn("command.refused", {{"command", what}, {"platform", ev.platform}, {"chat", ev.chat_id},
                                {"user", ev.author.id}, {"role", to_string(turn.role)}});
  if (turn.community_id != 0) {
    services.store.audit.record({turn.community_id, turn.member.id ? std::optional(turn.member.id) : std::nullopt,
                                 "command.refused", std::nullopt, what, ev.key, ev.at_ms});
  }
  say("command.not_allowed", {what.substr(1), services.text(turn, role_key(needed))});
}

std::string CommandContext::name_of(const storage::MemberRow& m) {
  if (!m.display_name.empty()) return m.display_name;
  if (!m.username.empty()) return "@" + m.username;
  return m.user_id;
}

bool CommandContext::looks_like_member(std::string_view token) const {
  if (token.size() > 1 && token[0] == '@') return true;
  for (const Mention& m : turn.event.mentions) {
    if (m.text == token) return true;
  }
  return false;
}

Result<storage::MemberRow> CommandContext::member_arg(std::string_view token) {
  auto& members = services.store.members;
  for (const Mention& m : turn.event.mentions) {
    if (m.text != token) continue;
    if (auto row = members.by_user_id(turn.community_id, m.user.id)) return *row;
    return user_error(Errc::not_found, "args.unknown_member", {std::string(token)});
  }
  if (token.size() > 1 && token[0] == '@') {
    if (auto row = members.by_username(turn.community_id, text::lower_ascii(token.substr(1)))) return *row;
    return user_error(Errc::not_found, "args.unknown_member", {std::string(token)});
  }
  return user_error(Errc::bad_input, "args.need_member");
}

Result<storage::MemberRow> CommandContext::take_target(std::size_t& next) {
  if (next < command.args.size() && looks_like_member(command.args[next])) {
    auto member = member_arg(command.args[next]);
    if (member) ++next;
    return member;
  }
  const Event& ev = turn.event;
  if (ev.reply_to && ev.reply_to->author && !ev.reply_to->author->is_bot) {
    const UserInfo& u = *ev.reply_to->author;
    // The replied-to author may never have spoken since the bot arrived: they are a member all the same.
    return services.store.members.touch(turn.community_id, u.id, u.display_name, u.username, ev.at_ms);
  }
  return user_error(Errc::bad_input, "args.need_member");
}

}  // namespace fanbase::handlers
