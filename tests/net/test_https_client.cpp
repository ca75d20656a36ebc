// HttpsClient against local servers on 127.0.0.1 (plain HTTP and TLS with the self-signed certificate in
// tests/data/tls): round trips, keep-alive, reconnects, timeouts, size limits and certificate checks. Nothing here
// touches the internet: each server runs on its own thread and io_context, the client on the test's io_context.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "net/trust_test_certificate.hpp"
#include "bot/net/https_client.hpp"

using fanbase::testing::TrustTestCertificate;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using fanbase::net::HttpError;
using fanbase::net::HttpRequest;
using fanbase::net::HttpResponse;
using fanbase::net::HttpsClient;
using Outcome = std::variant<HttpResponse, HttpError>;
using namespace std::chrono_literals;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
const std::string tls_dir = std::string(FANBASE_TEST_DATA_DIR) + "/tls";

// What the server saw of one request.
struct Seen {
  std::string method;
  std::string target;
  std::string body;
  std::string host;
  std::string user_agent;
  std::string content_type;
};

// How the server answers one request.
struct Answer {
  int status = 200;
  std::string body;
  bool close_after = false;  // close the socket after answering, without saying so (a kept connection dies)
  bool never = false;        // read the request, then hold the connection and say nothing
};

// A one-thread HTTP/1.1 server on 127.0.0.1, port 0; TLS when given a certificate directory.
class TestServer {
 public:
  using Handler = std::function<Answer(const Seen&)>;

