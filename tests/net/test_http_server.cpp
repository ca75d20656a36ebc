// HttpServer on 127.0.0.1, port 0: the handler round trip, keep-alive, size limits, malformed requests, read
// timeouts, handler failures, stop(), the connection limit and TLS. The server runs on its own io_context and thread;
// the clients (HttpsClient, or a raw Beast/Asio stream for what HttpsClient cannot send) run on the test's thread.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <unistd.h>

#include "base/log.hpp"
#include "net/trust_test_certificate.hpp"
#include "bot/net/http_server.hpp"
#include "bot/net/https_client.hpp"

using fanbase::testing::TrustTestCertificate;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using fanbase::net::Handler;
using fanbase::net::HttpError;
using fanbase::net::HttpRequest;
using fanbase::net::HttpResponse;
using fanbase::net::HttpServer;
using fanbase::net::HttpsClient;
using fanbase::net::ServerOptions;
using fanbase::net::ServerRequest;
using fanbase::net::ServerResponse;
using Outcome = std::variant<HttpResponse, HttpError>;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
const std::string tls_dir = std::string(FANBASE_TEST_DATA_DIR) + "/tls";

// An HttpServer started on its own io_context and thread.
struct Served {
  Served(ServerOptions options, Handler handler) : server(ioc.get_executor(), std::move(options), std::move(handler)) {
    server.start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~Served() {
    server.stop();
    work.reset();
    ioc.stop();
    thread.join();
  }
  Served(const Served&) = delete;
  Served& operator=(const Served&) = delete;

  std::string url(const char* scheme = "http", const char* host = "127.0.0.1") const {
    return std::string(scheme) + "://" + host + ":" + std::to_string(server.port());
  }

  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  HttpServer server;
  std::thread thread;
};

// What the handler saw; written on the server's thread.
struct Seen {
  std::vector<ServerRequest> requests() const {
    std::lock_guard lock(mutex);
    return requests_;
  }
  void add(const ServerRequest& r) {
    std::lock_guard lock(mutex);
    requests_.push_back(r);
  }
  mutable std::mutex mutex;
  std::vector<ServerRequest> requests_;
};

Handler echo(Seen& seen) {
  return [&seen](ServerRequest req) -> asio::awaitable<ServerResponse> {
    seen.add(req);
    co_return ServerResponse{200, "echo:" + req.body};
  };
}

// One HttpsClient request, run on a fresh io_context on the test's thread.
Outcome send(const std::string& base_url, HttpRequest req) {
  asio::io_context ioc;
  HttpsClient client(ioc.get_executor(), base_url);
  std::optional<Outcome> out;
  asio::co_spawn(ioc, [&]() -> asio::awaitable<void> { out = co_await client.request(std::move(req)); },
                 asio::detached);
  ioc.run();
  REQUIRE(out.has_value());
  return std::move(*out);
}

HttpRequest post(std::string target, std::string body) {
  HttpRequest req;
  req.target = std::move(target);
  req.body = std::move(body);
  req.timeout = 5s;
  return req;
}

HttpResponse response_of(const Outcome& out) {
  if (const auto* err = std::get_if<HttpError>(&out)) FAIL("expected a response, got HttpError: " << err->what);
  return std::get<HttpResponse>(out);
}

// Runs a client coroutine on the test's thread (10 s at most); rethrows what it threw (REQUIRE failures included).
void run_client(std::function<asio::awaitable<void>()> body) {
  asio::io_context ioc;
  bool done = false;
  std::exception_ptr failure;
  asio::co_spawn(ioc, std::move(body), [&](std::exception_ptr e) {
    failure = e;
    done = true;
  });
  ioc.run_for(10s);
  REQUIRE(done);
  if (failure) std::rethrow_exception(failure);
}

asio::awaitable<beast::tcp_stream> connect_to(unsigned short port) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(5s);
  auto [ec] = co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_tuple);
  REQUIRE(!ec);
  co_return stream;
}

// Reads until the server closes; returns what came and how the read ended.
struct Raw {
  std::string received;
  error_code end;
  Clock::duration elapsed{};
};

asio::awaitable<Raw> read_to_end(beast::tcp_stream& stream) {
  Raw out;
  const auto start = Clock::now();
  std::array<char, 4096> buf;
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(buf), use_tuple);
    out.received.append(buf.data(), n);
    if (ec) {
      out.end = ec;
      break;
    }
  }
  out.elapsed = Clock::now() - start;
  co_return out;
}

