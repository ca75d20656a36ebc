// CommandRouter: the command stage. Parses "/cmd@bot args", ignores commands for other bots, finds the spec
// (by name or alias), checks the caller's role (a refusal is answered and written to the audit log), checks
// the argument count (usage text), then runs the command. Owns the registry, so /help is generated from it.
// Members (not moderators or owners) are rate-limited per command family ([commands].rate_limit, CommandLimiter)
// before anything is answered. Storage thread only.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/core/command_limiter.hpp"
#include "handlers/core/command_spec.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class CommandRouter final : public Stage {
 public:
  explicit CommandRouter(Services& services);
  const char* name() const noexcept override { return "commands"; }
  void run(Turn& turn) override;

  // The family of the commands add() registers from now on without one of their own (a feature's name).
  void begin_feature(std::string_view name) { feature_ = name; }
  // Registers a command; a duplicate name or alias is a programming error (throws std::logic_error).
  void add(CommandSpec spec);
  void add_button(ButtonSpec spec);
  const std::vector<CommandSpec>& commands() const { return specs_; }
  const CommandSpec* find(std::string_view name) const;

 private:
  void help(CommandContext& ctx);
  void press(Turn& turn);
  // Whether the member may make the bot answer one more command of `family` now (answers "slow down" once).
  bool within_limit(Turn& turn, const std::string& family);
  Services& services_;
  std::string feature_ = "core";
  CommandLimiter limiter_;
  std::vector<CommandSpec> specs_;
  std::unordered_map<std::string, std::size_t> index_;  // name and aliases → specs_ position
  std::unordered_map<std::string, ButtonSpec> buttons_;  // prefix → spec
};

}  // namespace fanbase::handlers
