#include "bot/core/pipeline.hpp"

#include <cstdio>
#include <functional>

#include "base/log.hpp"
#include "bot/core/outbox_codec.hpp"
#include "storage/database.hpp"
#include "storage/savepoint.hpp"

namespace fanbase {

const char* to_string(Role role) noexcept {
  switch (role) {
    case Role::member: return "member";
    case Role::moderator: return "moderator";
    case Role::owner: return "owner";
  }
  return "member";
}

Pipeline::Pipeline(storage::Store& store, const MessageCatalog& catalog, std::vector<std::unique_ptr<Stage>> stages,
                   std::function<void()> on_rollback)
    : store_(store), catalog_(catalog), stages_(std::move(stages)), on_rollback_(std::move(on_rollback)) {}

Outcome Pipeline::process(const Event& event, bool isolate) {
  Outcome outcome;
  if (!store_.dedup.first_time(event.key, event.at_ms)) {
    outcome.duplicate = true;  // its effects and replies were committed with its first delivery
    return outcome;
  }
  Turn turn(event);
  const char* stage_name = "start";
  if (!isolate) {
    run_stages(turn, stage_name);  // exceptions fail the batch; the writer re-runs it isolated
    return finish(event, turn, std::move(outcome));
  }
  try {
    storage::ScopedSavepoint effects(store_.statements(), storage::event_savepoint);
    run_stages(turn, stage_name);
    effects.release();
  } catch (const std::exception& e) {  // the ONE catch site for domain code
    // The database failed (disk full, I/O), or SQLite ended the whole transaction by itself: this is not one
    // bad event, and carrying on would run later events outside the batch. Fail the batch; its events retry.
    if (storage::is_environmental(e) || !store_.in_transaction()) throw;
    store_.forget_cached();
    if (on_rollback_) on_rollback_();
    char ref[16];
    std::snprintf(ref, sizeof ref, "%06zx",
                  (std::hash<std::string>{}(event.key) + ++incidents_) & 0xFFFFFF);
    outcome.failed = true;
    outcome.incident = ref;
    log::error("event.failed", {{"ref", ref}, {"key", event.key}, {"kind", to_string(event.kind)},
                                {"stage", stage_name}, {"error", e.what()}});
    turn.actions.clear();
    if (turn.is_command) turn.reply(catalog_.render(turn.language, "error.internal", {ref}));
  }
  return finish(event, turn, std::move(outcome));
}

void Pipeline::run_stages(Turn& turn, const char*& stage_name) {
  for (const auto& stage : stages_) {
    if (turn.stop) break;
    stage_name = stage->name();
    stage->run(turn);
  }
  // A last_seen_at refresh the context stage deferred and no later row write carried (MemberRepository::touch).
  if (turn.member.seen_pending != 0) store_.members.write_seen(turn.member);
}

Outcome Pipeline::finish(const Event& event, Turn& turn, Outcome outcome) {
  for (Action& action : turn.actions) {
    storage::OutboxRow row = to_outbox_row(action);
    row.reference = event.key;
    row.created_at = event.at_ms;
    action.outbox_id = store_.outbox.enqueue(row);  // same transaction as the effects it reports
  }
  outcome.actions = std::move(turn.actions);
  return outcome;
}

}  // namespace fanbase