// Connects, sends `bytes` as they are, reads until the server closes.
Raw raw_exchange(unsigned short port, std::string bytes) {
  Raw out;
  run_client([&]() -> asio::awaitable<void> {
    auto stream = co_await connect_to(port);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
    REQUIRE(!ec);
    out = co_await read_to_end(stream);
  });
  return out;
}

http::request<http::string_body> get(std::string target) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.prepare_payload();
  return req;
}

}  // namespace

TEST_CASE("The handler gets the method and target and body and headers and its response comes back", "[net]") {
  Seen seen;
  Served s({}, [&](ServerRequest req) -> asio::awaitable<ServerResponse> {
    seen.add(req);
    co_return ServerResponse{201, R"({"ok":true})", "application/json"};
  });

  const auto res = response_of(send(s.url(), post("/telegram/webhook?x=1", R"({"update_id":7})")));

  CHECK(res.status == 201);
  CHECK(res.body == R"({"ok":true})");
  const auto requests = seen.requests();
  REQUIRE(requests.size() == 1);
  const auto& r = requests[0];
  CHECK(r.method == "POST");
  CHECK(r.target == "/telegram/webhook?x=1");
  CHECK(r.body == R"({"update_id":7})");
  CHECK(r.header("content-type") == "application/json");  // sent as Content-Type
  CHECK(r.header("user-agent") == "fanbase/0.1");
  CHECK(r.header("host") == "127.0.0.1:" + std::to_string(s.server.port()));
  CHECK(r.header("x-absent").empty());
  for (const auto& [name, value] : r.headers)
    CHECK(std::none_of(name.begin(), name.end(), [](unsigned char c) { return std::isupper(c); }));
}

TEST_CASE("Two requests on one connection are both answered with Content-Length and Server headers", "[net]") {
  Seen seen;
  Served s({}, echo(seen));

  run_client([&]() -> asio::awaitable<void> {
    auto stream = co_await connect_to(s.server.port());
    beast::flat_buffer buffer;
    for (const std::string target : {"/one", "/two"}) {
      auto req = get(target);
      auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
      REQUIRE(!wec);
      http::response<http::string_body> res;
      auto [rec, rn] = co_await http::async_read(stream, buffer, res, use_tuple);
      REQUIRE(!rec);
      CHECK(res.result_int() == 200);
      CHECK(res.body() == "echo:");
      CHECK(res[http::field::server] == "fanbase");
      CHECK(res[http::field::content_length] == "5");
      CHECK(res[http::field::content_type] == "text/plain");
      CHECK(res.keep_alive());
    }
  });

  const auto requests = seen.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target == "/one");
  CHECK(requests[1].target == "/two");
}

TEST_CASE("A body over max_body gets 413 and the handler is not called", "[net]") {
  Seen seen;
  ServerOptions options;
  options.max_body = 100;
  Served s(options, echo(seen));

  CHECK(response_of(send(s.url(), post("/hook", std::string(1000, 'x')))).status == 413);
  CHECK(response_of(send(s.url(), post("/hook", std::string(100, 'x')))).status == 200);  // at the limit: fine
  CHECK(seen.requests().size() == 1);
}

