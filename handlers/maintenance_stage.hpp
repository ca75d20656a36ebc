// MaintenanceStage: housekeeping on the clock's ticks, at most once an hour. Forgets delivered outbox rows and
// redelivery keys older than [storage].retention_days (Telegram redelivers an update for at most 24 hours), so
// the two tables that grow with every event stay bounded. Pending and failed outbox rows, points, messages and
// the audit log are never pruned. Runs inside the tick's transaction. Storage thread only.
#pragma once

#include <cstdint>

#include "bot/core/turn.hpp"
#include "handlers/services.hpp"

namespace fanbase::handlers {

class MaintenanceStage final : public Stage {
 public:
  explicit MaintenanceStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "maintenance"; }
  void run(Turn& turn) override;

 private:
  Services& services_;
  std::int64_t last_run_at_ = 0;  // in memory: after a restart the first tick prunes
};

}  // namespace fanbase::handlers
