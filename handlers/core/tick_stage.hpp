// TickStage: runs the features' scheduled work (Feature::ticks) on the clock's tick events, in the order of the
// feature list, each at most once per its interval of event time. The last runs are kept in memory: after a
// restart the first tick runs everything once. Other events pass through untouched. Storage thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "bot/core/turn.hpp"
#include "handlers/core/feature.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class TickStage final : public Stage {
 public:
  TickStage(Services& services, std::vector<TickWork> work);
  const char* name() const noexcept override { return "ticks"; }
  void run(Turn& turn) override;

 private:
  Services& services_;
  std::vector<TickWork> work_;
  std::vector<std::int64_t> last_run_at_;  // per work_ entry; 0: not yet
};

}  // namespace fanbase::handlers
