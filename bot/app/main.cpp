// fanbase: the command line. Exit codes: 0 ok, 1 usage, 2 configuration, 3 storage, 4 other runtime failure.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "bot/app/application.hpp"
#include "bot/app/config_watcher.hpp"
#include "bot/app/eval_recs.hpp"
#include "bot/app/exit_codes.hpp"
#include "bot/app/import_stackexchange.hpp"
#include "bot/app/replay.hpp"
#include "bot/console/console_platform.hpp"
#include "bot/net/https_client.hpp"
#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/telegram_platform.hpp"
#include "config/load_config.hpp"
#include "handlers/features.hpp"
#include "handlers/moderation/filter_stage.hpp"
#include "storage/database.hpp"

namespace {

using namespace fanbase;

constexpr std::string_view usage_text =
    "usage:\n"
    "  fanbase run [--config FILE] [--db PATH]      start the bot (without --config: the built-in example,\n"
    "                                               console platform)\n"
    "  fanbase check-config FILE                    validate a configuration and print a summary\n"
    "  fanbase replay --config FILE [--db PATH] [--out FILE|-] [--batch N] UPDATES.jsonl\n"
    "                                               apply Telegram updates (one JSON object per line);\n"
    "                                               --out: replies as JSON lines, appended (default -:\n"
    "                                               stdout), each marked sent once written; first the\n"
    "                                               database's unsent telegram replies (a killed replay's);\n"
    "                                               --batch: events per commit (default: the larger of\n"
    "                                               [storage].batch_max_events and 4096)\n"
    "  fanbase import stackexchange FOLDER [--config FILE] [--db PATH]\n"
    "                                               import a Stack Exchange data set (LightFM CSV or XML\n"
    "                                               dump) as community import/<folder name>; idempotent\n"
    "  fanbase eval-recs [--config FILE] [--db PATH] [--community CHAT] [--matrix tag|item] [--k N]\n"
    "                    [--validation]             offline evaluation (time split): ALS, tag similarity,\n"
    "                                               popularity; --validation: on a split of the training part\n"
    "  fanbase messages [--config FILE]             every reply text by key, English and Chinese (for\n"
    "                                               [messages.*] overrides)\n"
    "  fanbase version\n";

struct Args {
  std::string command;
  std::string config;
  std::string db;
  std::string out = "-";
  std::string batch;
  std::vector<std::string> positional;
};

bool parse_args(int argc, char** argv, Args& a, std::string& error) {
  if (argc < 2) {
    error = "no command given";
    return false;
  }
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        error = std::string(arg) + " needs a value";
        return false;
      }
      into = argv[++i];
      return true;
    };
    if (arg == "--config" || arg == "-c") {
      if (!value(a.config)) return false;
    } else if (arg == "--db") {
      if (!value(a.db)) return false;
    } else if (arg == "--out" || arg == "-o") {
      if (!value(a.out)) return false;
    } else if (arg == "--batch") {
      if (!value(a.batch)) return false;
    } else if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option " + std::string(arg);
      return false;
    } else {
      a.positional.emplace_back(arg);
    }
  }
  return true;
}

config::Config load(const std::string& path) {
  if (path.empty()) return config::load_config_text(config::embedded_example_config(), "<built-in example>");
  return config::load_config_file(path);
}

// `fanbase run --config FILE`: the file is reloaded when it changes or on SIGHUP (Application::reload_config
// validates it first and keeps the running configuration when it is bad). The built-in example never changes.
void watch_config_file(Application& app, const Args& a) {
  if (a.config.empty()) return;
  std::signal(SIGHUP, [](int) { request_config_reload(); });
  app.watch_config(a.config);
}

void apply_log_level(const config::Config& c) {
  log::Level level = log::Level::info;
  if (log::parse_level(c.bot.log_level, level)) log::set_level(level);
}

int check_config(const Args& a) {
  if (a.positional.size() != 1) {
    std::cerr << "fanbase: check-config takes one FILE\n" << usage_text;
    return exit_usage;
  }
  const config::Config c = config::load_config_file(a.positional[0]);
  catalog_for(c);                   // unknown message keys are configuration errors too
  handlers::compile_blocklist(c);   // and blocklist patterns that do not compile
  std::size_t overrides = 0;
  for (const auto& [lang, m] : c.messages) overrides += m.size();
  std::cout << "config OK: " << a.positional[0] << "\n"
            << "  platform: " << config::to_string(c.bot.platform) << "\n"
            << "  language: " << c.bot.language << "\n"
            << "  storage: " << c.storage.path << "\n"
            << "  owners: " << c.bot.owners.size() << ", moderators: " << c.bot.moderators.size() << "\n"
            << "  communities configured: " << c.communities.size() << "\n"
            << "  levels: " << c.levels.size() << " (" << c.levels.front().title << " … " << c.levels.back().title
            << ")\n"
            << "  badges: " << c.badges.size() << "\n"
            << "  message overrides: " << overrides << "\n";
  return 0;
}

