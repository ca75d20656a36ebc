// Content and recommendations: owner /post add <url> <title> [#tag …] and /post retire <id>, /posts (the live
// items), /open <id> (a view: the item's title and where to find it), /recommend [N] (picks with reasons and
// 👍 👎 🚫 🔗 buttons, ButtonSpec prefix "rec"), and train_when_due, the tick work that asks the Recommender to
// retrain. Storage thread only; the ranking itself is handlers/personal/recommender.hpp.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

// Tick work: starts a training of the recommender when one is due (returns at once; it trains on its thread).
void train_when_due(Services& services, Turn& turn);

void register_content_commands(CommandRouter& router);

}  // namespace fanbase::handlers
