// Housekeeping, as tick work of the core (hourly): forgets delivered outbox rows and redelivery keys older than
// [storage].retention_days (Telegram redelivers an update for at most 24 hours), so the two tables that grow with
// every event stay bounded. Pending and failed outbox rows, points, messages and the audit log are never pruned.
// Runs inside the tick's transaction. Storage thread only.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

void prune_retention(Services& services, Turn& turn);

}  // namespace fanbase::handlers
