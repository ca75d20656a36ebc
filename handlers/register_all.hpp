// The only list of stages and command families. bot/app calls build_stages() once; the order here is the
// order every event passes through: context → (gate, moderation: later issues) → points → commands.
#pragma once

#include <memory>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/command_router.hpp"
#include "handlers/services.hpp"

namespace fanbase::handlers {

struct BuiltStages {
  std::vector<std::unique_ptr<Stage>> stages;
  CommandRouter* router = nullptr;  // owned by `stages`; for /help listings and platform command menus
};

BuiltStages build_stages(Services& services);

}  // namespace fanbase::handlers
