#include <utility>  // before Boost.Asio on gcc 12

#include "api/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/log.hpp"

namespace wp::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class Server {
 public:
  Server(Api& api, const ServerOptions& options)
      : api_(api), options_(options), ioc_(std::max(1, options.threads)) {}

  core::Status Run() {
    max_total_ = options_.max_connections;
    if (max_total_ <= 0) {
      // The descriptors this process may open, less some for the database, logs and files.
      rlimit rl{};
      rlim_t n = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur : 1024;
      if (n == RLIM_INFINITY || n > 100000) n = 100000;
      max_total_ = std::max(16, static_cast<int>(n - std::max<rlim_t>(128, n / 8)));
    }
    tcp::acceptor acceptor(ioc_);
    WP_RETURN_IF_ERROR(Open(acceptor, options_.address, options_.port));
    tcp::acceptor metrics(ioc_);
    if (!options_.metrics_address.empty()) {
      WP_RETURN_IF_ERROR(Open(metrics, options_.metrics_address, options_.metrics_port));
    }

    net::signal_set signals(ioc_, SIGINT, SIGTERM);
    net::steady_timer drain(ioc_);
    signals.async_wait([&](const beast::error_code& e, int) {
      if (e) return;
      stopping_ = true;
      beast::error_code ignored;
      acceptor.close(ignored);
      metrics.close(ignored);
      deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
      Drain(drain);
    });
    // The stop signals are taken before the banner: whoever starts the server on the banner
    // (a test, a supervisor) may send SIGTERM at once and must get the orderly stop.
    if (options_.on_listening) {
      options_.on_listening(options_.address, acceptor.local_endpoint().port());
    }
    if (metrics.is_open() && options_.on_metrics_listening) {
      options_.on_metrics_listening(options_.metrics_address, metrics.local_endpoint().port());
    }
    net::co_spawn(ioc_, Listen(acceptor, false), net::detached);
    if (metrics.is_open()) net::co_spawn(ioc_, Listen(metrics, true), net::detached);

    std::vector<std::thread> threads;
    for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    return {};
  }