int messages(const Args& a) {
  const MessageCatalog catalog = a.config.empty() ? handlers::builtin_catalog() : catalog_for(load(a.config));
  for (const std::string& key : catalog.keys()) {
    std::cout << key << "\n  en: " << catalog.render("en", key, {"{0}", "{1}", "{2}", "{3}", "{4}", "{5}"})
              << "\n  zh: " << catalog.render("zh", key, {"{0}", "{1}", "{2}", "{3}", "{4}", "{5}"}) << "\n";
  }
  return 0;
}

int run_telegram(const config::Config& c, const Args& a) {
  // The token comes from the environment variable the TOML names; it is never printed, logged or stored.
  const char* token = std::getenv(c.telegram.token_env.c_str());
  if (token == nullptr || *token == '\0') {
    std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.token_env: the environment variable "
              << c.telegram.token_env << " is not set; put the bot token from @BotFather there\n";
    return exit_config;
  }
  // Checked here, before anything is opened: a malformed value would otherwise loop on getMe / setWebhook. The
  // message names the variable and the TOML key and states the rule; the value itself is never echoed.
  if (!telegram::is_valid_bot_token(token)) {
    std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.token_env: the environment variable "
              << c.telegram.token_env << " does not hold a bot token: " << telegram::bot_token_rule << "\n";
    return exit_config;
  }
  telegram::TelegramOptions options;
  options.token = token;
  options.api_base = c.telegram.api_base;
  options.poll_timeout_s = c.telegram.poll_timeout_seconds;
  options.allowed_updates = c.telegram.allowed_updates;
  if (c.telegram.mode == "webhook") {
    const char* secret = std::getenv(c.telegram.secret_env.c_str());
    if (secret == nullptr || *secret == '\0') {
      std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.secret_env: the environment variable "
                << c.telegram.secret_env << " is not set; webhook mode needs a secret (1-256 of A-Z a-z 0-9 _ -)\n";
      return exit_config;
    }
    if (!telegram::is_valid_webhook_secret(secret)) {
      std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.secret_env: the environment variable "
                << c.telegram.secret_env << " does not hold a usable webhook secret: " << telegram::webhook_secret_rule
                << "\n";
      return exit_config;
    }
    options.webhook = true;
    options.secret = secret;
    options.public_url = c.telegram.public_url;
    options.webhook_path = c.telegram.webhook_path;
    options.webhook_listen = c.telegram.webhook_listen;
    options.webhook_port = static_cast<unsigned short>(c.telegram.webhook_port);
    options.tls_cert_file = c.telegram.tls_cert_file;
    options.tls_key_file = c.telegram.tls_key_file;
  }
  boost::asio::io_context ioc;
  try {  // before the database is opened: an api_base the client refuses is a configuration error
    net::HttpsClient probe(ioc.get_executor(), options.api_base);
  } catch (const std::invalid_argument& e) {
    std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.api_base: " << e.what() << "\n";
    return exit_config;
  }
  Application app(c, AppOptions{a.db});
  watch_config_file(app, a);
  auto platform = std::make_unique<telegram::TelegramPlatform>(boost::asio::make_strand(ioc), options, app);
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    log::info("fanbase.stopping");
    platform->stop();  // the coroutines end, then ioc.run() returns
  });
  // Telegram refused the token (getMe: 401): the platform has stopped itself; stop waiting for signals too.
  bool token_refused = false;
  platform->on_fatal([&] {
    token_refused = true;
    signals.cancel();
  });
  try {
    platform->start();  // webhook mode binds its address here
  } catch (const std::exception& e) {
    std::cerr << "fanbase: cannot serve the webhook on " << c.telegram.webhook_listen << ":" << c.telegram.webhook_port
              << ": " << e.what() << "\n";
    return exit_runtime;
  }
  log::info("fanbase.started", {{"platform", "telegram"}, {"mode", c.telegram.mode}, {"db", app.database_path()}});
  ioc.run();
  app.stop();  // everything submitted is committed
  const auto stats = platform->stats();
  log::info("fanbase.stopped", {{"updates", std::to_string(stats.updates)}, {"sent", std::to_string(stats.sent)},
                                {"failed", std::to_string(stats.failed)}});
  if (token_refused) {
    std::cerr << "fanbase: configuration error:\n" << c.source << ": telegram.token_env: Telegram refuses the token in "
              << "the environment variable " << c.telegram.token_env
              << " (getMe: 401 Unauthorized); put the current token from @BotFather there\n";
    return exit_config;
  }
  return 0;
}

