#include "handlers/moderation/feature.hpp"

#include <cstdint>
#include <memory>

#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "handlers/moderation/filter_stage.hpp"
#include "handlers/moderation/moderation_commands.hpp"

namespace fanbase::handlers {

Feature moderation_feature() {
  Feature f;
  f.name = "moderation";
  f.texts = moderation_texts();
  f.stages = {{Phase::filters, [](Services& s) { return std::make_unique<FilterStage>(s); }}};
  f.commands = register_moderation_commands;
  return f;
}

}  // namespace fanbase::handlers