  explicit TestServer(Handler handler, bool tls = false) : handler_(std::move(handler)) {
    if (tls) {
      tls_ctx_.emplace(ssl::context::tls_server);
      tls_ctx_->use_certificate_chain_file(tls_dir + "/test_cert.pem");
      tls_ctx_->use_private_key_file(tls_dir + "/test_key.pem", ssl::context::pem);
    }
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(ioc_, listen(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestServer() {
    ioc_.stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int accepts() const { return accepts_.load(); }
  int handshakes_failed() const { return handshakes_failed_.load(); }
  std::vector<Seen> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  asio::awaitable<void> listen() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
      if (ec) co_return;
      ++accepts_;
      asio::co_spawn(ioc_, serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    if (!tls_ctx_) {
      beast::tcp_stream stream(std::move(socket));
      co_await serve_http(stream);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_ctx_);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
    if (ec) {
      ++handshakes_failed_;
      co_return;
    }
    co_await serve_http(stream);
  }

  template <class Stream>
  asio::awaitable<void> serve_http(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [ec, n] = co_await http::async_read(stream, buffer, req, use_tuple);
      if (ec) co_return;
      Seen seen{std::string(req.method_string()), std::string(req.target()), req.body(),
                std::string(req[http::field::host]), std::string(req[http::field::user_agent]),
                std::string(req[http::field::content_type])};
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(seen);
      }
      const Answer answer = handler_(seen);
      if (answer.never) {
        asio::steady_timer forever(co_await asio::this_coro::executor, 1h);
        co_await forever.async_wait(use_tuple);
        co_return;
      }
      http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
      res.body() = answer.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
      if (wec || answer.close_after || !req.keep_alive()) co_return;
    }
  }

  Handler handler_;
  std::optional<ssl::context> tls_ctx_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::atomic<int> accepts_{0};
  std::atomic<int> handshakes_failed_{0};
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  std::thread thread_;
};

Answer echo(const Seen& seen) { return Answer{200, "echo:" + seen.body}; }

// The client side: an io_context run on the test's thread until every request has finished.
struct Client {
  explicit Client(const std::string& base_url, std::size_t max_body = 8 << 20)
      : client(ioc.get_executor(), base_url, max_body) {}

  Outcome send(HttpRequest req) {
    std::optional<Outcome> out;
    asio::co_spawn(ioc, [&]() -> asio::awaitable<void> { out = co_await client.request(std::move(req)); },
                   asio::detached);
    ioc.restart();
    ioc.run();
    REQUIRE(out.has_value());
    return std::move(*out);
  }

  asio::io_context ioc;
  HttpsClient client;
};

std::string local(const TestServer& server, const char* scheme = "http", const char* host = "127.0.0.1") {
  return std::string(scheme) + "://" + host + ":" + std::to_string(server.port());
}

HttpRequest post(std::string target, std::string body = "{}") {
  HttpRequest req;
  req.target = std::move(target);
  req.body = std::move(body);
  return req;
}

HttpResponse response_of(const Outcome& out) {
  if (const auto* err = std::get_if<HttpError>(&out)) FAIL("expected a response, got HttpError: " << err->what);
  return std::get<HttpResponse>(out);
}

std::string error_of(const Outcome& out) {
  if (const auto* res = std::get_if<HttpResponse>(&out)) FAIL("expected an HttpError, got status " << res->status);
  return std::get<HttpError>(out).what;
}

}  // namespace

TEST_CASE("A POST round trip carries the body and the headers and returns the status and the body", "[net]") {
  TestServer server([](const Seen& seen) { return Answer{201, "got " + seen.body}; });
  Client c(local(server));

  const auto res = response_of(c.send(post("/bot123:secret/sendMessage", R"({"chat_id":1})")));

  CHECK(res.status == 201);
  CHECK(res.body == R"(got {"chat_id":1})");
  const auto seen = server.seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/bot123:secret/sendMessage");
  CHECK(seen[0].host == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(seen[0].user_agent == "fanbase/0.1");
  CHECK(seen[0].content_type == "application/json");
  CHECK(c.client.host() == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("A GET without a body sends no content type", "[net]") {
  TestServer server(echo);
  Client c(local(server));
  HttpRequest req;
  req.method = "GET";
  req.target = "/health?x=1";

  CHECK(response_of(c.send(req)).body == "echo:");
  REQUIRE(server.seen().size() == 1);
  CHECK(server.seen()[0].method == "GET");
  CHECK(server.seen()[0].target == "/health?x=1");
  CHECK(server.seen()[0].content_type.empty());
}

TEST_CASE("Two requests on one client share one kept-alive connection", "[net]") {
  TestServer server(echo);
  Client c(local(server));

  CHECK(response_of(c.send(post("/a", "1"))).body == "echo:1");
  CHECK(response_of(c.send(post("/b", "2"))).body == "echo:2");
  CHECK(server.accepts() == 1);
}

TEST_CASE("A kept connection the server closed is replaced transparently", "[net]") {
  TestServer server([](const Seen& seen) { return Answer{200, "echo:" + seen.body, /*close_after=*/true}; });
  Client c(local(server));

  CHECK(response_of(c.send(post("/a", "1"))).body == "echo:1");
  CHECK(response_of(c.send(post("/b", "2"))).body == "echo:2");
  CHECK(response_of(c.send(post("/c", "3"))).body == "echo:3");
  CHECK(server.accepts() == 3);
  CHECK(server.seen().size() == 3);  // each request reached the server exactly once
}

TEST_CASE("Requests started together run one at a time in order on one connection", "[net]") {
  TestServer server(echo);
  Client c(local(server));
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) {
    asio::co_spawn(
        c.ioc,
        [&, i]() -> asio::awaitable<void> {
          auto out = co_await c.client.request(post("/n", std::to_string(i)));
          auto* res = std::get_if<HttpResponse>(&out);
          bodies.push_back(res ? res->body : "error: " + std::get<HttpError>(out).what);
        },
        asio::detached);
  }
  c.ioc.run();

  CHECK(bodies == std::vector<std::string>{"echo:0", "echo:1", "echo:2"});
  CHECK(server.accepts() == 1);
}

TEST_CASE("A server that never answers ends in a timeout error within the configured timeout", "[net]") {
  Answer silent;
  silent.never = true;
  TestServer server([silent](const Seen&) { return silent; });
  Client c(local(server));
  auto req = post("/slow");
  req.timeout = 300ms;

  const auto start = std::chrono::steady_clock::now();
  const auto what = error_of(c.send(req));
  const auto elapsed = std::chrono::steady_clock::now() - start;

  CHECK_THAT(what, Catch::Contains("timeout after 300 ms"));
  CHECK(elapsed >= 290ms);
  CHECK(elapsed < 1500ms);
  CHECK_THAT(what, !Catch::Contains("/slow"));  // the target (the token) never appears in an error
}

TEST_CASE("A request queued behind a slow one gives up when its own timeout passes", "[net]") {
  Answer silent;
  silent.never = true;
  TestServer server([silent](const Seen&) { return silent; });
  Client c(local(server));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::chrono::steady_clock::duration>> ended;  // error, when
  for (const auto timeout : {600ms, 100ms}) {
    asio::co_spawn(
        c.ioc,
        [&, timeout]() -> asio::awaitable<void> {
          auto req = post("/x");
          req.timeout = timeout;
          auto out = co_await c.client.request(req);
          ended.emplace_back(error_of(out), std::chrono::steady_clock::now() - start);
        },
        asio::detached);
  }
  c.ioc.run();

  REQUIRE(ended.size() == 2);
  CHECK_THAT(ended[0].first, Catch::Contains("timeout after 100 ms while waiting for an earlier request"));
  CHECK(ended[0].second < 500ms);
  CHECK_THAT(ended[1].first, Catch::Contains("timeout after 600 ms while reading the response"));
  CHECK(server.seen().size() == 1);  // the queued request was never sent
}

TEST_CASE("Destroying the client ends the request in flight and the queued one with errors", "[net]") {
  Answer silent;
  silent.never = true;
  TestServer server([silent](const Seen&) { return silent; });
  asio::io_context ioc;
  auto client = std::make_unique<HttpsClient>(ioc.get_executor(), local(server));
  std::vector<std::string> errors;
  for (int i = 0; i < 2; ++i) {
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
          auto out = co_await client->request(post("/x"));
          errors.push_back(error_of(out));
        },
        asio::detached);
  }
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer tick(ioc);
        while (server.seen().empty()) {  // the first request has reached the server and waits for its answer
          tick.expires_after(5ms);
          co_await tick.async_wait(use_tuple);
        }
        client.reset();
      },
      asio::detached);
  const auto start = std::chrono::steady_clock::now();
  ioc.run();

  CHECK(std::chrono::steady_clock::now() - start < 5s);  // long before the 10 s default timeout
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0], Catch::Contains("client destroyed"));
  CHECK_THAT(errors[1], Catch::Contains("client destroyed"));
}

