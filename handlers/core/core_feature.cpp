#include "handlers/core/core_feature.hpp"

#include <cstdint>
#include <memory>

#include "base/time.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/context_stage.hpp"
#include "handlers/core/retention.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {
Feature core_feature() {
  Feature f;
  f.name = "core";
  f.texts = core_texts();
  f.stages = {{Phase::context, [](Services& s) { return std::make_unique<ContextStage>(s); }}};
  f.ticks = {{"retention", hour_ms, prune_retention}};
  return f;
}

}  // namespace fanbase::handlers
