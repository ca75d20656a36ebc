// The feature list: every feature of handlers/, in order. The order is the order of /help and of the platforms'
// command menus, and within a pipeline phase the order of the stages (handlers/core/feature.hpp). bot/app builds
// the pipeline, the catalogue and the rollback hooks from it; nothing else lists features.
// Thread: called at start; what it builds is used on the storage thread.
#pragma once

#include <memory>
#include <vector>

#include "bot/core/message_catalog.hpp"
#include "bot/core/turn.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/feature.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

// core, points, moderation, qa, topics, personal.
const std::vector<Feature>& features();

// Every feature's built-in texts in one catalogue (a key claimed twice throws std::logic_error).
MessageCatalog builtin_catalog();

struct BuiltStages {
  std::vector<std::unique_ptr<Stage>> stages;
  CommandRouter* router = nullptr;  // owned by `stages`; for /help listings and platform command menus
};

// The pipeline's stages: each phase's stages in feature order, then the features' tick work, then the router
// with every feature's commands.
BuiltStages build_stages(Services& services);

// Runs every feature's rollback hook (after an event or a batch rolled back).
void forget_rolled_back(Services& services);

}  // namespace fanbase::handlers
