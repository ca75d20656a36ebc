#include "handlers/core/retention.hpp"

#include <string>

#include "base/log.hpp"
#include "base/time.hpp"

namespace fanbase::handlers {

void prune_retention(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  const std::int64_t before = ev.at_ms - std::int64_t{services_.config.storage.retention_days} * day_ms;
  const std::int64_t keys = services_.store.dedup.prune(before);
  const std::int64_t rows = services_.store.outbox.prune_sent(before);
  if (keys > 0 || rows > 0) {
    log::info("storage.pruned", {{"redelivery_keys", std::to_string(keys)}, {"outbox_rows", std::to_string(rows)}});
  }
}

}  // namespace fanbase::handlers
