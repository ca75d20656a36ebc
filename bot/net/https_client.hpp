// HttpsClient: an HTTP/1.1 client for one origin (scheme + host + port), over TLS, with one kept-alive connection.
// Made for the Telegram Bot API ("https://api.telegram.org"); knows nothing about Telegram. Plain "http://" is
// accepted only for loopback hosts (local test servers, a local Bot API server).
//
// Failures of the network or of the protocol (DNS, connect, TLS verification, timeout, malformed HTTP, a body over
// the limit) come back as HttpError values, never as exceptions. Any HTTP status, 4xx and 5xx included, is a
// response. TLS: 1.2 or newer, the system's trust store, SNI, and the certificate checked against the host name.
//
// Owner: one adapter component (e.g. the Telegram long poll, or its outbox sender: one client each, since requests on
// one client are serialized). Thread: the client is not locked. Construct it, call request() and destroy it on one
// strand, the one `ex` names (a strand, or an io_context run by one thread). Requests started while one is in flight
// wait their turn, in order. Destroying the client aborts an in-flight request (it ends with an HttpError) and fails
// the waiting ones; their coroutines keep the client's state alive until they finish.
//
// Logging: nothing is ever logged with the request target, which holds the bot token.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace fanbase::net {

struct HttpRequest {
  std::string method = "POST";
  std::string target;  // path + query, e.g. "/bot<token>/getUpdates"; a secret: never logged, never in errors
  std::string body;
  std::string content_type = "application/json";  // sent when the body is not empty
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (name, value); values may be secrets
  std::chrono::milliseconds timeout{10'000};      // the whole request() call: queueing, DNS, connect, TLS, I/O
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

// No response: DNS, connect, TLS verification, timeout, malformed HTTP, response over max_body. `what` is for logs:
// it names the host and the step, never the target.
struct HttpError {
  std::string what;
};

class HttpsClient {
 public:
  // base_url: "https://host[:port]" (default port 443) or "http://host[:port]" (default port 80) where host is a
  // loopback host (127.0.0.0/8, [::1], localhost). No path, query, fragment or user info. Anything else throws
  // std::invalid_argument. max_body bounds the response body; a bigger one is an HttpError "response too large".
  HttpsClient(boost::asio::any_io_executor ex, std::string base_url, std::size_t max_body = 8 << 20);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;
  HttpsClient(HttpsClient&&) = delete;
  HttpsClient& operator=(HttpsClient&&) = delete;

  // One request. Reuses the kept-alive connection when there is one; if the peer had closed it before any byte of
  // the response arrived, reconnects and sends once more (within the same timeout). Never throws for network faults.
  boost::asio::awaitable<std::variant<HttpResponse, HttpError>> request(HttpRequest req);

  // "host" or "host:port" as sent in the Host header: safe to log.
  const std::string& host() const noexcept;

  struct Impl;  // bot/net/https_client.cpp

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace fanbase::net
