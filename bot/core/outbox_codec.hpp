// The outbox row of an Action and back: the pipeline stores actions with the event's effects; a platform's
// sender reads the rows still pending after a restart. Thread: pure functions on values.
#pragma once

#include "bot/core/action.hpp"
#include "storage/rows.hpp"

namespace fanbase {

storage::OutboxRow to_outbox_row(const Action& action);
// An unknown kind (a row written by a newer binary) comes back as nullopt: the sender marks it failed.
std::optional<Action> action_from_row(const storage::OutboxRow& row);

}  // namespace fanbase
