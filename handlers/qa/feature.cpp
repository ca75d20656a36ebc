#include "handlers/qa/feature.hpp"

#include <cstdint>
#include <memory>

#include "base/time.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"
#include "handlers/qa/qa_commands.hpp"
#include "handlers/qa/qa_stage.hpp"

namespace fanbase::handlers {
Feature qa_feature() {
  Feature f;
  f.name = "qa";
  f.texts = qa_texts();
  f.stages = {{Phase::capture, [](Services& s) { return std::make_unique<QaStage>(s); }}};
  f.commands = register_qa_commands;
  f.ticks = {{"qa.drafts", hour_ms, prune_drafts}, {"qa.reminders", 0, ping_unanswered}};
  return f;
}

}  // namespace fanbase::handlers