int run(const Args& a) {
  config::Config c = load(a.config);
  apply_log_level(c);
  if (c.bot.platform == config::PlatformKind::telegram) return run_telegram(c, a);
  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  Application app(c, AppOptions{a.db});
  watch_config_file(app, a);
  // At a terminal the log would interleave with the chat: it goes to a file beside the database instead.
  std::FILE* log_file = nullptr;
  std::string log_path;
  if (interactive) {
    log_path = (std::filesystem::path(app.database_path()).parent_path() / "fanbase.log").string();
    log_file = std::fopen(log_path.c_str(), "a");
    if (log_file != nullptr) log::set_output(log_file);
  }
  log::info("fanbase.started", {{"platform", "console"}, {"db", app.database_path()}});
  console::ConsoleOptions options;
  options.chat_id = c.console.chat_id;
  options.chat_title = c.console.chat_title;
  options.bot_name = c.console.bot_name;
  options.default_user = c.console.default_user;
  options.interactive = interactive;
  options.log_path = log_file != nullptr ? log_path : "";
  SystemClock clock;
  console::ConsolePlatform console(options, app, clock);
  console.run(std::cin, std::cout);
  app.stop();
  log::info("fanbase.stopped");
  if (log_file != nullptr) {
    log::set_output(nullptr);
    std::fclose(log_file);
  }
  return 0;
}

int replay(const Args& a) {
  if (a.positional.size() != 1) {
    std::cerr << "fanbase: replay takes one UPDATES.jsonl file\n" << usage_text;
    return exit_usage;
  }
  config::Config c = load(a.config);
  apply_log_level(c);
  // A replay is a bulk import: nobody waits on one update, so larger groups (more events per commit, fewer
  // page writes per event) are the better trade. The live bot keeps [storage].batch_max_events.
  int batch = std::max(c.storage.batch_max_events, 4096);
  if (!a.batch.empty()) {
    const char* end = a.batch.data() + a.batch.size();
    auto [ptr, ec] = std::from_chars(a.batch.data(), end, batch);
    if (ec != std::errc{} || ptr != end || batch < 1 || batch > 100'000) {
      std::cerr << "fanbase: --batch takes a whole number from 1 to 100000\n";
      return exit_usage;
    }
  }
  c.storage.batch_max_events = batch;
  if (std::FILE* probe = std::fopen(a.positional[0].c_str(), "rb")) {
    std::fclose(probe);
  } else {  // before the database is touched: a typo in the file name must not leave an empty database behind
    std::cerr << "fanbase: cannot read " << a.positional[0] << ": " << std::strerror(errno) << "\n";
    return exit_runtime;
  }
  Application app(c, AppOptions{a.db});
  std::FILE* out = stdout;
  if (a.out != "-") {
    out = open_replies_file(a.out);
    if (out == nullptr) {
      std::cerr << "fanbase: cannot write " << a.out << ": " << std::strerror(errno) << "\n";
      return exit_runtime;
    }
  }
  const ReplaySummary summary = replay_file(app, a.positional[0], out);
  app.stop();
  if (out != stdout) std::fclose(out);
  // With replies on stdout the summary goes to stderr, so both stay readable.
  const std::string text = summary.to_string(a.positional[0]);
  std::fputs(text.c_str(), a.out == "-" ? stderr : stdout);
  return summary.not_committed > 0 ? exit_storage : 0;
}

// The one place a failing command's exception becomes its message and exit code. Call from a catch block.
int report_failure() {
  try {
    throw;
  } catch (const config::ConfigError& e) {
    std::cerr << "fanbase: configuration error:\n" << e.what() << "\n";
    return exit_config;
  } catch (const storage::StorageError& e) {
    std::cerr << "fanbase: storage error: " << e.what() << "\n";
    return exit_storage;
  } catch (const SQLite::Exception& e) {
    std::cerr << "fanbase: storage error: " << e.what() << "\n";
    return exit_storage;
  } catch (const std::exception& e) {
    std::cerr << "fanbase: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // These two parse their own options; their failures end in the catch blocks below like every command's.
  const std::string_view first = argc >= 2 ? argv[1] : "";
  if (first == "import" || first == "eval-recs") {
    try {
      return first == "import" ? fanbase::import_command(argc - 2, argv + 2)
                               : fanbase::eval_recs_command(argc - 2, argv + 2);
    } catch (...) {
      return report_failure();
    }
  }
  Args args;
  std::string error;
  if (!parse_args(argc, argv, args, error)) {
    std::cerr << "fanbase: " << error << "\n" << usage_text;
    return exit_usage;
  }
  try {
    if (args.command == "run") return run(args);
    if (args.command == "check-config") return check_config(args);
    if (args.command == "replay") return replay(args);
    if (args.command == "messages") return messages(args);
    if (args.command == "version" || args.command == "--version") {
      std::cout << "fanbase 0.1.0\n";
      return 0;
    }
    if (args.command == "help" || args.command == "--help" || args.command == "-h") {
      std::cout << usage_text;
      return 0;
    }
    std::cerr << "fanbase: unknown command \"" << args.command << "\"\n" << usage_text;
    return exit_usage;
  } catch (...) {
    return report_failure();
  }
}
