#include "handlers/core/tick_stage.hpp"

namespace fanbase::handlers {

TickStage::TickStage(Services& services, std::vector<TickWork> work)
    : services_(services), work_(std::move(work)), last_run_at_(work_.size(), 0) {}

void TickStage::run(Turn& turn) {
  const Event& ev = turn.event;
  if (ev.kind != EventKind::tick) return;
  for (std::size_t i = 0; i < work_.size(); ++i) {
    const TickWork& w = work_[i];
    if (w.every_ms > 0 && last_run_at_[i] != 0 && ev.at_ms - last_run_at_[i] < w.every_ms) continue;
    last_run_at_[i] = ev.at_ms;
    w.run(services_, turn);
  }
}

}  // namespace fanbase::handlers
