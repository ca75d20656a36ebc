// Content and recommendations: owner /post add <url> <title> [#tag …] and /post retire <id>, /posts (the live
// items), /open <id> (a view: the item's title and where to find it), /recommend [N] (picks with reasons and
// 👍 👎 🚫 🔗 buttons, ButtonSpec prefix "rec"), and RecommenderStage, which asks the Recommender to retrain on
// ticks. Storage thread only; the ranking itself is handlers/recommender.hpp.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/command_router.hpp"
#include "handlers/services.hpp"

namespace fanbase::handlers {

class RecommenderStage final : public Stage {
 public:
  explicit RecommenderStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "recommender"; }
  void run(Turn& turn) override;

 private:
  Services& services_;
};

void register_content_commands(CommandRouter& router);

}  // namespace fanbase::handlers
