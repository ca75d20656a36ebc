// The points command family: /points /rank /top /history /badges /levels /checkin, and for moderators
// /award and /revoke (always with a reason, always in the ledger and the audit log).
#pragma once

#include "handlers/core/command_router.hpp"

namespace fanbase::handlers {

void register_points_commands(CommandRouter& router);

}  // namespace fanbase::handlers
