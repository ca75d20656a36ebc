// Webhook ingest benchmark (issue 3): the real Application + TelegramPlatform in webhook mode, in this process,
// with a durable SQLite file (synchronous = FULL). C keep-alive clients POST N Telegram updates (with the
// secret header) as fast as the bot answers; every 200 means "committed". A stub Bot API (our own HttpServer)
// answers getMe, setMyCommands, setWebhook and sendMessage so the bot's replies go somewhere.
// Prints updates/s and the p50/p99/max latency of one POST, and checks nothing was lost or applied twice.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>

#include "base/log.hpp"
#include "bot/app/application.hpp"
#include "bot/net/http_server.hpp"
#include "bot/net/https_client.hpp"
#include "bot/telegram/telegram_platform.hpp"
#include "config/load_config.hpp"

namespace asio = boost::asio;
using namespace fanbase;
using namespace std::chrono_literals;

namespace {

std::string update(std::int64_t id, int users, int chats) {
  const std::int64_t user = 1000 + (id * 7919) % users;
  const std::int64_t chat = -1001000000000LL - (id * 104729) % chats;
  const bool command = id % 12 == 0;
  boost::json::object msg{
      {"message_id", id},
      {"from", {{"id", user}, {"is_bot", false}, {"first_name", "Fan" + std::to_string(user)}}},
      {"chat", {{"id", chat}, {"title", "Fans"}, {"type", "supergroup"}}},
      {"date", 1767225600 + id / 20},
      {"text", command ? std::string("/points") : "message number " + std::to_string(id) + " about the new album"}};
  return boost::json::serialize(boost::json::object{{"update_id", id}, {"message", msg}});
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100'000, clients = 128, users = 20'000, chats = 200;
  std::string db = "build/bench/webhook.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--updates") n = std::atoi(argv[i + 1]);
    else if (a == "--clients") clients = std::atoi(argv[i + 1]);
    else if (a == "--db") db = argv[i + 1];
  }
  log::set_level(log::Level::warn);
  std::filesystem::create_directories(std::filesystem::path(db).parent_path());
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);

  // The stub Bot API on its own thread.
  asio::io_context api_ioc;
  std::atomic<std::int64_t> replies{0};
  net::ServerOptions api_options;
  net::HttpServer api(api_ioc.get_executor(), api_options, [&](net::ServerRequest req) -> asio::awaitable<net::ServerResponse> {
    const bool me = req.target.find("/getMe") != std::string::npos;
    if (req.target.find("/sendMessage") != std::string::npos) ++replies;
    co_return net::ServerResponse{200, me ? R"({"ok":true,"result":{"id":1,"is_bot":true,"username":"FanbaseBot"}})"
                                          : R"({"ok":true,"result":true})",
                                  "application/json"};
  });
  api.start();
  std::thread api_thread([&] { api_ioc.run(); });

  // The bot: Application (storage thread) + TelegramPlatform (its io thread), as `fanbase run` wires them.
  auto config = config::load_config_text(config::embedded_example_config(), "<example>");
  Application app(config, AppOptions{db});
  asio::io_context bot_ioc;
  telegram::TelegramOptions o;
  o.token = "1:bench";
  o.api_base = "http://127.0.0.1:" + std::to_string(api.port());
  o.webhook = true;
  o.webhook_port = 0;
  o.public_url = "https://fans.example.com";
  o.secret = "bench-secret";
  o.webhook_max_connections_per_address = static_cast<std::size_t>(std::max(clients, 64));  // all from loopback
  telegram::TelegramPlatform platform(asio::make_strand(bot_ioc), o, app);
  platform.start();
  std::thread bot_thread([&] { bot_ioc.run(); });
  while (!platform.stats().webhook_set) std::this_thread::sleep_for(10ms);

  // The load: `clients` keep-alive connections, each posting its share in turn, timing every POST.
  asio::io_context load_ioc;
  std::vector<std::unique_ptr<net::HttpsClient>> pool;
  for (int c = 0; c < clients; ++c) {
    pool.push_back(std::make_unique<net::HttpsClient>(load_ioc.get_executor(), "http://127.0.0.1:" + std::to_string(platform.webhook_port())));
  }
  std::vector<double> latency_ms(static_cast<std::size_t>(n));
  std::atomic<int> non_200{0};
  std::atomic<std::int64_t> next{1};
  const auto started = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    asio::co_spawn(load_ioc, [&, c]() -> asio::awaitable<void> {
      for (std::int64_t id = next++; id <= n; id = next++) {
        net::HttpRequest req;
        req.target = "/telegram/webhook";
        req.body = update(id, users, chats);
        req.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", "bench-secret");
        req.timeout = 30s;
        const auto t0 = std::chrono::steady_clock::now();
        auto reply = co_await pool[static_cast<std::size_t>(c)]->request(std::move(req));
        latency_ms[static_cast<std::size_t>(id - 1)] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        auto* r = std::get_if<net::HttpResponse>(&reply);
        if (r == nullptr || r->status != 200) ++non_200;
      }
    }, asio::detached);
  }
  load_ioc.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::sort(latency_ms.begin(), latency_ms.end());
  auto pct = [&](double p) { return latency_ms[static_cast<std::size_t>(p * (latency_ms.size() - 1))]; };
  std::this_thread::sleep_for(500ms);
  const auto stats = platform.stats();
  platform.stop();
  bot_thread.join();
  app.stop();
  api.stop();
  api_ioc.stop();
  api_thread.join();

  std::printf("webhook bench: %d updates, %d keep-alive clients, durable SQLite (synchronous = FULL)\n", n, clients);
  std::printf("updates/s:            %.0f (%.2f s)\n", n / seconds, seconds);
  std::printf("latency per POST:     p50 %.2f ms, p99 %.2f ms, max %.2f ms (each 200 = committed)\n", pct(0.50),
              pct(0.99), latency_ms.back());
  std::printf("answers other than 200: %d; applied: %lld; replies handed to Telegram so far: %lld\n", non_200.load(),
              static_cast<long long>(stats.webhook_accepted), static_cast<long long>(replies.load()));
  const bool ok = non_200.load() == 0 && stats.webhook_accepted == n;
  std::printf("nothing lost: %s\n", ok ? "yes" : "NO");
  return ok ? 0 : 1;
}
