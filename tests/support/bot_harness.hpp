// BotHarness: the whole application on an in-memory database, driven by Events built here, with a FakeClock
// for event times. Tests speak as members and assert on replies and stored state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "bot/app/application.hpp"
#include "config/config.hpp"
#include "handlers/features.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/points/leaderboard_cache.hpp"
#include "storage/store.hpp"

namespace fanbase::testing {

// The example config with `extra_toml` appended (later keys in new tables; use for [[community]] etc.) and
// optional replacements applied to the example text first: {from, to}. [commands].rate_limit is off unless
// `extra_toml` or a replacement names it.
config::Config example_config(const std::string& extra_toml = {},
                              const std::vector<std::pair<std::string, std::string>>& replace = {});

class BotHarness {
 public:
  explicit BotHarness(config::Config config = example_config(), std::string db_path = ":memory:");

  Application& app() { return *app_; }
  FakeClock& clock() { return clock_; }

  // A message by `user` in the default chat; returns the outcome (replies in .actions).
  Outcome say(const std::string& user, const std::string& text);
  Outcome reply(const std::string& user, const std::string& to_message_id, const std::string& to_user,
                const std::string& text);
  Outcome react(const std::string& user, const std::string& message_id);
  Outcome apply(Event event) { return app_->apply(std::move(event)); }
  Event message(const std::string& user, const std::string& text);  // built, not applied; advances the key

  // Text of every reply of an outcome, joined by "\n---\n".
  static std::string texts(const Outcome& outcome);
  // The same for the messages only (send_message actions: other actions, e.g. a mute, have no text).
  static std::string said(const Outcome& outcome);
  // The outcome's actions of one kind, in order.
  static std::vector<const Action*> of_kind(const Outcome& outcome, ActionKind kind);
  std::string last_message_id() const { return last_message_id_; }

  // Stored state.
  std::int64_t points(const std::string& user);
  std::int64_t earned(const std::string& user);
  std::int64_t ledger_sum(const std::string& user);
  std::int64_t count(const std::string& sql);  // SELECT count(*) ... (or any single integer)

  std::string chat_id = "fanclub";
  std::string platform = "console";

 private:
  std::unique_ptr<Application> app_;
  FakeClock clock_{1'767'225'600'000};  // 2026-01-01T00:00:00Z
  std::int64_t next_id_ = 1;
  std::string last_message_id_;
};

// The stages and the command registry built exactly as the Application builds them (handlers::build_stages over
// the example config, the built-in catalogue and a migrated ":memory:" database), for tests that walk the
// registry itself: every command's spec, not a conversation.
class CommandRegistry {
 public:
  explicit CommandRegistry(config::Config config = example_config());
  const handlers::CommandRouter& router() const { return *built_.router; }
  const MessageCatalog& catalog() const { return catalog_; }

 private:
  config::Config config_;
  MessageCatalog catalog_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<handlers::CommunitySettings> settings_;
  std::unique_ptr<handlers::Incentives> incentives_;
  handlers::LeaderboardCache leaderboards_;
  std::unique_ptr<handlers::Services> services_;
  handlers::BuiltStages built_;
};

}  // namespace fanbase::testing
