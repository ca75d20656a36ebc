#include "bot/net/http_server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include "base/log.hpp"

namespace fanbase::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view server_name = "fanbase";

// After an error response the rest of the request is read and dropped for a little while before closing, so that the
// client reads our response instead of a reset (closing with unread data sends RST).
constexpr auto linger_time = std::chrono::milliseconds(1000);
constexpr std::size_t linger_bytes = 1 << 20;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool header_safe(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); });
}

// One accepted connection. Shared by its coroutine and by stop(), which closes it on its strand.
struct Conn {
  Conn(std::uint64_t conn_id, asio::any_io_executor s) : id(conn_id), strand(std::move(s)) {}

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  void close() noexcept {
    error_code ec;
    tcp().socket().close(ec);
  }

  std::uint64_t id;
  asio::any_io_executor strand;
  std::string address;  // the peer's address (for the per-address limit)
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  // Written on `strand`, read by the acceptor when it needs a slot (hence atomic).
  std::atomic<bool> idle{false};     // waiting for the first byte of a request: stop() or a newcomer may close it
  std::atomic<bool> trusted{false};  // a request head has passed `authorize`
};

}  // namespace

// ----------------------------------------------------------------------------------------------------------- Impl

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::any_io_executor executor, ServerOptions o, Handler h)
      : ex(std::move(executor)),
        options(std::move(o)),
        handler(std::move(h)),
        acceptor_strand(asio::make_strand(ex)),
        acceptor(acceptor_strand) {}

  void forget(std::uint64_t id) {
    std::lock_guard lock(mutex);
    forget_locked(id);
  }
  // Frees a connection's slot (once: an evicted connection's coroutine calls this again when it ends).
  void forget_locked(std::uint64_t id) {
    const auto it = conns.find(id);
    if (it == conns.end()) return;
    const auto a = per_address.find(it->second->address);
    if (a != per_address.end() && --a->second == 0) per_address.erase(a);
    conns.erase(it);
  }
  // The connection whose slot a newcomer takes: the oldest not yet authenticated, else the oldest idle; from
  // `address` only when given. Its slot is freed here; the caller closes it on its strand. Null: none.
  std::shared_ptr<Conn> evict_locked(const std::string* address) {
    for (const bool untrusted_pass : {true, false}) {
      for (const auto& [id, conn] : conns) {  // ordered by id: oldest first
        if (address != nullptr && conn->address != *address) continue;
        if (untrusted_pass ? conn->trusted.load() : !conn->idle.load()) continue;
        auto victim = conn;
        forget_locked(id);
        return victim;
      }
    }
    return nullptr;
  }
  // On the acceptor strand only. One log line per interval however many connections were turned away meanwhile.
  void note_exhaustion(bool evicted) {
    ++(evicted ? exhausted_evicted : exhausted_refused);
    const auto now = std::chrono::steady_clock::now();
    if (last_exhaustion_log && now - *last_exhaustion_log < options.exhaustion_log_interval) return;
    log::warn("http.connections_exhausted", {{"evicted", std::to_string(exhausted_evicted)},
                                             {"refused", std::to_string(exhausted_refused)},
                                             {"max", std::to_string(options.max_connections)},
                                             {"max_per_address", std::to_string(options.max_connections_per_address)},
                                             {"interval_s", std::to_string(options.exhaustion_log_interval.count() / 1000)}});
    exhausted_evicted = exhausted_refused = 0;
    last_exhaustion_log = now;
  }

  // Runs `f(conn)` on each live connection's strand.
  template <class F>
  void for_each_conn(F f) {
    std::lock_guard lock(mutex);
    for (auto& [id, conn] : conns) asio::post(conn->strand, [conn = conn, f] { f(*conn); });
  }

  asio::any_io_executor ex;
  ServerOptions options;
  Handler handler;
  std::optional<ssl::context> tls_ctx;
  asio::any_io_executor acceptor_strand;
  tcp::acceptor acceptor;
  unsigned short bound_port = 0;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};

  std::mutex mutex;  // guards conns, per_address and next_id
  std::map<std::uint64_t, std::shared_ptr<Conn>> conns;  // by id: the oldest first
  std::unordered_map<std::string, std::size_t> per_address;
  std::uint64_t next_id = 1;
  // The acceptor strand's own: exhaustion since the last log line.
  std::uint64_t exhausted_evicted = 0, exhausted_refused = 0;
  std::optional<std::chrono::steady_clock::time_point> last_exhaustion_log;
};