 private:
  core::Status Open(tcp::acceptor& acceptor, const std::string& host, unsigned short port) {
    beast::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_listen_address",
                        "Địa chỉ lắng nghe không hợp lệ: \"" + host + "\"");
    }
    tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return core::Fail(
          core::ErrorCode::kUnavailable, "listen_failed",
          "Không mở được cổng " + host + ":" + std::to_string(port) + " (" + ec.message() + ")");
    }
    return {};
  }

  // After a stop signal: wait until no request is being answered (or the grace period ends),
  // then stop; connections idle between requests are simply closed.
  void Drain(net::steady_timer& timer) {
    if (active_ == 0 || std::chrono::steady_clock::now() >= deadline_) {
      ioc_.stop();
      return;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    timer.async_wait([this, &timer](const beast::error_code&) { Drain(timer); });
  }

  // A connection as the caps see it.
  struct Conn {
    std::string client;
    tcp::socket* socket = nullptr;  // while its session runs; touched only on its strand
    net::any_io_executor executor;  // its strand
    bool idle = true;               // waiting for a request (under mu_)
    bool open = true;               // still counted (under mu_)
    std::list<std::shared_ptr<Conn>>::iterator pos;
  };

  // The connection ended (by the client, a timeout, or closed to make room): nothing to answer.
  static bool Closed(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == beast::error::timeout ||
           ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::operation_aborted || ec == net::error::bad_descriptor ||
           ec == http::error::partial_message;
  }

  static bool OutOfDescriptors(const beast::error_code& ec) {
    return ec == net::error::no_descriptors || ec.value() == ENFILE || ec.value() == ENOBUFS ||
           ec.value() == ENOMEM;
  }

  // `metrics_only`: the metrics address (Api::HandleMetrics).
  net::awaitable<void> Listen(tcp::acceptor& acceptor, bool metrics_only) {
    using std::chrono::milliseconds;
    using Clock = std::chrono::steady_clock;
    constexpr auto kQuiet = std::chrono::seconds(5);  // without a failure: the burst is over
    net::steady_timer pause(acceptor.get_executor());
    milliseconds backoff{0};
    uint64_t failures = 0;  // in the current burst
    Clock::time_point last_failure{};
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(
          net::make_strand(ioc_), net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        if (stopping_ || ec == net::error::operation_aborted) co_return;
        if (OutOfDescriptors(ec)) {
          // Out of descriptors: the pending connection stays in the backlog and every accept
          // would fail at once. Close the oldest idle connection and wait a moment for its
          // descriptor; with none to close, pause 100 ms, doubling to 1 s, instead of
          // spinning. One warning for the whole burst.
          api_.CountAcceptError();
          const auto now = Clock::now();
          if (failures == 0 || now - last_failure > kQuiet) {
            Log(spdlog::level::warn, "accept_paused",
                {{"error", ec.message()}, {"open", std::to_string(OpenCount()), true}});
            failures = 0;
            backoff = milliseconds(0);
          }
          ++failures;
          last_failure = now;
          if (EvictIdle()) {
            pause.expires_after(milliseconds(5));
          } else {
            backoff = std::clamp(backoff * 2, milliseconds(100), milliseconds(1000));
            pause.expires_after(backoff);
          }
          co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
        }
        continue;  // a failed accept must not stop the server
      }
      if (failures > 0 && Clock::now() - last_failure > kQuiet) {
        Log(spdlog::level::warn, "accept_resumed",
            {{"failed_accepts", std::to_string(failures), true}});
        failures = 0;
      }
      auto conn = Register(socket);
      if (!conn) {
        socket.close(ec);
        continue;
      }
      auto executor = socket.get_executor();
      net::co_spawn(executor, Session(std::move(socket), std::move(conn), metrics_only),
                    net::detached);
    }
  }

  size_t OpenCount() {
    std::lock_guard lock(mu_);
    return conns_.size();
  }

  // Counts a new connection in, or null when it is to be closed at once: its address is at its
  // cap, or all are at the total cap and none is idle (else the oldest idle one is closed).
  std::shared_ptr<Conn> Register(tcp::socket& socket) {
    beast::error_code ec;
    std::string client = socket.remote_endpoint(ec).address().to_string();
    std::shared_ptr<Conn> victim;
    auto conn = std::make_shared<Conn>();
    conn->client = client;
    conn->executor = socket.get_executor();
    {
      std::lock_guard lock(mu_);
      auto it = per_client_.find(client);
      if (options_.max_connections_per_client > 0 && it != per_client_.end() &&
          it->second >= options_.max_connections_per_client) {
        api_.CountConnection("per_client");
        return nullptr;
      }
      if (static_cast<int>(conns_.size()) >= max_total_) {
        victim = OldestIdle();
        if (!victim) {
          api_.CountConnection("total");
          return nullptr;
        }
        Unregister(*victim);
      }
      conn->pos = conns_.insert(conns_.end(), conn);
      ++per_client_[client];
      api_.SetOpenConnections(static_cast<int64_t>(conns_.size()));
    }
    api_.CountConnection("accepted");
    if (victim) Close(victim);
    return conn;
  }

  // Under mu_.
  std::shared_ptr<Conn> OldestIdle() {
    for (const auto& c : conns_) {
      if (c->idle) return c;
    }
    return nullptr;
  }

  // Under mu_.
  void Unregister(Conn& c) {
    if (!c.open) return;
    c.open = false;
    conns_.erase(c.pos);
    if (auto it = per_client_.find(c.client); it != per_client_.end() && --it->second <= 0) {
      per_client_.erase(it);
    }
    api_.SetOpenConnections(static_cast<int64_t>(conns_.size()));
  }

  void Release(const std::shared_ptr<Conn>& c) {
    std::lock_guard lock(mu_);
    Unregister(*c);
  }

  // Closes an idle connection to make room; its session then ends.
  void Close(const std::shared_ptr<Conn>& victim) {
    api_.CountConnection("evicted");
    net::post(victim->executor, [victim] {
      if (victim->socket == nullptr) return;
      beast::error_code ignored;
      victim->socket->shutdown(tcp::socket::shutdown_both, ignored);
      victim->socket->close(ignored);
    });
  }

  // False when no connection is idle.
  bool EvictIdle() {
    std::shared_ptr<Conn> victim;
    {
      std::lock_guard lock(mu_);
      victim = OldestIdle();
      if (victim) Unregister(*victim);
    }
    if (!victim) return false;
    Close(victim);
    return true;
  }

  // False when the connection was closed to make room meanwhile.
  bool SetIdle(Conn& c, bool idle) {
    std::lock_guard lock(mu_);
    c.idle = idle;
    return c.open;
  }

  static std::string Lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  // `req` holds what was read of the request: its method and headers when they were.
  net::awaitable<void> Reject(beast::tcp_stream& stream, http::status status,
                              const core::Error& error, const Request& req = {}) {
    Response out = api_.Rejected(static_cast<int>(status), error, req);
    http::response<http::string_body> res{status, 11};
    res.set(http::field::server, "workplan");
    res.set(http::field::content_type, out.content_type);
    for (const auto& [k, v] : out.headers) res.insert(k, v);
    res.keep_alive(false);
    res.body() = std::move(out.body);
    res.prepare_payload();
    beast::error_code ec;
    stream.expires_after(options_.read_timeout);
    co_await http::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    // Lingering close: read and drop what the client is still sending (bounded in bytes and
    // time), so it can finish its upload and read the answer instead of a reset connection.
    std::array<char, 64 * 1024> sink;
    size_t dropped = 0;
    stream.expires_after(options_.read_timeout);
    while (!ec && dropped < 4 * options_.body_limit) {
      dropped += co_await stream.async_read_some(net::buffer(sink),
                                                 net::redirect_error(net::use_awaitable, ec));
    }
  }

  net::awaitable<void> Session(tcp::socket socket, std::shared_ptr<Conn> conn, bool metrics_only) {
    beast::tcp_stream stream(std::move(socket));
    conn->socket = &stream.socket();
    struct Done {
      Server* server;
      std::shared_ptr<Conn>& conn;
      ~Done() {
        conn->socket = nullptr;
        server->Release(conn);
      }
    } done{this, conn};
    beast::flat_buffer buffer;
    beast::error_code ec;
    const std::string& client = conn->client;
    bool first = true;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.body_limit);
      parser.header_limit(32 * 1024);
      // The first request's header has header_timeout: a connection that sends nothing (or a
      // header a byte at a time) is closed; a kept-alive one waits idle_timeout for the next.
      stream.expires_after(first ? options_.header_timeout : options_.idle_timeout);
      first = false;
      co_await http::async_read_header(stream, buffer, parser,
                                       net::redirect_error(net::use_awaitable, ec));
      if (!ec && !SetIdle(*conn, false)) break;  // closed to make room meanwhile
      if (ec == http::error::body_limit) {
        co_await TooLarge(stream, parser.get(), options_.body_limit);
        co_return;
      }
      if (Closed(ec)) break;
      if (ec) {
        co_await Reject(stream, http::status::bad_request,
                        core::MakeError(core::ErrorCode::kInvalidArgument, "bad_http",
                                        "Yêu cầu HTTP không hợp lệ"));
        co_return;
      }
      auto& msg = parser.get();
      Request req;
      req.method = std::string(msg.method_string());
      req.target = std::string(msg.target());
      req.client = client;
      if (!ParseTarget(req.target, req.path, req.query)) {
        co_await Reject(stream, http::status::bad_request,
                        core::MakeError(core::ErrorCode::kInvalidArgument, "bad_target",
                                        "Địa chỉ yêu cầu không hợp lệ"),
                        req);
        co_return;
      }
      // RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host, an HTTP/1.0 one at most; a
      // server answers 400 to any other (two Hosts are how a request is smuggled past a proxy).
      size_t hosts = msg.count(http::field::host);
      if (hosts > 1 || (hosts == 0 && msg.version() >= 11)) {
        co_await Reject(stream, http::status::bad_request,
                        core::MakeError(core::ErrorCode::kInvalidArgument, "bad_host",
                                        "Yêu cầu phải có đúng một trường Host"),
                        req);
        co_return;
      }
      for (const auto& f : msg)
        req.headers[Lower(std::string_view(f.name_string().data(), f.name_string().size()))] =
            std::string(f.value());
      // From the headers alone: the route's body limit, or a refusal (a file too large, a
      // caller who may not send one) answered before a byte of the body is read.
      Api::Admission admission = api_.Admit(req);
      if (admission.refusal) {
        co_await Reject(stream, static_cast<http::status>(HttpStatus(admission.refusal->code)),
                        *admission.refusal, req);
        co_return;
      }
      if (!parser.is_done()) {
        parser.body_limit(admission.body_limit);
        stream.expires_after(options_.read_timeout);
        co_await http::async_read(stream, buffer, parser,
                                  net::redirect_error(net::use_awaitable, ec));
        if (ec == http::error::body_limit) {
          co_await TooLarge(stream, parser.get(), admission.body_limit);
          co_return;
        }
        if (Closed(ec)) break;
        if (ec) {
          co_await Reject(stream, http::status::bad_request,
                          core::MakeError(core::ErrorCode::kInvalidArgument, "bad_http",
                                          "Yêu cầu HTTP không hợp lệ"),
                          req);
          co_return;
        }
      }
      req.body = std::move(msg.body());
      bool keep_alive = msg.keep_alive();
      unsigned version = msg.version();
      bool head = msg.method() == http::verb::head;

      ++active_;
      Response out = metrics_only ? api_.HandleMetrics(req) : api_.Handle(req);
      --active_;

      http::response<http::string_body> res{static_cast<http::status>(out.status), version};
      res.set(http::field::server, "workplan");
      if (!out.content_type.empty()) res.set(http::field::content_type, out.content_type);
      for (const auto& [k, v] : out.headers) res.insert(k, v);
      res.keep_alive(keep_alive && !stopping_);
      size_t length = out.body.size();
      if (!head) res.body() = std::move(out.body);
      res.content_length(length);
      stream.expires_after(options_.read_timeout);
      co_await http::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
      if (ec || !res.keep_alive()) break;
      if (!SetIdle(*conn, true)) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // 413 for a body above `limit` (by its Content-Length or as it was read).
  net::awaitable<void> TooLarge(beast::tcp_stream& stream,
                                const http::request<http::string_body>& msg, size_t limit) {
    Request partial;
    partial.method = std::string(msg.method_string());
    if (auto id = msg.find("x-request-id"); id != msg.end()) {
      partial.headers["x-request-id"] = std::string(id->value());
    }
    co_await Reject(
        stream, http::status::payload_too_large,
        core::MakeError(core::ErrorCode::kTooLarge, "too_large",
                        "Nội dung gửi lên quá lớn (tối đa " + std::to_string(limit >> 20) + " MB)"),
        partial);
  }

  Api& api_;
  ServerOptions options_;
  // The registry of connections, before ioc_: the sessions that ioc_ still holds when it is
  // destroyed leave the registry as they go.
  int max_total_ = 0;
  std::mutex mu_;                                    // the registry below
  std::list<std::shared_ptr<Conn>> conns_;           // open connections, oldest first
  std::unordered_map<std::string, int> per_client_;  // open connections by client address
  net::io_context ioc_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::chrono::steady_clock::time_point deadline_{};
};

}  // namespace

core::Status Serve(Api& api, const ServerOptions& options) {
  Server server(api, options);
  return server.Run();
}

}  // namespace wp::api
