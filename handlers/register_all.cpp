#include "handlers/register_all.hpp"

#include "handlers/content_commands.hpp"
#include "handlers/context_stage.hpp"
#include "handlers/digest.hpp"
#include "handlers/filter_stage.hpp"
#include "handlers/maintenance_stage.hpp"
#include "handlers/moderation_commands.hpp"
#include "handlers/points_commands.hpp"
#include "handlers/points_stage.hpp"
#include "handlers/qa_commands.hpp"
#include "handlers/segments.hpp"
#include "handlers/qa_stage.hpp"
#include "handlers/topic_commands.hpp"
#include "handlers/topic_stage.hpp"

namespace fanbase::handlers {

BuiltStages build_stages(Services& services) {
  BuiltStages built;
  built.stages.push_back(std::make_unique<ContextStage>(services));
  built.stages.push_back(std::make_unique<MaintenanceStage>(services));
  built.stages.push_back(std::make_unique<FilterStage>(services));
  built.stages.push_back(std::make_unique<QaStage>(services));
  built.stages.push_back(std::make_unique<PointsStage>(services));
  built.stages.push_back(std::make_unique<TopicStage>(services));
  built.stages.push_back(std::make_unique<RecommenderStage>(services));
  built.stages.push_back(std::make_unique<SegmentStage>(services));
  built.stages.push_back(std::make_unique<DigestStage>(services));
  auto router = std::make_unique<CommandRouter>(services);
  register_points_commands(*router);
  register_moderation_commands(*router);
  register_qa_commands(*router);
  register_topic_commands(*router);
  register_content_commands(*router);
  register_segment_commands(*router);
  register_digest_commands(*router);
  built.router = router.get();
  built.stages.push_back(std::move(router));
  return built;
}

}  // namespace fanbase::handlers
