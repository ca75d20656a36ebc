// CommandSpec: one command declared as data — name, aliases, minimum role, typed arguments, summary — so the
// router (argument count), /help and "Usage:" lines (in the community's language) and the platforms' command menus
// (later Discord slash options) are generated from one table and cannot drift.
// CommandContext: what a running command sees. Storage thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "bot/core/message_catalog.hpp"
#include "bot/core/turn.hpp"
#include "handlers/core/command_parser.hpp"
#include "handlers/core/services.hpp"
#include "storage/rows.hpp"

namespace fanbase::handlers {

struct CommandContext;

// The catalogue key naming a role in a refusal ("role.moderator" → "moderators").
const char* role_key(Role role);

// What kind of value an argument takes. The router checks only how many arguments there are; each command parses
// its own (handlers/core/args.hpp), and a platform with typed options (Discord slash commands) maps each kind to one.
enum class ArgKind {
  member,    // "@username", a platform user id, or a name the platform resolved (may span several words)
  number,    // a whole number, within [min, max] when they are set
  duration,  // "10m", "2h", "1d", "1h30m"
  text,      // one word
  choice,    // one of `choices`, typed as written (never translated, like command names)
  rest,      // the rest of the line, as typed; always the last argument
};

// One declared argument of a command.
struct ArgSpec {
  std::string name;                  // lower case; a valid Discord option name (^[-_\p{L}\p{N}]{1,32}$)
  ArgKind kind = ArgKind::text;
  bool optional = false;             // shown in [brackets]; the command runs without it
  // Required, but a reply stands for it when absent: the member replied to (/award 5 thanks as a reply), the
  // question or answer whose message is replied to. Shown as required; the router does not count it.
  bool by_reply = false;
  // Required, but the command answers its absence itself with a reply more useful than the usage (/mute @user
  // without a duration: "How long? e.g. …"). Shown as required; the router does not count it.
  bool own_refusal = false;
  std::optional<std::int64_t> min;   // number only
  std::optional<std::int64_t> max;   // number only
  std::vector<std::string> choices;  // choice only: the words accepted
  std::string about_key;             // one-line description; empty: "arg.<name>.about"

  // The catalogue key of its placeholder in usage lines ("arg.member" → "@user" / "@成员"); choices show their words.
  std::string placeholder_key() const { return "arg." + name; }
  std::string description_key() const { return about_key.empty() ? "arg." + name + ".about" : about_key; }
  // Whether the router refuses a command without it (with the usage text).
  bool counted() const { return !optional && !by_reply && !own_refusal; }
};

const char* to_string(ArgKind kind);

struct CommandSpec {
  std::string name;                  // lower case, without '/'
  std::vector<std::string> aliases;
  Role min_role = Role::member;
  std::vector<ArgSpec> args;         // in the order they are typed
  // Empty: the usage line is generated from `args` (usage_text). Otherwise the catalogue key of a usage line richer
  // than the arguments can say (alternatives, "(reply)", "[#tag …]").
  std::string usage_key;
  std::string summary_key;           // catalogue key of a one-line summary
  bool anywhere = false;             // also in private chats (otherwise groups only)
  // What [commands].rate_limit counts together per member; empty: the name of the feature that registers it.
  std::string family;
  std::function<void(CommandContext&)> run;

  // Fewer arguments than this → the usage text; the handler is not called. Derived from `args`: the counted ones.
  std::size_t min_args() const;
};

// The arguments part of the usage line in `language`, e.g. "@user N reason" / "@成员 数量 原因": each argument's
// placeholder from the catalogue ([optional]), a choice as its words ("week|month|all"); or the usage_key's text.
std::string usage_text(const CommandSpec& spec, const MessageCatalog& catalog, std::string_view language);

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
  // The usage line's arguments in the community's language, and the "Usage: /cmd …" reply.
  std::string usage_text() const { return handlers::usage_text(spec, services.catalog, turn.language); }
  Error usage_error() const { return user_error(Errc::bad_input, "command.usage", {spec.name, usage_text()}); }
  void usage() { say("command.usage", {spec.name, usage_text()}); }
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
