#include "bot/net/https_client.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "base/log.hpp"

namespace fanbase::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;
using Outcome = std::variant<HttpResponse, HttpError>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view user_agent = "fanbase/0.1";

// ------------------------------------------------------------------------------------------------------- base_url

struct Origin {
  bool tls = true;
  std::string host;         // lower case; an IPv6 literal without brackets
  std::string port;         // decimal
  std::string host_header;  // host[:port] as the Host header wants it
  bool ip_literal = false;  // no SNI for addresses (RFC 6066 section 3)
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();  // v4: 127.0.0.0/8; v6: ::1
}

// The message never repeats the URL: a caller who pasted a whole method URL would leak the token into a log.
[[noreturn]] void bad_url(std::string_view why) {
  throw std::invalid_argument("HttpsClient: base_url " + std::string(why));
}

Origin parse_origin(std::string_view url) {
  Origin o;
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) bad_url("needs a scheme: https:// or http://");
  const std::string scheme = lower(url.substr(0, sep));
  if (scheme == "https") o.tls = true;
  else if (scheme == "http") o.tls = false;
  else bad_url("has an unknown scheme (https:// or http:// expected)");

  std::string_view rest = url.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@\\ ") != std::string_view::npos) bad_url("may hold only a scheme, a host and a port");

  std::string_view host;
  std::string_view port;
  bool has_port = false;
  bool bracketed = false;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) bad_url("has an unclosed '['");
    host = rest.substr(1, close - 1);
    bracketed = true;
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') bad_url("has text after ']'");
      port = after.substr(1);
      has_port = true;
    }
  } else {
    const auto colon = rest.find(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = rest.substr(colon + 1);
      has_port = true;
    }
  }
  if (host.empty()) bad_url("has no host");
  o.host = lower(host);

  error_code ec;
  const auto address = asio::ip::make_address(o.host, ec);
  o.ip_literal = !ec;
  if (bracketed && !(o.ip_literal && address.is_v6())) bad_url("has something other than an IPv6 address in []");
  if (!bracketed) {
    if (o.ip_literal && address.is_v6()) bad_url("needs [] around an IPv6 address");
    const bool name_chars = std::all_of(o.host.begin(), o.host.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '-' || c == '.';
    });
    if (!name_chars) bad_url("has a host with characters a host name cannot hold");
  }

  const std::string_view default_port = o.tls ? "443" : "80";
  if (has_port) {
    const bool digits = !port.empty() && port.size() <= 5 &&
                        std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits || std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
      bad_url("has a port outside 1..65535");
    o.port = std::to_string(std::stoi(std::string(port)));  // "0443" → "443"
  } else {
    o.port = default_port;
  }

  if (!o.tls && !is_loopback_host(o.host))
    bad_url("may use http:// only for a loopback host (127.0.0.0/8, [::1], localhost); use https://");

  o.host_header = bracketed ? "[" + o.host + "]" : o.host;
  if (o.port != default_port) o.host_header += ":" + o.port;
  return o;
}

// A request field that would break the framing (CR, LF, spaces in the target) is refused before anything is sent.
std::optional<std::string> invalid_request(const HttpRequest& req) {
  const auto visible = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
  };
  const bool token = !req.method.empty() && std::all_of(req.method.begin(), req.method.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
  if (!token) return "invalid method";
  if (req.target.empty() || req.target.front() != '/' || !visible(req.target)) return "invalid request target";
  const bool header_safe = std::all_of(req.content_type.begin(), req.content_type.end(), [](unsigned char c) {
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
  if (!header_safe) return "invalid content type";
  for (const auto& [name, value] : req.headers) {
    const bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '-' || c == '_';
    });
    const bool value_ok = std::all_of(value.begin(), value.end(), [](unsigned char c) {
      return c == '\t' || (c >= 0x20 && c != 0x7f);
    });
    if (!name_ok || !value_ok) return "invalid header";
  }
  if (req.timeout <= std::chrono::milliseconds::zero()) return "timeout must be positive";
  return std::nullopt;
}

