// HttpServer: a small HTTP/1.1 server (plain, or HTTPS with TLS 1.2+) that hands each request to one coroutine
// handler. Made for inbound webhooks (Telegram's setWebhook); knows nothing about routes or platforms.
//
// Each connection is one coroutine on its own strand, kept alive across requests. Every read has a deadline
// (read_timeout), so a slow or idle peer is cut off; the header and the body have size limits, and a request over them
// is answered 431 / 413 and the connection closed without calling the handler. ServerOptions::authorize checks each
// request's head before its body is read; the slot limits and the header deadline keep unauthenticated peers from
// holding the server (see ServerOptions). A malformed request gets 400 and the
// connection is closed. A handler that throws gets its client a 500. Responses always carry Content-Length and
// `Server: fanbase`.
//
// Thread: construct, start() and destroy on any thread while the io_context lives; stop() from any thread. The
// handler runs on the connection's strand: handlers of different connections may run at the same time when the
// io_context has several threads.
// Lifetime: stop() lets a request in progress finish (its response says Connection: close). Destroying the server
// stops it and also closes busy connections; a handler still running keeps going, so whatever it captures must
// outlive it (in practice: destroy the server, then stop and join the io_context, then destroy the handler's state).
//
// Logging: the request target and body are never logged (a webhook path may hold a secret).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace fanbase::net {

struct ServerRequest {
  std::string method;  // "POST"
  std::string target;  // "/telegram/webhook?x=1": a secret, never logged
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in the order received
  // The first header of that name ("" when absent). The name must be lower case.
  std::string header(std::string_view lower_name) const;
};

struct ServerResponse {
  int status = 200;  // 100..599; anything else becomes a 500
  std::string body;
  std::string content_type = "text/plain";
};

using Handler = std::function<boost::asio::awaitable<ServerResponse>(ServerRequest)>;
// Called on the connection's strand as soon as a request's line and headers are in, before its body is read
// (ServerRequest::body is empty): nullopt lets the request go on to the handler; a response is sent at once, the
// body is not read and the connection is closed. Must not throw (a throw counts as a 500).
using HeadCheck = std::function<std::optional<ServerResponse>(const ServerRequest&)>;

// Telegram opens at most setWebhook's max_connections (default 40, at most 100) from a handful of addresses.
inline constexpr std::size_t default_max_connections_per_address = 64;

struct ServerOptions {
  std::string listen = "127.0.0.1";                // address to bind
  unsigned short port = 0;                         // 0: any free port (see port())
  std::size_t max_body = 1 << 20;                  // bigger → 413 without calling the handler
  std::size_t max_header = 16 << 10;               // bigger → 431 without calling the handler
  std::chrono::milliseconds read_timeout{30'000};  // per read (and write): a slow or idle client is disconnected
  std::string tls_cert_file, tls_key_file;         // both set: HTTPS (TLS 1.2+); both empty: plain HTTP
  // Slots: at most max_connections at once, at most max_connections_per_address from one source address (loopback
  // counts like any other). A new connection over either limit takes the slot of the oldest connection that has not
  // been authenticated yet (no request head has passed `authorize`), else of the oldest idle one (waiting between
  // requests), from the same address when that address is the limit; when there is none it is closed at once. Such
  // exhaustion is logged at most once per exhaustion_log_interval (http.connections_exhausted, with counts).
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = default_max_connections_per_address;
  // Until its first request head has passed, a connection has header_timeout from accept for the TLS handshake,
  // the request line and the headers (a peer holding a slot without a word is cut off quickly); an authenticated
  // connection gets header_timeout for each later head, counted from its first byte.
  std::chrono::milliseconds header_timeout{5'000};
  std::chrono::milliseconds exhaustion_log_interval{60'000};
  HeadCheck authorize;  // empty: every head passes
};

class HttpServer {
 public:
  // Binds and listens at construction: throws std::system_error when the address is bad or cannot be bound (port in
  // use), std::runtime_error when the TLS files cannot be loaded or only one of them is given, std::invalid_argument
  // for an empty handler. ex: the io_context's executor (each connection runs on its own strand made from it).
  HttpServer(boost::asio::any_io_executor ex, ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  HttpServer(HttpServer&&) = delete;
  HttpServer& operator=(HttpServer&&) = delete;

  // The bound port (the chosen one when options.port was 0). Stays the same after stop().
  unsigned short port() const;
  // Begins accepting. Once; does nothing after stop().
  void start();
  // Stops accepting (new connections are refused) and closes idle keep-alive connections; requests in progress
  // finish and then their connections close. Idempotent; any thread.
  void stop();

  struct Impl;  // bot/net/http_server.cpp

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace fanbase::net
