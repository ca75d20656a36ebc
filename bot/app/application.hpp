// Application: the composition root. Opens the database, builds the catalogue (with the owner's overrides),
// the per-chat settings, the stages and the pipeline, and starts the storage thread (Writer). Implements
// EventSink for the platform adapters. Construct on the main thread; submit() from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "bot/core/event_sink.hpp"
#include "bot/core/message_catalog.hpp"
#include "config/config.hpp"
#include "storage/statement_cache.hpp"

namespace fanbase {

namespace handlers {
class Recommender;
}

struct AppOptions {
  std::string db_path_override;  // non-empty: use this instead of [storage].path (":memory:" for tests)
};

// The built-in catalogue with the config's [messages.*] overrides applied. Throws config::ConfigError listing
// every unknown key or placeholder, with the override's file:line:column.
MessageCatalog catalog_for(const config::Config& config);

// What a configuration reload did (Application::reload_config).
struct ReloadResult {
  bool applied = false;                    // a valid file was swapped in (possibly with nothing reloadable changed)
  std::string problems;                    // the file was refused: every problem, "file:line:column: key: message"
  std::vector<std::string> changed;        // reloadable sections that changed and now apply
  std::vector<std::string> restart_needed; // sections that changed but take effect only after a restart
};

// The sections a reload applies; everything else (bot.platform, bot.timezone, [storage], [console], [telegram],
// [recommender]) is read once at start and, when changed, logged as config.restart_needed.
std::vector<std::string> reloadable_sections();

class Application final : public EventSink {
 public:
  // Throws config::ConfigError (bad message overrides) or storage::StorageError.
  Application(config::Config config, AppOptions options = {});
  ~Application() override;
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  void submit(Event event, Done done) override;
  void delivered(std::vector<Delivery> deliveries) override;
  std::vector<PendingAction> pending(const std::string& platform, int limit) override;
  std::int64_t last_event_at(const std::string& platform) override;
  std::vector<std::string> chats(const std::string& platform) override;
  void failed(std::int64_t outbox_id, std::string reason) override;
  void set_bot_name(const std::string& platform, std::string name) override;
  std::vector<MenuCommand> command_menu() const override;

  // Submits and waits for the commit (tests, console). `committed` false: the batch failed.
  Outcome apply(Event event, bool* committed = nullptr);
  // Runs `fn` on the storage thread inside a transaction and waits (tests and reports read through this).
  bool with_database(const std::function<void(SQLite::Database&)>& fn);
  // Blocks until everything submitted so far is committed.
  void flush();
  // Diagnostics: what each prepared statement has cost (storage::StatementCache::costs).
  std::vector<storage::StatementCache::Cost> statement_costs();
  void stop();  // drains and commits what was submitted; idempotent

  // The configuration file read again ("hot reload"). It is validated first like at start (the loader, the
  // message overrides, the blocklist); a bad file is logged (config.reload_failed, with every problem's
  // file:line:column) and the running configuration stays. A good one is swapped in by a storage job, so between
  // two events: events submitted before it are handled with the old configuration, after it with the new one,
  // and none is lost or applied twice. Waits for the swap. Any thread but the storage thread.
  ReloadResult reload_config(const std::string& path);
  // Reloads `path` whenever it changes (checked every `every`) or SIGHUP asks (request_config_reload).
  void watch_config(const std::string& path, std::chrono::milliseconds every = std::chrono::milliseconds(1000));

  std::string database_path() const;
  // The recommender (tests and benches: its models, training, waiting for it).
  handlers::Recommender& recommender();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fanbase