// Hostname verification is asio's host_name_verification; this wrapper only records why it refused, so that the
// handshake error says "hostname mismatch" instead of OpenSSL's "unspecified certificate verification error".
struct VerifyHost {
  ssl::host_name_verification check;
  bool ip_literal;
  bool operator()(bool preverified, ssl::verify_context& ctx) const {
    const bool ok = check(preverified, ctx);
    if (!ok && preverified)
      X509_STORE_CTX_set_error(ctx.native_handle(),
                               ip_literal ? X509_V_ERR_IP_ADDRESS_MISMATCH : X509_V_ERR_HOSTNAME_MISMATCH);
    return ok;
  }
};

}  // namespace

// ----------------------------------------------------------------------------------------------------------- Impl

struct HttpsClient::Impl {
  class Turn;

  Impl(asio::any_io_executor executor, Origin o, std::size_t limit)
      : ex(std::move(executor)), origin(std::move(o)), max_body(limit) {
    if (origin.tls) {
      tls_ctx.emplace(ssl::context::tls_client);
      SSL_CTX_set_min_proto_version(tls_ctx->native_handle(), TLS1_2_VERSION);
      tls_ctx->set_default_verify_paths();  // the system trust store (SSL_CERT_FILE / SSL_CERT_DIR honoured)
      tls_ctx->set_verify_mode(ssl::verify_peer);
    }
  }

  // Closes the socket. The stream objects stay: an operation still in flight completes on them with an error.
  void close_connection() noexcept {
    connected = false;
    if (tls_stream) beast::get_lowest_layer(*tls_stream).close();
    if (plain_stream) plain_stream->close();
  }

  beast::tcp_stream& tcp() { return origin.tls ? beast::get_lowest_layer(*tls_stream) : *plain_stream; }

  void pass_turn();
  void shut_down();

  asio::any_io_executor ex;
  Origin origin;
  std::size_t max_body;
  std::optional<ssl::context> tls_ctx;

  // The connection: tls_stream for https, plain_stream for http. Replaced (not reused) on each connect.
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream;
  std::optional<beast::tcp_stream> plain_stream;
  beast::flat_buffer buffer;
  bool connected = false;

  // One request at a time: `busy` while a Turn holds the connection; the others wait in order.
  bool busy = false;
  bool closed = false;  // the HttpsClient is gone
  std::deque<Turn*> waiters;
};

// A request's place in the queue. Destroying it passes the connection to the next waiter.
class HttpsClient::Impl::Turn {
 public:
  Turn(Impl& impl, Clock::time_point deadline) : impl_(impl), timer_(impl.ex, deadline) {}
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  ~Turn() {
    if (holds_) impl_.pass_turn();
    else std::erase(impl_.waiters, this);
  }

  // nullopt: this request now owns the connection. Otherwise why it gave up waiting.
  asio::awaitable<std::optional<std::string>> acquire(std::chrono::milliseconds timeout) {
    if (!impl_.busy) {
      impl_.busy = holds_ = true;
      co_return std::nullopt;
    }
    impl_.waiters.push_back(this);
    auto [ec] = co_await timer_.async_wait(use_tuple);
    if (holds_) co_return std::nullopt;
    std::erase(impl_.waiters, this);
    if (impl_.closed) co_return "client destroyed";
    if (ec) co_return "cancelled";
    co_return "timeout after " + std::to_string(timeout.count()) + " ms while waiting for an earlier request";
  }

  void grant() {
    holds_ = true;
    timer_.cancel();
  }
  void refuse() { timer_.cancel(); }

 private:
  Impl& impl_;
  asio::steady_timer timer_;
  bool holds_ = false;
};

void HttpsClient::Impl::pass_turn() {
  if (waiters.empty()) {
    busy = false;
    return;
  }
  Turn* next = waiters.front();
  waiters.pop_front();
  next->grant();
}

void HttpsClient::Impl::shut_down() {
  closed = true;
  close_connection();
  for (Turn* t : waiters) t->refuse();
  waiters.clear();  // nobody is granted the connection any more
}

