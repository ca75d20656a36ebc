// Pipeline: applies one Event — idempotency gate, then the stages in order, then the outbox — inside the
// writer's batch transaction, with the event's effects in their own savepoint. This is the one place where an
// exception from domain code is caught: the event's effects roll back, the event stays consumed (so a poison
// update is not retried forever), and a command's author gets "something went wrong (ref …)".
// Thread: storage thread only (it uses the read-write connection).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/event.hpp"
#include "bot/core/message_catalog.hpp"
#include "bot/core/outcome.hpp"
#include "bot/core/turn.hpp"
#include "storage/store.hpp"

namespace fanbase {

class Pipeline {
 public:
  // `on_rollback` runs after an event's effects were rolled back (to drop caches derived from them).
  Pipeline(storage::Store& store, const MessageCatalog& catalog, std::vector<std::unique_ptr<Stage>> stages,
           std::function<void()> on_rollback = {});
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Must run inside an open transaction (the writer's batch). `isolate`: run the event in its own savepoint and
  // catch here (the one catch site); false: no savepoint and exceptions propagate, failing the whole batch,
  // which the writer then runs again isolated (storage/writer.hpp, optimistic batches).
  Outcome process(const Event& event, bool isolate = true);

 private:
  void run_stages(Turn& turn, const char*& stage_name);              // stage_name: the one running, for the log
  Outcome finish(const Event& event, Turn& turn, Outcome outcome);  // the outbox rows
  storage::Store& store_;
  const MessageCatalog& catalog_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::function<void()> on_rollback_;
  std::uint64_t incidents_ = 0;
};

}  // namespace fanbase
