#include "handlers/core/core_feature.hpp"

#include <cstdint>
#include <memory>

#include "handlers/core/command_router.hpp"
#include "handlers/core/context_stage.hpp"
#include "handlers/core/retention.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {
namespace {
constexpr std::int64_t hour_ms = 3'600'000;
}  // namespace

Feature core_feature() {
  Feature f;
  f.name = "core";
  f.texts = core_texts();
  f.stages = {{Phase::context, [](Services& s) { return std::make_unique<ContextStage>(s); }}};
  f.ticks = {{"retention", hour_ms, prune_retention}};
  return f;
}

}  // namespace fanbase::handlers