TEST_CASE("A header over max_header gets 431 and the handler is not called", "[net]") {
  Seen seen;
  ServerOptions options;
  options.max_header = 1024;
  Served s(options, echo(seen));

  const auto raw = raw_exchange(
      s.server.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");

  CHECK(raw.received.rfind("HTTP/1.1 431", 0) == 0);
  CHECK(raw.received.find("Content-Length:") != std::string::npos);
  CHECK(raw.end == asio::error::eof);
  CHECK(seen.requests().empty());
}

TEST_CASE("A malformed request gets 400 and the connection is closed", "[net]") {
  Seen seen;
  Served s({}, echo(seen));

  const auto raw = raw_exchange(s.server.port(), "THIS IS NOT HTTP\r\n\r\n");

  CHECK(raw.received.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(raw.received.find("Server: fanbase") != std::string::npos);
  CHECK(raw.end == asio::error::eof);
  CHECK(seen.requests().empty());
}

TEST_CASE("A client that sends half a request and stalls is disconnected after read_timeout", "[net]") {
  Seen seen;
  ServerOptions options;
  options.read_timeout = 300ms;
  Served s(options, echo(seen));

  const auto raw = raw_exchange(s.server.port(), "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

  CHECK(raw.received.empty());  // nothing to answer: just closed
  CHECK(raw.end == asio::error::eof);
  CHECK(raw.elapsed >= 250ms);
  CHECK(raw.elapsed < 3s);
  CHECK(seen.requests().empty());
}

TEST_CASE("An idle kept-alive connection is closed after read_timeout", "[net]") {
  Seen seen;
  ServerOptions options;
  options.read_timeout = 300ms;
  Served s(options, echo(seen));

  const auto raw = raw_exchange(s.server.port(), "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");

  CHECK(raw.received.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(raw.end == asio::error::eof);
  CHECK(raw.elapsed >= 250ms);
  CHECK(raw.elapsed < 3s);
}

TEST_CASE("A handler that throws gets its client a 500 and the server goes on", "[net]") {
  std::atomic<int> calls{0};
  Served s({}, [&](ServerRequest req) -> asio::awaitable<ServerResponse> {
    if (++calls == 1) throw std::runtime_error("boom with " + req.target);
    co_return ServerResponse{200, "fine"};
  });

  const auto first = response_of(send(s.url(), post("/hook", "{}")));
  CHECK(first.status == 500);
  CHECK(first.body == "Internal Server Error\n");
  CHECK(response_of(send(s.url(), post("/hook", "{}"))).body == "fine");
}

TEST_CASE("A status outside 100 to 599 from the handler becomes a 500", "[net]") {
  Served s({}, [](ServerRequest) -> asio::awaitable<ServerResponse> { co_return ServerResponse{1000, "x"}; });
  CHECK(response_of(send(s.url(), post("/hook", "{}"))).status == 500);
}

TEST_CASE("stop() closes an idle kept-alive connection and refuses new ones and port() stays the same", "[net]") {
  Seen seen;
  Served s({}, echo(seen));
  const auto port = s.server.port();

  run_client([&]() -> asio::awaitable<void> {
    auto stream = co_await connect_to(port);
    auto req = get("/a");
    auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
    REQUIRE(!wec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [rec, rn] = co_await http::async_read(stream, buffer, res, use_tuple);
    REQUIRE(!rec);
    CHECK(res.keep_alive());

    s.server.stop();  // from another thread than the server's
    s.server.stop();  // idempotent
    const auto raw = co_await read_to_end(stream);
    CHECK(raw.received.empty());
    CHECK(raw.end == asio::error::eof);
    CHECK(raw.elapsed < 2s);
  });

  CHECK(s.server.port() == port);
  CHECK(std::holds_alternative<HttpError>(send(s.url(), post("/b", "{}"))));
  CHECK(seen.requests().size() == 1);
}

TEST_CASE("A request in progress when stop() is called still gets its response", "[net]") {
  HttpServer* server = nullptr;
  Served s({}, [&](ServerRequest) -> asio::awaitable<ServerResponse> {
    server->stop();
    asio::steady_timer pause(co_await asio::this_coro::executor, 100ms);
    co_await pause.async_wait(use_tuple);
    co_return ServerResponse{200, "finished"};
  });
  server = &s.server;

  CHECK(response_of(send(s.url(), post("/slow", "{}"))).body == "finished");
  CHECK(std::holds_alternative<HttpError>(send(s.url(), post("/slow", "{}"))));
}

TEST_CASE("A newcomer over max_connections takes the slot of the oldest unauthenticated connection", "[net]") {
  // Issue 10: refusing the newcomer let idle peers lock everyone out. (This replaces "connections over
  // max_connections are accepted and closed at once".)
  Seen seen;
  ServerOptions options;
  options.max_connections = 1;
  Served s(options, echo(seen));

  run_client([&]() -> asio::awaitable<void> {
    auto first = co_await connect_to(s.server.port());
    auto second = co_await connect_to(s.server.port());
    const auto evicted = co_await read_to_end(first);
    CHECK(evicted.received.empty());

    auto req = get("/a");
    auto [wec, wn] = co_await http::async_write(second, req, use_tuple);
    REQUIRE(!wec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [rec, rn] = co_await http::async_read(second, buffer, res, use_tuple);
    REQUIRE(!rec);
    CHECK(res.body() == "echo:");
  });
}

TEST_CASE("A connection whose headers do not arrive within header_timeout is closed", "[net]") {
  Seen seen;
  ServerOptions options;
  options.header_timeout = 300ms;  // read_timeout stays 30 s: it no longer applies before the first head
  Served s(options, echo(seen));

  const auto raw = raw_exchange(s.server.port(), "P");
  CHECK(raw.received.empty());
  CHECK(raw.end == asio::error::eof);
  CHECK(seen.requests().empty());
}

TEST_CASE("authorize sees the head before the body, and a refused request is answered without its body", "[net]") {
  Seen seen;
  std::atomic<int> heads{0};
  ServerOptions options;
  options.authorize = [&](const ServerRequest& head) -> std::optional<ServerResponse> {
    ++heads;
    if (head.body.empty() && head.header("x-secret") == "yes") return std::nullopt;
    return ServerResponse{401, "unauthorized\n"};
  };
  Served s(options, echo(seen));

  // A declared 100 kB body that never comes: the answer arrives anyway.
  const auto refused =
      raw_exchange(s.server.port(), "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
  CHECK(refused.received.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(refused.received.find("Connection: close") != std::string::npos);
  CHECK(seen.requests().empty());

  auto req = post("/hook", "body");
  req.headers.emplace_back("X-Secret", "yes");
  const auto ok = response_of(send(s.url(), req));
  CHECK(ok.status == 200);
  CHECK(ok.body == "echo:body");
  CHECK(heads == 2);
}

TEST_CASE("A flood of half-open connections does not lock out a valid request; exhaustion is logged once",
          "[net][flood]") {
  const auto log_path = std::filesystem::temp_directory_path() / ("fanbase-net-" + std::to_string(::getpid()));
  std::FILE* file = std::fopen(log_path.c_str(), "w");
  REQUIRE(file != nullptr);
  fanbase::log::set_output(file);
  Seen seen;
  ServerOptions options;
  options.max_connections = 32;
  options.max_connections_per_address = 8;  // loopback counts like any other address
  options.authorize = [](const ServerRequest& head) -> std::optional<ServerResponse> {
    if (head.header("x-secret") == "yes") return std::nullopt;
    return ServerResponse{401, "unauthorized\n"};
  };
  {
    Served s(options, echo(seen));
    asio::io_context client_ioc;
    std::vector<tcp::socket> flood;
    for (int i = 0; i < 300; ++i) {  // one byte each, no secret, never finished
      tcp::socket socket(client_ioc);
      error_code ec;
      socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.server.port()), ec);
      if (ec) continue;
      asio::write(socket, asio::buffer("P", 1), ec);
      flood.push_back(std::move(socket));
    }
    auto req = post("/hook", "update");
    req.headers.emplace_back("X-Secret", "yes");
    const auto ok = response_of(send(s.url(), req));
    CHECK(ok.status == 200);
    CHECK(ok.body == "echo:update");
  }
  fanbase::log::set_output(nullptr);
  std::fclose(file);
  std::ifstream in(log_path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(log_path);
  std::size_t lines = 0;
  for (auto at = text.find("http.connections_exhausted"); at != std::string::npos;
       at = text.find("http.connections_exhausted", at + 1)) {
    ++lines;
  }
  CHECK(lines == 1);  // not one per connection
}

TEST_CASE("Binding a port that is in use throws std::system_error", "[net]") {
  Seen seen;
  Served s({}, echo(seen));
  ServerOptions options;
  options.port = s.server.port();
  asio::io_context ioc;
  CHECK_THROWS_AS(HttpServer(ioc.get_executor(), options, echo(seen)), std::system_error);
  options.listen = "not an address";
  options.port = 0;
  CHECK_THROWS_AS(HttpServer(ioc.get_executor(), options, echo(seen)), std::system_error);
}

TEST_CASE("TLS mode serves HTTPS to a client that trusts the certificate and refuses plain HTTP", "[net]") {
  Seen seen;
  ServerOptions options;
  options.tls_cert_file = tls_dir + "/test_cert.pem";
  options.tls_key_file = tls_dir + "/test_key.pem";
  Served s(options, echo(seen));

  {
    TrustTestCertificate trust;
    const auto res = response_of(send(s.url("https", "localhost"), post("/hook", "secure")));
    CHECK(res.status == 200);
    CHECK(res.body == "echo:secure");
  }
  CHECK(std::holds_alternative<HttpError>(send(s.url("http"), post("/hook", "plain"))));
  CHECK(seen.requests().size() == 1);
}

TEST_CASE("Bad TLS files throw std::runtime_error at construction", "[net]") {
  asio::io_context ioc;
  Seen seen;
  ServerOptions options;
  options.tls_cert_file = tls_dir + "/missing.pem";
  options.tls_key_file = tls_dir + "/test_key.pem";
  CHECK_THROWS_AS(HttpServer(ioc.get_executor(), options, echo(seen)), std::runtime_error);
  options.tls_cert_file = tls_dir + "/test_cert.pem";
  options.tls_key_file.clear();
  CHECK_THROWS_AS(HttpServer(ioc.get_executor(), options, echo(seen)), std::runtime_error);
}
