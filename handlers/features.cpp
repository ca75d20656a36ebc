#include "handlers/features.hpp"

#include "handlers/core/core_feature.hpp"
#include "handlers/core/tick_stage.hpp"
#include "handlers/moderation/feature.hpp"
#include "handlers/personal/feature.hpp"
#include "handlers/points/feature.hpp"
#include "handlers/qa/feature.hpp"
#include "handlers/topics/feature.hpp"

namespace fanbase::handlers {

const std::vector<Feature>& features() {
  static const std::vector<Feature> list = {core_feature(),   points_feature(), moderation_feature(),
                                            qa_feature(),     topics_feature(), personal_feature()};
  return list;
}

MessageCatalog builtin_catalog() {
  MessageCatalog catalog;
  for (const Feature& f : features()) catalog.add(f.texts);
  return catalog;
}

BuiltStages build_stages(Services& services) {
  BuiltStages built;
  for (Phase phase : {Phase::context, Phase::gate, Phase::filters, Phase::capture, Phase::points, Phase::follow_up}) {
    for (const Feature& f : features()) {
      for (const StageSlot& slot : f.stages) {
        if (slot.phase == phase) built.stages.push_back(slot.make(services));
      }
    }
  }
  std::vector<TickWork> ticks;
  for (const Feature& f : features()) ticks.insert(ticks.end(), f.ticks.begin(), f.ticks.end());
  built.stages.push_back(std::make_unique<TickStage>(services, std::move(ticks)));
  auto router = std::make_unique<CommandRouter>(services);
  for (const Feature& f : features()) {
    router->begin_feature(f.name);  // its commands' rate-limit family
    if (f.commands != nullptr) f.commands(*router);
  }
  built.router = router.get();
  built.stages.push_back(std::move(router));
  return built;
}

void forget_rolled_back(Services& services) {
  for (const Feature& f : features()) {
    if (f.on_rollback != nullptr) f.on_rollback(services);
  }
}

}  // namespace fanbase::handlers