namespace {

using Impl = HttpServer::Impl;

// ------------------------------------------------------------------------------------------------------ responses

http::response<http::string_body> make_response(unsigned status, unsigned version, std::string body,
                                                std::string_view content_type, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  res.set(http::field::server, server_name);
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.keep_alive(keep_alive);
  res.prepare_payload();  // Content-Length
  return res;
}

// The status for a request that could not be read, or 0 when there is nobody to answer (closed, timed out, reset).
unsigned error_status(error_code ec) {
  if (ec.category() != http::make_error_code(http::error::end_of_stream).category()) return 0;
  switch (static_cast<http::error>(ec.value())) {
    case http::error::end_of_stream:
    case http::error::partial_message:  // the peer went away mid-request
      return 0;
    case http::error::body_limit:
      return 413;
    case http::error::header_limit:
      return 431;
    default:
      return 400;
  }
}

std::string_view reason_text(unsigned status) {
  switch (status) {
    case 400: return "Bad Request\n";
    case 413: return "Payload Too Large\n";
    case 431: return "Request Header Fields Too Large\n";
    default: return "Internal Server Error\n";
  }
}

// Half-closes, drops what the client still sends (bounded in time and bytes), then closes.
asio::awaitable<void> linger_close(Conn& c) {
  error_code ec;
  c.tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> sink;
  std::size_t dropped = 0;
  c.tcp().expires_after(linger_time);
  while (!ec && dropped < linger_bytes) {
    auto [rec, n] = co_await c.tcp().async_read_some(asio::buffer(sink), use_tuple);
    ec = rec;
    dropped += n;
  }
  c.close();
}

ServerRequest to_request(http::request<http::string_body>& msg) {
  ServerRequest req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  req.body = std::move(msg.body());
  for (const auto& field : msg) req.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  return req;
}

// --------------------------------------------------------------------------------------------------- connection

// Serves requests on one connection until it closes. Returns with the socket possibly still open (the caller closes).
template <class Stream>
asio::awaitable<void> serve_requests(Impl& s, Conn& c, Stream& stream) {
  const auto timeout = s.options.read_timeout;
  beast::flat_buffer buffer;
  for (;;) {
    // Not yet authenticated: the deadline set at accept (header_timeout) covers everything up to the headers.
    const bool trusted = c.trusted;
    // Between requests: idle, so stop() may close the connection. The first byte ends the idle time.
    if (buffer.size() == 0) {
      c.idle = true;
      if (s.stopped) co_return;
      if (trusted) c.tcp().expires_after(timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
      c.idle = false;
      if (ec) co_return;  // closed, timed out, or closed by stop() or by a newcomer that needed the slot
      buffer.commit(n);
    }

    http::request_parser<http::string_body> parser;
    parser.body_limit(s.options.max_body);
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(s.options.max_header, std::numeric_limits<std::uint32_t>::max())));
    if (trusted) c.tcp().expires_after(std::min(s.options.header_timeout, timeout));
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    if (!ec && s.options.authorize) {
      // The secret (or whatever the owner checks) is looked at before a byte of the body is read.
      std::optional<ServerResponse> refusal;
      bool check_failed = false;
      try {
        ServerRequest head = to_request(parser.get());
        refusal = s.options.authorize(head);
      } catch (...) {
        check_failed = true;
      }
      if (check_failed) refusal = ServerResponse{500, std::string(reason_text(500)), "text/plain"};
      if (refusal) {
        if (refusal->status < 100 || refusal->status > 599 || !header_safe(refusal->content_type))
          refusal = ServerResponse{500, std::string(reason_text(500)), "text/plain"};
        auto res = make_response(static_cast<unsigned>(refusal->status), parser.get().version(),
                                 std::move(refusal->body), refusal->content_type, false);
        c.tcp().expires_after(timeout);
        auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
        if (!wec) co_await linger_close(c);
        co_return;
      }
    }
    if (!ec) c.trusted = true;
    if (!ec && !parser.is_done()) {
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        c.tcp().expires_after(timeout);
        std::tie(ec, n) = co_await http::async_write(stream, go_on, use_tuple);
        if (ec) co_return;
      }
      c.tcp().expires_after(timeout);
      std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_tuple);
    }
    if (ec) {
      const unsigned status = error_status(ec);
      if (status == 0) co_return;
      const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
      auto res = make_response(status, version, std::string(reason_text(status)), "text/plain", false);
      c.tcp().expires_after(timeout);
      auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
      if (!wec) co_await linger_close(c);
      co_return;
    }

    auto& msg = parser.get();
    const bool client_keep_alive = msg.keep_alive();
    const unsigned version = msg.version();
    ServerRequest req = to_request(msg);
    const std::string method = req.method;

    ServerResponse out;
    bool failed = false;
    try {
      out = co_await s.handler(std::move(req));
    } catch (...) {
      failed = true;  // no co_await in a handler: the 500 is built below
    }
    if (failed) {
      log::error("http.handler_failed", {{"conn", std::to_string(c.id)}, {"method", method}});
      out = ServerResponse{500, std::string(reason_text(500)), "text/plain"};
    } else if (out.status < 100 || out.status > 599 || !header_safe(out.content_type)) {
      log::error("http.bad_response", {{"conn", std::to_string(c.id)}, {"method", method},
                                       {"status", std::to_string(out.status)}});
      out = ServerResponse{500, std::string(reason_text(500)), "text/plain"};
    }

    const bool keep_alive = client_keep_alive && !s.stopped;
    auto res = make_response(static_cast<unsigned>(out.status), version, std::move(out.body), out.content_type,
                             keep_alive);
    c.tcp().expires_after(timeout);
    auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
    if (wec) co_return;
    if (!keep_alive) {
      error_code ignored;
      c.tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

asio::awaitable<void> run_connection(std::shared_ptr<Impl> self, std::shared_ptr<Conn> conn) {
  Impl& s = *self;
  Conn& c = *conn;
  try {
    c.tcp().expires_after(s.options.header_timeout);  // from accept to the first request's headers
    if (c.tls) {
      auto [ec] = co_await c.tls->async_handshake(ssl::stream_base::server, use_tuple);
      if (ec) log::debug("http.tls_handshake_failed", {{"conn", std::to_string(c.id)}, {"error", ec.message()}});
      else co_await serve_requests(s, c, *c.tls);
    } else {
      co_await serve_requests(s, c, *c.plain);
    }
  } catch (const std::exception& e) {
    log::error("http.connection_failed", {{"conn", std::to_string(c.id)}, {"error", e.what()}});
  }
  c.close();
  s.forget(c.id);
}

// ------------------------------------------------------------------------------------------------------ accepting

asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
  Impl& s = *self;
  for (;;) {
    auto strand = asio::make_strand(s.ex);
    auto [ec, socket] = co_await s.acceptor.async_accept(asio::any_io_executor(strand), use_tuple);
    if (s.stopped || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors, a connection reset before accept...: note it, breathe, go on.
      log::warn("http.accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(s.acceptor_strand, 100ms);
      co_await pause.async_wait(use_tuple);
      continue;
    }

    error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    const std::string address = peer_ec ? std::string("?") : peer.address().to_string();
    std::shared_ptr<Conn> conn, victim;
    bool exhausted = false;
    {
      std::lock_guard lock(s.mutex);
      const auto a = s.per_address.find(address);
      if (a != s.per_address.end() && a->second >= std::max<std::size_t>(s.options.max_connections_per_address, 1)) {
        exhausted = true;
        victim = s.evict_locked(&address);
      } else if (s.conns.size() >= std::max<std::size_t>(s.options.max_connections, 1)) {
        exhausted = true;
        victim = s.evict_locked(nullptr);
      }
      if (!exhausted || victim) {
        conn = std::make_shared<Conn>(s.next_id++, asio::any_io_executor(strand));
        conn->address = address;
        s.conns.emplace(conn->id, conn);
        ++s.per_address[address];
      }
    }
    if (victim) asio::post(victim->strand, [victim] { victim->close(); });
    if (exhausted) s.note_exhaustion(victim != nullptr);
    if (!conn) {
      error_code ignored;
      socket.close(ignored);
      continue;
    }
    if (s.tls_ctx) conn->tls.emplace(std::move(socket), *s.tls_ctx);
    else conn->plain.emplace(std::move(socket));
    asio::co_spawn(conn->strand, run_connection(self, conn), asio::detached);
  }
}

[[noreturn]] void listen_failed(error_code ec, const ServerOptions& o) {
  throw std::system_error(std::error_code(ec),
                          "HttpServer: cannot listen on " + o.listen + ":" + std::to_string(o.port));
}

}  // namespace

