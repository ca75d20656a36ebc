#include "handlers/maintenance_stage.hpp"

#include <string>

#include "base/log.hpp"

namespace fanbase::handlers {

namespace {
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t day_ms = 24 * hour_ms;
}  // namespace

void MaintenanceStage::run(Turn& turn) {
  const Event& ev = turn.event;
  if (ev.kind != EventKind::tick) return;
  if (last_run_at_ != 0 && ev.at_ms - last_run_at_ < hour_ms) return;
  last_run_at_ = ev.at_ms;
  const std::int64_t before = ev.at_ms - std::int64_t{services_.config.storage.retention_days} * day_ms;
  const std::int64_t keys = services_.store.dedup.prune(before);
  const std::int64_t rows = services_.store.outbox.prune_sent(before);
  if (keys > 0 || rows > 0) {
    log::info("storage.pruned", {{"redelivery_keys", std::to_string(keys)}, {"outbox_rows", std::to_string(rows)}});
  }
}

}  // namespace fanbase::handlers
