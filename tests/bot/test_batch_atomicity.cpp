// Review finding: the isolated pass must not carry on when SQLite has already ended the batch transaction.
// SQLite documents that SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY and SQLITE_NOMEM may roll back the WHOLE
// transaction by themselves. The stage below reproduces that state (ROLLBACK, then the error) so the test is
// deterministic. Pipeline::process(isolate = true) catches the error; ScopedSavepoint's destructor swallows the
// failed "ROLLBACK TO" (no such savepoint); the next events of the batch then run in autocommit mode and commit
// one by one, and the batch's COMMIT fails. The writer reports every event of the batch as not committed,
// although some of them are durably applied (and a retry is answered "duplicate").
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "bot/core/pipeline.hpp"
#include "handlers/features.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

using namespace fanbase;
using namespace std::chrono_literals;

namespace {

class EffectStage final : public Stage {
 public:
  EffectStage(storage::Store& store, SQLite::Database& db) : store_(store), db_(db) {}
  const char* name() const noexcept override { return "effect"; }
  void run(Turn& turn) override {
    if (turn.event.text == "transaction lost") {
      db_.exec("ROLLBACK");  // what SQLite itself does on some SQLITE_FULL / SQLITE_IOERR errors
      throw SQLite::Exception("database or disk is full (simulated)", SQLITE_FULL);
    }
    turn.community_id = store_.communities.ensure("console", turn.event.chat_id, "", turn.event.at_ms);
    turn.reply("applied " + turn.event.chat_id);
  }

 private:
  storage::Store& store_;
  SQLite::Database& db_;
};

Event event(const std::string& key, const std::string& chat, const std::string& text) {
  Event ev;
  ev.key = key;
  ev.platform = "console";
  ev.chat_id = chat;
  ev.text = text;
  ev.author.id = "alice";
  ev.at_ms = 1000;
  return ev;
}

}  // namespace

TEST_CASE("an event reported as not committed was not applied, even when SQLite ended the transaction itself",
          "[pipeline][writer][review]") {
  auto db = storage::open_database({":memory:", false, false});
  storage::Store store(*db);
  MessageCatalog catalog = handlers::builtin_catalog();
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<EffectStage>(store, *db));
  Pipeline pipeline(store, catalog, std::move(stages));

  std::mutex mutex;
  std::vector<std::pair<std::string, bool>> reported;  // (event key, committed)
  {
    storage::WriterOptions options;
    options.max_batch = 3;
    options.max_wait = 2s;  // the three jobs below form one batch
    storage::Writer writer(*db, options, [&] { store.forget_cached(); });
    const Event events[] = {event("e1", "c1", "hello"), event("e2", "c2", "transaction lost"),
                            event("e3", "c3", "hello")};
    for (const Event& ev : events) {
      writer.submit([&pipeline, ev](SQLite::Database&) { pipeline.process(ev, false); },
                    [&, key = ev.key](bool committed) {
                      std::lock_guard lock(mutex);
                      reported.emplace_back(key, committed);
                    },
                    [&pipeline, ev](SQLite::Database&) { pipeline.process(ev, true); });
    }
    writer.stop();
  }
  REQUIRE(reported.size() == 3);
  CHECK(sqlite3_get_autocommit(db->getHandle()) != 0);
  for (const auto& [key, committed] : reported) {
    SQLite::Statement st(*db, "SELECT count(*) FROM processed_event WHERE key = ?1");
    st.bind(1, key);
    st.executeStep();
    const bool stored = st.getColumn(0).getInt64() == 1;
    INFO("event " << key << " reported committed=" << committed << ", stored=" << stored);
    CHECK(stored == committed);  // EventSink: committed = false means nothing was applied (the adapter retries)
  }
  CHECK(db->execAndGet("SELECT count(*) FROM community WHERE chat_id = 'c3'").getInt64() == 0);
}
