#include "handlers/core/command_spec.hpp"

#include <algorithm>

#include "base/log.hpp"
#include "base/text.hpp"
#include "base/unicode.hpp"

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
                                 "command.refused", std::nullopt, what, ev.key, ev.at_ms, {}});
  }
  say("command.not_allowed", {what.substr(1), services.text(turn, role_key(needed))});
}

namespace {
// A platform user id as typed: 5 to 20 digits (shorter numbers are amounts and counts, e.g. "/modlog 20").
bool is_user_id(std::string_view token) {
  return token.size() >= 5 && token.size() <= 20 &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How many arguments from `next` spell `words` (split on white space as the parser does); 0 when they do not.
std::size_t spans(const std::vector<std::string>& args, std::size_t next, std::string_view words) {
  std::size_t used = 0;
  std::string joined;
  while (next + used < args.size() && joined.size() < words.size()) {
    if (!joined.empty()) joined += ' ';
    joined += args[next + used];
    ++used;
  }
  return joined == words ? used : 0;
}
}  // namespace

bool CommandContext::names_member_at(std::size_t next) const {
  if (next >= command.args.size()) return false;
  const std::string& token = command.args[next];
  if (token.size() > 1 && token[0] == '@') return true;
  if (is_user_id(token)) return true;
  for (const Mention& m : turn.event.mentions) {
    if (spans(command.args, next, m.text) > 0) return true;
  }
  return false;
}

Result<storage::MemberRow> CommandContext::member_at(std::size_t& next) {
  if (next >= command.args.size()) return user_error(Errc::bad_input, "args.need_member");
  auto& members = services.store.members;
  for (const Mention& m : turn.event.mentions) {
    const std::size_t used = spans(command.args, next, m.text);
    if (used == 0) continue;
    auto row = members.by_user_id(turn.community_id, m.user.id);
    if (!row) return user_error(Errc::not_found, "args.unknown_member", {m.text});
    next += used;
    return *row;
  }
  const std::string& token = command.args[next];
  if (token.size() > 1 && token[0] == '@') {
    auto row = members.by_username(turn.community_id, unicode::fold_case(std::string_view(token).substr(1)));
    if (!row) return user_error(Errc::not_found, "args.unknown_member", {std::string(text::prefix_codepoints(token, 64))});
    ++next;
    return *row;
  }
  if (is_user_id(token)) {  // a platform user id, for members without a username (Telegram ids are numbers)
    auto row = members.by_user_id(turn.community_id, token);
    if (!row) return user_error(Errc::not_found, "args.unknown_member", {token});
    ++next;
    return *row;
  }
  return user_error(Errc::bad_input, "args.need_member");
}

Result<storage::MemberRow> CommandContext::take_target(std::size_t& next) {
  if (names_member_at(next)) return member_at(next);
  const Event& ev = turn.event;
  if (ev.reply_to && ev.reply_to->author && !ev.reply_to->author->is_bot) {
    const UserInfo& u = *ev.reply_to->author;
    if (auto known = services.store.members.by_user_id(turn.community_id, u.id)) return *known;
    // The replied-to author may never have spoken since the bot arrived: they are a member all the same.
    return services.store.members.touch(turn.community_id, u.id, u.display_name, u.username, ev.at_ms);
  }
  return user_error(Errc::bad_input, "args.need_member");
}

}  // namespace fanbase::handlers