TEST_CASE("A response larger than max_body is an error", "[net]") {
  TestServer server([](const Seen&) { return Answer{200, std::string(4096, 'x')}; });
  Client c(local(server), 1024);

  CHECK_THAT(error_of(c.send(post("/big"))), Catch::Contains("response too large"));
  CHECK(response_of(Client(local(server), 4096).send(post("/big"))).body.size() == 4096);
}

TEST_CASE("A 500 status is returned as a response and not as an error", "[net]") {
  TestServer server([](const Seen&) { return Answer{500, R"({"ok":false})"}; });
  Client c(local(server));

  const auto res = response_of(c.send(post("/x")));
  CHECK(res.status == 500);
  CHECK(res.body == R"({"ok":false})");
}

TEST_CASE("A refused connection is an error and not an exception", "[net]") {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  Client c("http://127.0.0.1:" + std::to_string(port));

  CHECK_THAT(error_of(c.send(post("/x"))), Catch::Contains("connecting failed"));
}

TEST_CASE("A request target that would break the HTTP framing is refused before sending", "[net]") {
  TestServer server(echo);
  Client c(local(server));

  CHECK_THAT(error_of(c.send(post("/x\r\nX-Injected: 1"))), Catch::Contains("invalid request target"));
  CHECK_THAT(error_of(c.send(post("no-slash"))), Catch::Contains("invalid request target"));
  CHECK(server.accepts() == 0);
}

