#include "handlers/topics/feature.hpp"

#include <cstdint>
#include <memory>

#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "handlers/topics/topic_commands.hpp"
#include "handlers/topics/topic_stage.hpp"

namespace fanbase::handlers {

Feature topics_feature() {
  Feature f;
  f.name = "topics";
  f.texts = topic_texts();
  f.stages = {{Phase::follow_up, [](Services& s) { return std::make_unique<TopicStage>(s); }}};
  f.commands = register_topic_commands;
  f.ticks = {{"topics.weekly", 0, post_weekly_topics}, {"topics.digests", 0, send_topic_digests}};
  return f;
}

}  // namespace fanbase::handlers
