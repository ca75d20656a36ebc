// PointsStage: automatic points for taking part — messages, replies to another member, reactions received —
// with the anti-farming rules: minimum length, near-duplicates of the member's previous message, per-kind
// cooldowns and daily caps (Incentives). Commands earn nothing here. Storage thread only.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class PointsStage final : public Stage {
 public:
  explicit PointsStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "points"; }
  void run(Turn& turn) override;

 private:
  void on_message(Turn& turn);
  void on_reaction(Turn& turn);
  Services& services_;
};

}  // namespace fanbase::handlers
