// The pipeline's one catch site: a failing stage rolls back the event's effects, keeps the event consumed and
// tells a command's author a reference.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "bot/core/pipeline.hpp"
#include "handlers/features.hpp"
#include "storage/database.hpp"

using namespace fanbase;
using Catch::Matchers::StartsWith;

namespace {

// Writes a row, then (optionally) throws: the row must not survive a throw.
class WritingStage final : public Stage {
 public:
  WritingStage(storage::Store& store, bool fail) : store_(store), fail_(fail) {}
  const char* name() const noexcept override { return "writing"; }
  void run(Turn& turn) override {
    turn.community_id = store_.communities.ensure("console", "chat", "Chat", 1);
    turn.reply("effect applied");
    if (fail_) throw std::runtime_error("disk on fire");
  }

 private:
  storage::Store& store_;
  bool fail_;
};

struct Fixture {
  std::unique_ptr<SQLite::Database> db = storage::open_database({":memory:", true, false});
  storage::Store store{*db};
  MessageCatalog catalog = handlers::builtin_catalog();

  Outcome run(bool fail, const Event& ev) {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::make_unique<WritingStage>(store, fail));
    Pipeline pipeline(store, catalog, std::move(stages));
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    Outcome out = pipeline.process(ev);
    tx.commit();
    return out;
  }
  std::int64_t count(const char* sql) { return db->execAndGet(sql).getInt64(); }
};

Event command(const char* key) {
  Event ev;
  ev.key = key;
  ev.platform = "console";
  ev.chat_id = "chat";
  ev.text = "/points";
  ev.message_id = "7";
  ev.at_ms = 1000;
  return ev;
}

}  // namespace

TEST_CASE("a failing stage rolls back the event's effects but keeps it consumed", "[pipeline]") {
  Fixture f;
  auto out = f.run(true, command("ev-1"));
  CHECK(out.failed);
  CHECK(out.incident.size() == 6);
  CHECK(f.count("SELECT count(*) FROM community") == 0);        // the effect is gone
  CHECK(f.count("SELECT count(*) FROM processed_event") == 1);  // the event is consumed: no retry loop
  CHECK(f.run(false, command("ev-1")).duplicate);
}

TEST_CASE("a command whose handling failed gets an apology with a reference", "[pipeline]") {
  Fixture f;
  // The stage marks nothing as a command here, so mark it the way the context stage would.
  class MarkCommand final : public Stage {
   public:
    const char* name() const noexcept override { return "mark"; }
    void run(Turn& turn) override { turn.is_command = true; }
  };
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<MarkCommand>());
  stages.push_back(std::make_unique<WritingStage>(f.store, true));
  Pipeline pipeline(f.store, f.catalog, std::move(stages));
  SQLite::Transaction tx(*f.db, SQLite::TransactionBehavior::IMMEDIATE);
  Outcome out = pipeline.process(command("ev-2"));
  tx.commit();
  REQUIRE(out.actions.size() == 1);
  CHECK_THAT(out.actions[0].text, StartsWith("Something went wrong on my side (ref " + out.incident + ")"));
  CHECK(out.actions[0].reply_to_message_id == "7");
  CHECK(f.count("SELECT count(*) FROM outbox") == 1);  // the apology itself is delivered through the outbox
}

TEST_CASE("a successful event stores its replies in the outbox in the same transaction", "[pipeline]") {
  Fixture f;
  auto out = f.run(false, command("ev-3"));
  CHECK_FALSE(out.failed);
  REQUIRE(out.actions.size() == 1);
  CHECK(out.actions[0].outbox_id > 0);
  CHECK(f.count("SELECT count(*) FROM outbox WHERE state = 'pending' AND text = 'effect applied'") == 1);
  CHECK(f.count("SELECT count(*) FROM community") == 1);
}