namespace {

using Impl = HttpsClient::Impl;

// What a failed step turns into. `step` reads after "while": "connecting", "reading the response".
std::string describe(const Impl& s, error_code ec, std::string_view step, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout)
    return "timeout after " + std::to_string(timeout.count()) + " ms while " + std::string(step);
  if (ec == asio::error::operation_aborted) return s.closed ? "client destroyed" : "cancelled";
  if (ec == http::error::body_limit) return "response too large (over " + std::to_string(s.max_body) + " bytes)";
  return std::string(step) + " failed: " + ec.message();
}

// ------------------------------------------------------------------------------------------------------ resolving

// getaddrinfo cannot be cancelled once it runs, so the lookup runs as its own coroutine and we wait for it or for
// the deadline, whichever comes first; a late lookup finishes into this shared state and is dropped.
struct Lookup {
  explicit Lookup(const asio::any_io_executor& ex) : done(ex) {}
  asio::steady_timer done;
  error_code ec;
  tcp::resolver::results_type results;
  bool finished = false;
};

asio::awaitable<void> run_lookup(std::shared_ptr<Lookup> lookup, std::string host, std::string port) {
  tcp::resolver resolver(lookup->done.get_executor());
  auto [ec, results] = co_await resolver.async_resolve(host, port, use_tuple);
  lookup->ec = ec;
  lookup->results = std::move(results);
  lookup->finished = true;
  lookup->done.cancel();
}

// ----------------------------------------------------------------------------------------------------- connecting

std::string tls_failure(beast::ssl_stream<beast::tcp_stream>& stream, error_code ec) {
  std::string text = "TLS handshake failed: " + ec.message();
  const long verify = SSL_get_verify_result(stream.native_handle());
  if (verify != X509_V_OK) text += " (" + std::string(X509_verify_cert_error_string(verify)) + ")";
  return text;
}

// nullopt when connected (TCP, and TLS for https); otherwise why not.
asio::awaitable<std::optional<std::string>> connect(Impl& s, Clock::time_point deadline,
                                                    std::chrono::milliseconds timeout) {
  auto lookup = std::make_shared<Lookup>(s.ex);
  lookup->done.expires_at(deadline);
  asio::co_spawn(s.ex, run_lookup(lookup, s.origin.host, s.origin.port), asio::detached);
  error_code wait_ec;
  if (!lookup->finished) std::tie(wait_ec) = co_await lookup->done.async_wait(use_tuple);
  if (s.closed) co_return "client destroyed";
  if (!lookup->finished)
    co_return describe(s, wait_ec ? error_code(asio::error::operation_aborted) : error_code(beast::error::timeout),
                       "resolving the host", timeout);
  if (lookup->ec) co_return describe(s, lookup->ec, "resolving the host", timeout);

  s.buffer.consume(s.buffer.size());
  if (s.origin.tls) {
    s.tls_stream.emplace(s.ex, *s.tls_ctx);
    if (!s.origin.ip_literal && SSL_set_tlsext_host_name(s.tls_stream->native_handle(), s.origin.host.c_str()) != 1)
      co_return "TLS setup failed: cannot set the server name";
    s.tls_stream->set_verify_callback(VerifyHost{ssl::host_name_verification(s.origin.host), s.origin.ip_literal});
  } else {
    s.plain_stream.emplace(s.ex);
  }

  s.tcp().expires_at(deadline);
  auto [connect_ec, endpoint] = co_await s.tcp().async_connect(lookup->results, use_tuple);
  if (connect_ec) co_return describe(s, connect_ec, "connecting", timeout);

  if (s.origin.tls) {
    s.tcp().expires_at(deadline);
    auto [hs_ec] = co_await s.tls_stream->async_handshake(ssl::stream_base::client, use_tuple);
    if (hs_ec) {
      s.close_connection();
      if (hs_ec == beast::error::timeout || hs_ec == asio::error::operation_aborted)
        co_return describe(s, hs_ec, "in the TLS handshake", timeout);
      co_return tls_failure(*s.tls_stream, hs_ec);
    }
  }
  s.connected = true;
  co_return std::nullopt;
}

// ------------------------------------------------------------------------------------------------------- exchange

struct Exchanged {
  std::optional<HttpResponse> response;
  error_code ec;
  std::string_view step;
  bool nothing_received = false;  // failed before any byte of a response: safe to resend on a fresh connection
};

