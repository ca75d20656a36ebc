#include "support/bot_harness.hpp"

#include <SQLiteCpp/Statement.h>

#include "config/load_config.hpp"
#include "storage/database.hpp"

namespace fanbase::testing {

config::Config example_config(const std::string& extra_toml,
                              const std::vector<std::pair<std::string, std::string>>& replace) {
  std::string text(config::embedded_example_config());
  for (const auto& [from, to] : replace) {
    const auto pos = text.find(from);
    if (pos == std::string::npos) throw std::logic_error("example_config: no \"" + from + "\" in the example");
    text.replace(pos, from.size(), to);
  }
  text += "\n" + extra_toml + "\n";
  config::Config config = config::load_config_text(text, "test.toml");
  // Stories send many commands at one instant of the fake clock, which [commands].rate_limit would silence: it
  // is off unless the test itself names it (tests/handlers/test_command_rate_limit.cpp).
  bool names_limit = extra_toml.find("rate_limit") != std::string::npos;
  for (const auto& edit : replace) names_limit = names_limit || edit.first.find("rate_limit") != std::string::npos;
  if (!names_limit) config.commands.rate_limit.count = 0;
  return config;
}

BotHarness::BotHarness(config::Config config, std::string db_path)
    : app_(std::make_unique<Application>(std::move(config), AppOptions{std::move(db_path)})) {}

Event BotHarness::message(const std::string& user, const std::string& text) {
  Event ev;
  ev.platform = platform;
  ev.chat_id = chat_id;
  ev.chat_title = "Fan Club";
  ev.kind = EventKind::message;
  ev.author.id = user;
  ev.author.display_name = user;
  ev.author.username = user;
  const std::int64_t n = next_id_++;
  ev.key = "test:" + std::to_string(n);
  ev.message_id = std::to_string(n);
  ev.text = text;
  ev.at_ms = clock_.now_ms();
  last_message_id_ = ev.message_id;
  return ev;
}

Outcome BotHarness::say(const std::string& user, const std::string& text) { return apply(message(user, text)); }

Outcome BotHarness::reply(const std::string& user, const std::string& to_message_id, const std::string& to_user,
                          const std::string& text) {
  Event ev = message(user, text);
  UserInfo author;
  author.id = to_user;
  author.display_name = to_user;
  author.username = to_user;
  ev.reply_to = ReplyTarget{to_message_id, author, {}};
  return apply(std::move(ev));
}

Outcome BotHarness::react(const std::string& user, const std::string& message_id) {
  Event ev = message(user, "");
  ev.kind = EventKind::reaction;
  ev.message_id = message_id;
  ev.reaction_added = 1;
  return apply(std::move(ev));
}

std::string BotHarness::texts(const Outcome& outcome) {
  std::string out;
  for (const auto& a : outcome.actions) {
    if (!out.empty()) out += "\n---\n";
    out += a.text;
  }
  return out;
}

std::vector<const Action*> BotHarness::of_kind(const Outcome& outcome, ActionKind kind) {
  std::vector<const Action*> found;
  for (const auto& a : outcome.actions) {
    if (a.kind == kind) found.push_back(&a);
  }
  return found;
}

std::string BotHarness::said(const Outcome& outcome) {
  std::string out;
  for (const Action* a : of_kind(outcome, ActionKind::send_message)) out += (out.empty() ? "" : "\n---\n") + a->text;
  return out;
}

std::int64_t BotHarness::count(const std::string& sql) {
  std::int64_t value = 0;
  app_->with_database([&](SQLite::Database& db) {
    SQLite::Statement st(db, sql);
    if (st.executeStep()) value = st.getColumn(0).getInt64();
  });
  return value;
}

std::int64_t BotHarness::points(const std::string& user) {
  return count("SELECT coalesce((SELECT points FROM member WHERE user_id = '" + user + "'), -1)");
}
std::int64_t BotHarness::earned(const std::string& user) {
  return count("SELECT coalesce((SELECT earned FROM member WHERE user_id = '" + user + "'), -1)");
}
std::int64_t BotHarness::ledger_sum(const std::string& user) {
  return count("SELECT coalesce(sum(delta), 0) FROM point_entry WHERE member_id = (SELECT id FROM member WHERE "
               "user_id = '" + user + "')");
}

CommandRegistry::CommandRegistry(config::Config config)
    : config_(std::move(config)),
      catalog_(catalog_for(config_)),
      db_(storage::open_database({":memory:", false, false})),
      store_(std::make_unique<storage::Store>(*db_)),
      settings_(std::make_unique<handlers::CommunitySettings>(config_)),
      incentives_(std::make_unique<handlers::Incentives>(config_)) {
  services_ = std::make_unique<handlers::Services>(
      handlers::Services{*store_, config_, catalog_, *settings_, *incentives_, leaderboards_});
  incentives_->bind(*services_);
  built_ = handlers::build_stages(*services_);
}

}  // namespace fanbase::testing
