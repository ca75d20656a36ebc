// CommandSpec: one command declared as data — name, aliases, minimum role, arguments, usage and summary —
// so the router, /help and (later) the platforms' command menus are generated from one table and cannot drift.
// CommandContext: what a running command sees. Storage thread only.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "bot/core/turn.hpp"
#include "handlers/core/command_parser.hpp"
#include "handlers/core/services.hpp"
#include "storage/rows.hpp"

namespace fanbase::handlers {

struct CommandContext;

// The catalogue key naming a role in a refusal ("role.moderator" → "moderators").
const char* role_key(Role role);

struct CommandSpec {
  std::string name;                  // lower case, without '/'
  std::vector<std::string> aliases;
  Role min_role = Role::member;
  std::size_t min_args = 0;          // fewer → the usage text, the handler is not called
  std::string usage;                 // arguments only, e.g. "@user N reason"
  std::string summary_key;           // catalogue key of a one-line summary
  bool anywhere = false;             // also in private chats (otherwise groups only)
  std::function<void(CommandContext&)> run;
};

struct ButtonContext;

// An inline button family: callback data "<prefix>:<field>:<field>…" is routed to `run` with the fields.
struct ButtonSpec {
  std::string prefix;                // lower case, no ':'
  Role min_role = Role::member;      // who may press (others get a toast)
  std::function<void(ButtonContext&)> run;
};

struct ButtonContext {
  Turn& turn;
  Services& services;
  std::vector<std::string> fields;  // the data after the prefix, split at ':'

  // The toast that acknowledges the press (each press is answered exactly once: the router answers with no
  // text when the handler did not).
  void answer(std::string text = {});
  // Replaces the pressed message's text and buttons.
  void edit(std::string text, Keyboard keyboard);
  bool answered = false;
};

struct CommandContext {
  Turn& turn;
  Services& services;
  const ParsedCommand& command;
  const CommandSpec& spec;

  const Event& event() const { return turn.event; }
  const std::vector<std::string>& args() const { return command.args; }
  void say(std::string_view key, const std::vector<std::string>& args = {}, bool as_reply = true) {
    services.say(turn, key, args, as_reply);
  }
  void refuse(const Error& error) { services.say(turn, error.key, error.args); }
  void usage() { say("command.usage", {spec.name, spec.usage}); }
  // Refuses `what` (e.g. "/history @user") for lacking `needed`: the reply, the audit log and the log, exactly
  // as the router refuses a whole command. For rules finer than a command's minimum role.
  void refuse_role(const std::string& what, Role needed);

  // The member named at args[next]: "@username", or a span the platform resolved to a user (Telegram
  // text_mention), which may be several words ("Alice Liddell"). On success `next` moves past the name.
  Result<storage::MemberRow> member_at(std::size_t& next);
  // Whether args[next] starts a member reference at all (so "/top 5" does not look for a member "5").
  bool names_member_at(std::size_t next) const;
  // The command's target: the member named at args[next] (next advances), else the author of the message
  // this command replies to; else a refusal asking for one.
  Result<storage::MemberRow> take_target(std::size_t& next);
};

}  // namespace fanbase::handlers