template <class Stream>
asio::awaitable<Exchanged> exchange(Impl& s, Stream& stream, const http::request<http::string_body>& msg,
                                    Clock::time_point deadline, bool head) {
  s.tcp().expires_at(deadline);
  auto [write_ec, written] = co_await http::async_write(stream, msg, use_tuple);
  if (write_ec) {
    s.close_connection();
    co_return Exchanged{std::nullopt, write_ec, "sending the request", true};
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(s.max_body);
  parser.skip(head);
  s.tcp().expires_at(deadline);
  auto [read_ec, read] = co_await http::async_read(stream, s.buffer, parser, use_tuple);
  if (read_ec == ssl::error::stream_truncated && parser.is_header_done() && parser.need_eof()) {
    // A body delimited by the end of the connection, closed without TLS close_notify: the end is the end.
    read_ec = {};
    parser.put_eof(read_ec);
  }
  if (read_ec) {
    const bool nothing = !parser.got_some() && s.buffer.size() == 0;
    s.close_connection();
    co_return Exchanged{std::nullopt, read_ec, "reading the response", nothing};
  }
  const bool keep_alive = parser.get().keep_alive() && !parser.need_eof();
  auto res = parser.release();
  if (!keep_alive) s.close_connection();
  co_return Exchanged{HttpResponse{static_cast<int>(res.result_int()), std::move(res.body())}, {}, {}, false};
}

// ------------------------------------------------------------------------------------------------------- request

asio::awaitable<Outcome> run_request(std::shared_ptr<Impl> self, HttpRequest req) {
  Impl& s = *self;
  const auto deadline = Clock::now() + req.timeout;
  const auto fail = [&](std::string text) { return HttpError{req.method + " " + s.origin.host_header + ": " + text}; };

  if (auto invalid = invalid_request(req)) co_return fail(*invalid);
  if (s.closed) co_return fail("client destroyed");
  Impl::Turn turn(s, deadline);
  const auto refused = co_await turn.acquire(req.timeout);
  if (refused) co_return fail(*refused);

  http::request<http::string_body> msg;
  msg.version(11);
  msg.method_string(req.method);
  msg.target(req.target);
  msg.set(http::field::host, s.origin.host_header);
  msg.set(http::field::user_agent, user_agent);
  if (!req.body.empty()) msg.set(http::field::content_type, req.content_type);
  for (const auto& [name, value] : req.headers) msg.set(name, value);
  msg.body() = std::move(req.body);
  msg.prepare_payload();
  const bool head = req.method == "HEAD";

  for (bool first = true;; first = false) {
    if (s.closed) co_return fail("client destroyed");
    const bool reused = s.connected;
    if (!reused) {
      const auto not_connected = co_await connect(s, deadline, req.timeout);
      if (not_connected) co_return fail(*not_connected);
    }
    // Not `x = tls ? co_await a : co_await b;`: g++ 12 destroys the result of a co_await in ?: twice (double free).
    Exchanged ex;
    if (s.origin.tls) ex = co_await exchange(s, *s.tls_stream, msg, deadline, head);
    else ex = co_await exchange(s, *s.plain_stream, msg, deadline, head);
    if (ex.response) co_return std::move(*ex.response);
    const bool stale = reused && first && ex.nothing_received && !s.closed && ex.ec != beast::error::timeout &&
                       ex.ec != asio::error::operation_aborted;
    if (stale) {
      log::debug("net.reconnect", {{"host", s.origin.host_header}, {"method", req.method}});
      continue;
    }
    co_return fail(describe(s, ex.ec, ex.step, req.timeout));
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------- HttpsClient

HttpsClient::HttpsClient(asio::any_io_executor ex, std::string base_url, std::size_t max_body)
    : impl_(std::make_shared<Impl>(std::move(ex), parse_origin(base_url), max_body)) {}

HttpsClient::~HttpsClient() { impl_->shut_down(); }

asio::awaitable<Outcome> HttpsClient::request(HttpRequest req) { return run_request(impl_, std::move(req)); }

const std::string& HttpsClient::host() const noexcept { return impl_->origin.host_header; }

}  // namespace fanbase::net
