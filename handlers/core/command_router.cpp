#include "handlers/core/command_router.hpp"

#include <stdexcept>

#include "base/log.hpp"
#include "base/text.hpp"

namespace fanbase::handlers {

CommandRouter::CommandRouter(Services& services) : services_(services) {
  add({.name = "help",
       .aliases = {"start", "h"},
       .args = {{.name = "command", .kind = ArgKind::text, .optional = true}},
       .summary_key = "cmd.help.summary",
       .anywhere = true,
       .run = [this](CommandContext& ctx) { help(ctx); }});
}

void CommandRouter::add(CommandSpec spec) {
  if (spec.family.empty()) spec.family = feature_;
  const std::size_t pos = specs_.size();
  if (!index_.emplace(spec.name, pos).second) throw std::logic_error("duplicate command /" + spec.name);
  for (const auto& alias : spec.aliases) {
    if (!index_.emplace(alias, pos).second) throw std::logic_error("duplicate command alias /" + alias);
  }
  specs_.push_back(std::move(spec));
}

void CommandRouter::add_button(ButtonSpec spec) {
  const std::string prefix = spec.prefix;
  if (!buttons_.emplace(prefix, std::move(spec)).second) throw std::logic_error("duplicate button prefix " + prefix);
}

void ButtonContext::answer(std::string text) {
  if (answered) return;
  answered = true;
  Action& a = turn.act(ActionKind::answer_callback);
  a.callback_id = turn.event.callback_id;
  a.text = std::move(text);
}

void ButtonContext::edit(std::string text, Keyboard keyboard) {
  Action& a = turn.act(ActionKind::edit_message);
  a.message_id = turn.event.message_id;
  a.text = std::move(text);
  a.keyboard = std::move(keyboard);
}

// A button press: routed by the data's prefix. Every press is answered (Telegram shows a spinner until then):
// an unknown or malformed button, or one the member may not use, gets a toast saying so.
void CommandRouter::press(Turn& turn) {
  const std::string& data = turn.event.callback_data;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto at = data.find(':', start);
    parts.push_back(data.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  ButtonContext ctx{turn, services_, {}};
  auto it = buttons_.find(parts.front());
  if (it == buttons_.end()) return ctx.answer(services_.text(turn, "button.expired"));
  if (turn.role < it->second.min_role) {
    ctx.answer(services_.text(turn, "button.not_allowed", {services_.text(turn, role_key(it->second.min_role))}));
    return;
  }
  ctx.fields.assign(parts.begin() + 1, parts.end());
  it->second.run(ctx);
  ctx.answer();
}

const CommandSpec* CommandRouter::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &specs_[it->second];
}

void CommandRouter::run(Turn& turn) {
  const Event& ev = turn.event;
  if (ev.kind == EventKind::callback) return press(turn);
  if (!turn.is_command || ev.kind != EventKind::message || ev.author.is_bot) return;
  auto parsed = parse_command(ev.text);
  if (!parsed) return;
  if (!*parsed) {
    services_.say(turn, parsed->error().key, parsed->error().args);
    return;
  }
  const ParsedCommand& cmd = **parsed;
  if (!addressed_to_us(cmd, services_.communities.bot_name(ev.platform))) return;  // another bot's command

  const CommandSpec* spec = find(cmd.name);
  if (!within_limit(turn, spec == nullptr ? std::string("unknown") : spec->family)) return;
  if (spec == nullptr) {
    services_.say(turn, "command.unknown", {std::string(text::prefix_codepoints(cmd.name, 32))});
    return;
  }
  if (ev.private_chat && !spec->anywhere) {
    services_.say(turn, "command.group_only", {spec->name});
    return;
  }
  CommandContext ctx{turn, services_, cmd, *spec};
  if (turn.role < spec->min_role) {
    ctx.refuse_role("/" + spec->name, spec->min_role);
    return;
  }
  if (cmd.args.size() < spec->min_args()) {
    ctx.usage();
    return;
  }
  spec->run(ctx);
}

// Each command a member sends may make the bot post, and the platform limits what a bot may post per group
// (Telegram: about 20 messages a minute), so a member's spam would delay everybody's replies. Staff are trusted:
// moderation in a hurry must never be told to slow down.
bool CommandRouter::within_limit(Turn& turn, const std::string& family) {
  if (turn.role >= Role::moderator) return true;
  const Event& ev = turn.event;
  const auto d = limiter_.check(ev.platform + ":" + ev.author.id, family, ev.at_ms, services_.config.commands.rate_limit);
  if (d.verdict == CommandLimiter::Verdict::allow) return true;
  if (d.verdict == CommandLimiter::Verdict::warn) {  // once per episode: the log must not grow with the spam
    services_.say(turn, "command.slow_down", {std::to_string(d.wait_seconds)});
    log::info("command.rate_limited", {{"platform", ev.platform}, {"family", family},
                                       {"wait_s", std::to_string(d.wait_seconds)}});
  }
  return false;
}

void CommandRouter::help(CommandContext& ctx) {
  Turn& turn = ctx.turn;
  if (!ctx.args().empty()) {
    std::string name = text::lower_ascii(ctx.args()[0]);
    if (!name.empty() && name[0] == '/') name.erase(0, 1);
    const CommandSpec* spec = find(name);
    if (spec == nullptr) {
      ctx.say("help.unknown_command", {std::string(text::prefix_codepoints(name, 32))});
      return;
    }
    std::string text = services_.text(turn, "help.command",
                                      {spec->name, usage_text(*spec, services_.catalog, turn.language),
                                       services_.text(turn, spec->summary_key),
                                       services_.text(turn, role_key(spec->min_role))});
    if (!spec->aliases.empty()) {
      std::string aliases;
      for (const auto& a : spec->aliases) aliases += (aliases.empty() ? "/" : ", /") + a;
      text += "\n" + services_.text(turn, "help.aliases", {aliases});
    }
    turn.reply(std::move(text));
    return;
  }
  std::string text;
  for (Role section : {Role::member, Role::moderator, Role::owner}) {
    if (section > turn.role) break;
    std::string lines;
    for (const CommandSpec& spec : specs_) {
      if (spec.min_role != section) continue;
      if (turn.event.private_chat && !spec.anywhere) continue;
      const std::string usage = usage_text(spec, services_.catalog, turn.language);
      lines += "\n" + services_.text(turn, "help.line",
                                    {spec.name, usage.empty() ? "" : " " + usage, services_.text(turn, spec.summary_key)});
    }
    if (lines.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += services_.text(turn, section == Role::member      ? "help.header"
                                 : section == Role::moderator ? "help.moderator_header"
                                                              : "help.owner_header");
    text += lines;
  }
  text += "\n\n" + services_.text(turn, "help.footer");
  turn.reply(std::move(text));
}

}  // namespace fanbase::handlers
