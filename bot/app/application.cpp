#include "bot/app/application.hpp"

#include <atomic>
#include <charconv>
#include <future>
#include <mutex>

#include <SQLiteCpp/Database.h>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "bot/console/console_platform.hpp"
#include "bot/core/outbox_codec.hpp"
#include "bot/core/pipeline.hpp"
#include "bot/telegram/telegram_platform.hpp"
#include "config/load_config.hpp"
#include "handlers/core/command_router.hpp"
#include "handlers/core/community_settings.hpp"
#include "handlers/core/text_analyser.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/points/leaderboard_cache.hpp"
#include "bot/app/config_watcher.hpp"
#include "bot/app/feed_watcher.hpp"
#include "handlers/moderation/filter_stage.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/personal/recommender.hpp"
#include "handlers/features.hpp"
#include "handlers/core/services.hpp"
#include "storage/checkpointer.hpp"
#include "storage/database.hpp"
#include "storage/snapshot_reader.hpp"
#include "storage/store.hpp"
#include "storage/writer.hpp"

namespace fanbase {

MessageCatalog catalog_for(const config::Config& config) {
  MessageCatalog catalog = handlers::builtin_catalog();
  std::vector<config::Problem> problems;
  for (const auto& [language, overrides] : config.messages) {
    for (const auto& [key, text] : overrides) {
      if (auto err = catalog.override_text(language, key, text.text)) {
        problems.push_back(config::problem_at(text.where, "messages." + language + ".\"" + key + "\"", *err));
      }
    }
  }
  if (!problems.empty()) throw config::ConfigError(std::move(problems));
  return catalog;
}

std::vector<std::string> reloadable_sections() {
  return {"bot.owners", "bot.moderators", "bot.language", "bot.log_level", "community", "points", "levels",
          "badges", "moderation", "filters", "qa", "topics", "segments", "digest", "messages"};
}

namespace {

void apply_log_level_of(const config::Config& c) {
  log::Level level = log::Level::info;
  if (log::parse_level(c.bot.log_level, level)) log::set_level(level);
}

// Which sections differ between the running configuration and a reloaded one: those a reload applies, and those
// that need a restart (the platform, the database, the adapters' settings and the recommender's files are used
// once at start by objects outside the pipeline).
void compare(const config::Config& was, const config::Config& now, ReloadResult& out) {
  const auto note = [](bool differs, const char* section, std::vector<std::string>& into) {
    if (differs) into.emplace_back(section);
  };
  note(was.bot.owners != now.bot.owners, "bot.owners", out.changed);
  note(was.bot.moderators != now.bot.moderators, "bot.moderators", out.changed);
  note(was.bot.language != now.bot.language, "bot.language", out.changed);
  note(was.bot.log_level != now.bot.log_level, "bot.log_level", out.changed);
  note(was.communities != now.communities, "community", out.changed);
  note(!(was.points == now.points), "points", out.changed);
  note(was.levels != now.levels, "levels", out.changed);
  note(was.badges != now.badges, "badges", out.changed);
  note(!(was.moderation == now.moderation), "moderation", out.changed);
  note(!(was.filters == now.filters), "filters", out.changed);
  note(!(was.qa == now.qa), "qa", out.changed);
  note(!(was.topics == now.topics), "topics", out.changed);
  note(!(was.segments == now.segments), "segments", out.changed);
  note(!(was.digest == now.digest), "digest", out.changed);
  note(was.messages != now.messages, "messages", out.changed);
  note(was.bot.platform != now.bot.platform, "bot.platform", out.restart_needed);
  note(was.bot.utc_offset_minutes != now.bot.utc_offset_minutes, "bot.timezone", out.restart_needed);
  note(!(was.storage == now.storage), "storage", out.restart_needed);
  note(!(was.console == now.console), "console", out.restart_needed);
  note(!(was.telegram == now.telegram), "telegram", out.restart_needed);
  note(!(was.recommender == now.recommender), "recommender", out.restart_needed);
}

// The reloadable sections of `from` into `into` (everything compare() lists in `changed`).
void take_reloadable(config::Config& into, const config::Config& from) {
  into.bot.owners = from.bot.owners;
  into.bot.moderators = from.bot.moderators;
  into.bot.language = from.bot.language;
  into.bot.log_level = from.bot.log_level;
  into.communities = from.communities;
  into.points = from.points;
  into.levels = from.levels;
  into.badges = from.badges;
  into.moderation = from.moderation;
  into.filters = from.filters;
  into.qa = from.qa;
  into.topics = from.topics;
  into.segments = from.segments;
  into.digest = from.digest;
  into.messages = from.messages;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace

struct Application::Impl {
  Impl(config::Config c, const AppOptions& options)
      : config(std::move(c)),
        catalog(catalog_for(config)),
        db(storage::open_database({options.db_path_override.empty() ? config.storage.path : options.db_path_override,
                                   config.storage.synchronous == config::Synchronous::full, true})),
        store(*db),
        settings(config),
        incentives(config),
        services{store, config, catalog, settings, incentives, leaderboards} {
    incentives.bind(services);
    // What each adapter says of its platform; the handlers see it as Turn::caps and never name a platform.
    settings.set_platform("console", config.console.bot_name, console::console_capabilities());
    settings.set_platform("telegram", config.telegram.bot_username, telegram::capabilities());
    if (db->getFilename() != "" && db->getFilename() != ":memory:") {
      checkpointer = std::make_unique<storage::Checkpointer>(*db, db->getFilename());
    }
    auto built = handlers::build_stages(services);
    router = built.router;
    pipeline = std::make_unique<Pipeline>(store, catalog, std::move(built.stages),
                                          [this] { handlers::forget_rolled_back(services); });
    storage::WriterOptions wo;
    wo.max_batch = static_cast<std::size_t>(config.storage.batch_max_events);
    wo.max_wait = std::chrono::microseconds(config.storage.batch_max_wait_us);
    writer = std::make_unique<storage::Writer>(*db, wo, [this] {
      store.forget_cached();
      handlers::forget_rolled_back(services);  // e.g. leaderboard sums that included the rolled-back batch
    });
    recommender = make_recommender();
    services.recommender = recommender.get();
    if (!config.recommender.feed_file.empty()) {
      feed = std::make_unique<FeedWatcher>(
          config.recommender.feed_file, std::chrono::seconds(config.recommender.feed_check_seconds),
          [this](std::vector<config::FeedEntry> entries) { apply_feed(std::move(entries)); });
    }
  }

  // The feed's posts become content items of [recommender].feed_chat_id, in a storage job of their own.
  void apply_feed(std::vector<config::FeedEntry> entries) {
    std::vector<storage::ContentItem> posts;
    for (auto& e : entries) {
      storage::ContentItem item;
      item.url = std::move(e.url);
      item.title = std::move(e.title);
      for (const auto& t : e.tags) item.tags += (item.tags.empty() ? "" : " ") + t;
      posts.push_back(std::move(item));
    }
    const std::string platform = config::to_string(config.bot.platform);
    const std::string chat = config.recommender.feed_chat_id;
    const std::int64_t at = SystemClock{}.now_ms();
    writer->submit([this, posts = std::move(posts), platform, chat, at](SQLite::Database&) {
      const auto [updated, retired] = handlers::sync_feed(services, platform, chat, posts, at);
      log::info("feed.applied", {{"chat", chat}, {"posts", std::to_string(updated)}, {"retired", std::to_string(retired)}});
    });
  }

  // Training reads the interactions off the storage thread, through the snapshot reader (storage/snapshot_reader).
  std::unique_ptr<handlers::Recommender> make_recommender() {
    const std::string path = db->getFilename();
    const bool memory = path.empty() || path == ":memory:";
    snapshots = std::make_unique<storage::SnapshotReader>(path, *writer, store);
    handlers::Recommender::SnapshotReader reader = [this](const std::function<void(storage::ContentRepository&)>& read) {
      return snapshots->read([&](storage::Store& s) { read(s.content); });
    };
    const auto& cfg = config.recommender;
    return std::make_unique<handlers::Recommender>(cfg, memory || !cfg.enabled ? std::string{} : cfg.model_path,
                                                   std::move(reader));
  }

  config::Config config;
  // Else submit skips the filter analysis. Read by the submitting threads; a reload changes it (before its swap
  // when filters come on, so no event after the swap misses its analysis; after it when they go off).
  std::atomic<bool> filters_read_text{handlers::filters_read_text(config)};
  std::mutex reload_mutex;                // one reload at a time (the watcher and a test, say)
  std::unique_ptr<ConfigWatcher> config_watch;  // stopped first, with the feed watcher
  MessageCatalog catalog;
  std::unique_ptr<SQLite::Database> db;
  storage::Store store;
  handlers::CommunitySettings settings;
  handlers::Incentives incentives;
  handlers::LeaderboardCache leaderboards;
  handlers::Services services;
  handlers::CommandRouter* router = nullptr;  // owned by the pipeline's stages
  std::unique_ptr<storage::Checkpointer> checkpointer;  // after db: destroyed before the connection closes
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<storage::Writer> writer;  // stopped after the recommender, while everything it uses still exists
  std::unique_ptr<storage::SnapshotReader> snapshots;  // heavy reads off the storage thread; uses the writer
  std::unique_ptr<handlers::Recommender> recommender;  // its trainer may wait for the writer; stopped first
  std::unique_ptr<FeedWatcher> feed;                   // last: it submits to the writer; stopped before all
};

Application::Application(config::Config config, AppOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), options)) {}

Application::~Application() { stop(); }

void Application::submit(Event event, Done done) {
  // Every adapter submits here, on its own thread (console main, replay's reader, Telegram's io thread): the
  // text is analysed once, before the storage thread sees the event (DESIGN.md, Threading).
  if (!event.analysis) {
    event.analysis = handlers::analyse_text(event.text, impl_->filters_read_text.load(), event.username_mentions);
  }
  // The outcome lives with the job: written by apply inside the transaction, read by done after the commit.
  auto shared = std::make_shared<std::pair<Event, Outcome>>(std::move(event), Outcome{});
  Pipeline* pipeline = impl_->pipeline.get();
  impl_->writer->submit(
      [shared, pipeline](SQLite::Database&) { shared->second = pipeline->process(shared->first, false); },
      [shared, done = std::move(done)](bool committed) {
        if (!committed) shared->second = Outcome{};
        if (done) done(committed, shared->second);
      },
      [shared, pipeline](SQLite::Database&) { shared->second = pipeline->process(shared->first, true); });
}

void Application::delivered(std::vector<Delivery> deliveries) {
  if (deliveries.empty()) return;
  std::vector<storage::SentRow> rows;
  rows.reserve(deliveries.size());
  for (auto& d : deliveries) rows.push_back({d.outbox_id, std::move(d.created_id)});
  storage::Store* store = &impl_->store;
  // Delivery time is wall-clock time: it is an operational fact, not a domain rule.
  const std::int64_t now = SystemClock{}.now_ms();
  impl_->writer->submit(
      [store, rows = std::move(rows), now](SQLite::Database&) { store->outbox.mark_sent(rows, now); });
}

std::vector<PendingAction> Application::pending(const std::string& platform, int limit) {
  std::vector<PendingAction> out;
  storage::Store* store = &impl_->store;
  impl_->writer->run_and_wait([&](SQLite::Database&) {
    for (const auto& row : store->outbox.pending(platform, limit)) {
      if (auto action = action_from_row(row)) {
        out.push_back({std::move(*action), row.attempts});
      } else {  // written by a newer binary
        store->outbox.mark_failed(row.id, "unknown action kind " + row.kind);
      }
    }
  });
  return out;
}

void Application::failed(std::int64_t outbox_id, std::string reason) {
  storage::Store* store = &impl_->store;
  impl_->writer->submit(
      [store, outbox_id, reason = std::move(reason)](SQLite::Database&) { store->outbox.mark_failed(outbox_id, reason); });
}

std::vector<MenuCommand> Application::command_menu() const {
  std::vector<MenuCommand> menu;
  // On the storage thread: a reload may swap the catalogue and the language meanwhile.
  Impl* im = impl_.get();
  im->writer->run_and_wait([&](SQLite::Database&) {
    for (const auto& spec : im->router->commands()) {
      menu.push_back({spec.name, im->catalog.render(im->config.bot.language, spec.summary_key), spec.min_role});
    }
  });
  return menu;
}

void Application::set_bot_name(const std::string& platform, std::string name) {
  handlers::CommunitySettings* settings = &impl_->settings;
  impl_->writer->run_and_wait([&](SQLite::Database&) { settings->set_bot_name(platform, name); });
}

std::int64_t Application::last_event_at(const std::string& platform) {
  std::int64_t at = 0;
  storage::Store* store = &impl_->store;
  impl_->writer->run_and_wait([&](SQLite::Database&) { at = store->dedup.last_at(platform + ":"); });
  return at;
}

std::vector<std::string> Application::chats(const std::string& platform) {
  std::vector<std::string> out;
  storage::Store* store = &impl_->store;
  impl_->writer->run_and_wait([&](SQLite::Database&) { out = store->communities.chats(platform); });
  return out;
}

Outcome Application::apply(Event event, bool* committed) {
  std::promise<std::pair<bool, Outcome>> promise;
  auto future = promise.get_future();
  submit(std::move(event), [&promise](bool ok, Outcome& outcome) { promise.set_value({ok, std::move(outcome)}); });
  auto [ok, outcome] = future.get();
  if (committed) *committed = ok;
  return std::move(outcome);
}

bool Application::with_database(const std::function<void(SQLite::Database&)>& fn) {
  return impl_->writer->run_and_wait(fn);
}

void Application::flush() { impl_->writer->flush(); }

std::vector<storage::StatementCache::Cost> Application::statement_costs() {
  std::vector<storage::StatementCache::Cost> costs;
  storage::Store* store = &impl_->store;
  impl_->writer->run_and_wait([&](SQLite::Database&) { costs = store->statements().costs(); });
  return costs;
}

ReloadResult Application::reload_config(const std::string& path) {
  Impl& im = *impl_;
  std::lock_guard lock(im.reload_mutex);
  ReloadResult result;
  config::Config next;
  MessageCatalog next_catalog;
  try {  // the checks a start makes, in the same order: nothing is swapped in that a start would refuse
    next = config::load_config_file(path);
    next_catalog = catalog_for(next);
    handlers::compile_blocklist(next);
  } catch (const config::ConfigError& e) {
    result.problems = e.what();
    log::warn("config.reload_failed", {{"file", path}, {"problems", result.problems}, {"kept", "the running configuration"}});
    return result;
  }
  // Only reloads write im.config, and they hold reload_mutex: reading it here, off the storage thread, is safe.
  compare(im.config, next, result);
  for (const std::string& section : result.restart_needed) {
    log::warn("config.restart_needed", {{"file", path}, {"section", section}});
  }
  const bool filters_on = handlers::filters_read_text(next);
  if (filters_on) im.filters_read_text.store(true);
  bool swapped = false;
  im.writer->run_and_wait([&](SQLite::Database&) {
    if (swapped) return;  // a batch's second pass runs its jobs again: swap once
    swapped = true;
    take_reloadable(im.config, next);
    im.catalog = std::move(next_catalog);
    im.settings.reload(im.config);
    ++im.services.config_generation;            // the filter stage compiles the new blocklist at its next event
    handlers::forget_rolled_back(im.services);  // caches derived from the old rules (leaderboard sums, …)
  });
  if (!filters_on) im.filters_read_text.store(false);
  apply_log_level_of(im.config);
  result.applied = true;
  log::info("config.reloaded", {{"file", path},
                                {"changed", result.changed.empty() ? "nothing reloadable" : join(result.changed)},
                                {"restart_needed", join(result.restart_needed)}});
  return result;
}

void Application::watch_config(const std::string& path, std::chrono::milliseconds every) {
  impl_->config_watch = std::make_unique<ConfigWatcher>(path, every, [this, path] { reload_config(path); });
}

void Application::stop() {
  if (impl_ && impl_->config_watch) impl_->config_watch->stop();
  if (impl_ && impl_->feed) impl_->feed->stop();
  if (impl_ && impl_->recommender) impl_->recommender->stop();
  if (impl_ && impl_->writer) impl_->writer->stop();
}

handlers::Recommender& Application::recommender() { return *impl_->recommender; }

std::string Application::database_path() const { return impl_->db->getFilename(); }

}  // namespace fanbase