TEST_CASE("Base URLs are checked at construction and plain http is only for loopback hosts", "[net]") {
  asio::io_context ioc;
  const auto make = [&](const char* url) { HttpsClient client(ioc.get_executor(), url); };

  SECTION("plain http to a host that is not loopback is rejected") {
    const char* url = GENERATE("http://api.telegram.org", "http://10.0.0.1:8080", "http://[::ffff:127.0.0.1]:80",
                               "http://localhost.example.com", "http://0.0.0.0:80");
    CAPTURE(url);
    CHECK_THROWS_AS(make(url), std::invalid_argument);
  }
  SECTION("plain http to a loopback host and https anywhere are accepted") {
    const char* url = GENERATE("http://127.0.0.1:8081", "http://127.8.9.10", "http://localhost:1", "http://[::1]:80",
                               "HTTP://LOCALHOST", "https://api.telegram.org", "https://api.telegram.org/",
                               "https://93.184.215.14:8443");
    CAPTURE(url);
    CHECK_NOTHROW(make(url));
  }
  SECTION("malformed base URLs are rejected") {
    const char* url = GENERATE("api.telegram.org", "ftp://api.telegram.org", "https://", "https://:443",
                               "https://api.telegram.org/bot1:x", "https://api.telegram.org:0",
                               "https://api.telegram.org:65536", "https://api.telegram.org:", "https://u@host",
                               "https://[::1", "https://::1", "https://host?x", "https://ho st");
    CAPTURE(url);
    CHECK_THROWS_AS(make(url), std::invalid_argument);
  }
  SECTION("the Host header leaves out the default port") {
    CHECK(HttpsClient(ioc.get_executor(), "https://API.telegram.org").host() == "api.telegram.org");
    CHECK(HttpsClient(ioc.get_executor(), "https://api.telegram.org:8443").host() == "api.telegram.org:8443");
    CHECK(HttpsClient(ioc.get_executor(), "http://[::1]:8080").host() == "[::1]:8080");
    CHECK(HttpsClient(ioc.get_executor(), "http://localhost:80").host() == "localhost");
  }
}

TEST_CASE("A self-signed certificate is refused with a verification error", "[net][tls]") {
  TestServer server(echo, /*tls=*/true);
  Client c(local(server, "https", "localhost"));

  const auto what = error_of(c.send(post("/x")));
  CHECK_THAT(what, Catch::Contains("certificate verify failed"));
  CHECK_THAT(what, Catch::Contains("self-signed certificate"));
  CHECK(server.seen().empty());
}

TEST_CASE("A trusted certificate completes a TLS round trip with keep-alive", "[net][tls]") {
  TestServer server(echo, /*tls=*/true);
  std::optional<Client> c;
  {
    TrustTestCertificate trust;
    c.emplace(local(server, "https", "localhost"));
  }

  CHECK(response_of(c->send(post("/a", "1"))).body == "echo:1");
  CHECK(response_of(c->send(post("/b", "2"))).body == "echo:2");
  CHECK(server.accepts() == 1);
  REQUIRE(server.seen().size() == 2);
  CHECK(server.seen()[0].host == "localhost:" + std::to_string(server.port()));
}

TEST_CASE("A trusted certificate for another host name is refused", "[net][tls]") {
  TestServer server(echo, /*tls=*/true);
  std::optional<Client> c;
  {
    TrustTestCertificate trust;
    c.emplace(local(server, "https", "127.0.0.1"));  // the certificate names localhost, not 127.0.0.1
  }

  const auto what = error_of(c->send(post("/x")));
  CHECK_THAT(what, Catch::Contains("certificate verify failed"));
  CHECK_THAT(what, Catch::Contains("IP address mismatch"));
  CHECK(server.seen().empty());
}