// ----------------------------------------------------------------------------------------------------- HttpServer

std::string ServerRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

HttpServer::HttpServer(asio::any_io_executor ex, ServerOptions options, Handler handler) {
  if (!handler) throw std::invalid_argument("HttpServer: empty handler");
  impl_ = std::make_shared<Impl>(std::move(ex), std::move(options), std::move(handler));
  Impl& s = *impl_;
  const ServerOptions& o = s.options;

  if (o.tls_cert_file.empty() != o.tls_key_file.empty())
    throw std::runtime_error("HttpServer: TLS needs both tls_cert_file and tls_key_file");
  if (!o.tls_cert_file.empty()) {
    s.tls_ctx.emplace(ssl::context::tls_server);
    SSL_CTX_set_min_proto_version(s.tls_ctx->native_handle(), TLS1_2_VERSION);
    s.tls_ctx->set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);
    error_code ec;
    s.tls_ctx->use_certificate_chain_file(o.tls_cert_file, ec);
    if (ec) throw std::runtime_error("HttpServer: cannot load the TLS certificate " + o.tls_cert_file);
    s.tls_ctx->use_private_key_file(o.tls_key_file, ssl::context::pem, ec);
    if (ec) throw std::runtime_error("HttpServer: cannot load the TLS key " + o.tls_key_file);
    if (SSL_CTX_check_private_key(s.tls_ctx->native_handle()) != 1)
      throw std::runtime_error("HttpServer: the TLS key does not match the certificate");
  }

  error_code ec;
  const auto address = asio::ip::make_address(o.listen, ec);
  if (ec) listen_failed(ec, o);
  const tcp::endpoint endpoint(address, o.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) listen_failed(ec, o);
  s.bound_port = s.acceptor.local_endpoint().port();
}

HttpServer::~HttpServer() {
  stop();
  impl_->for_each_conn([](Conn& c) { c.close(); });
}

unsigned short HttpServer::port() const { return impl_->bound_port; }

void HttpServer::start() {
  if (impl_->stopped || impl_->started.exchange(true)) return;
  asio::co_spawn(impl_->acceptor_strand, accept_loop(impl_), asio::detached);
}

void HttpServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::post(impl_->acceptor_strand, [self = impl_] {
    error_code ignored;
    self->acceptor.close(ignored);
  });
  // A connection becoming idle after this sees `stopped` itself; one idle already is closed here, on its strand.
  impl_->for_each_conn([](Conn& c) {
    if (c.idle) c.close();
  });
}

}  // namespace fanbase::net
