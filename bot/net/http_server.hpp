// HttpServer: a small HTTP/1.1 server (plain, or HTTPS with TLS 1.2+) that hands each request to one coroutine
// handler. Made for inbound webhooks (Telegram's setWebhook); knows nothing about routes or platforms.
//
// Each connection is one coroutine on its own strand, kept alive across requests. Every read has a deadline
// (read_timeout), so a slow or idle peer is cut off; the header and the body have size limits, and a request over them
// is answered 431 / 413 and the connection closed without calling the handler. A malformed request gets 400 and the
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

struct ServerOptions {
  std::string listen = "127.0.0.1";                // address to bind
  unsigned short port = 0;                         // 0: any free port (see port())
  std::size_t max_body = 1 << 20;                  // bigger → 413 without calling the handler
  std::size_t max_header = 16 << 10;               // bigger → 431 without calling the handler
  std::chrono::milliseconds read_timeout{30'000};  // per read (and write): a slow or idle client is disconnected
  std::string tls_cert_file, tls_key_file;         // both set: HTTPS (TLS 1.2+); both empty: plain HTTP
  std::size_t max_connections = 1024;              // more are accepted and closed at once
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
