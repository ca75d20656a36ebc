#include "handlers/points/feature.hpp"

#include <cstdint>
#include <memory>

#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "handlers/points/leaderboard_cache.hpp"
#include "handlers/points/points_commands.hpp"
#include "handlers/points/points_stage.hpp"

namespace fanbase::handlers {

Feature points_feature() {
  Feature f;
  f.name = "points";
  f.texts = points_texts();
  f.stages = {{Phase::points, [](Services& s) { return std::make_unique<PointsStage>(s); }}};
  f.commands = register_points_commands;
  f.on_rollback = [](Services& s) { s.leaderboards.clear(); };  // may hold sums that included the rolled-back event
  return f;
}

}  // namespace fanbase::handlers
