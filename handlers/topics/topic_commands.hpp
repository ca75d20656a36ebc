// The topics command family: /topic new|<id>|close|pin|unpin, /topics (hottest first), /follow, /unfollow.
// Starting a topic pays [points.topic_started]; closing and pinning are for moderators (audit-logged).
#pragma once

#include "handlers/core/command_router.hpp"

namespace fanbase::handlers {

void register_topic_commands(CommandRouter& router);

}  // namespace fanbase::handlers
