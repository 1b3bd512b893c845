#include <utility>  // before Boost.Asio on gcc 12

#include "api/server.hpp"

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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
    beast::error_code ec;
    auto address = net::ip::make_address(options_.address, ec);
    if (ec) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_listen_address",
                        "Địa chỉ lắng nghe không hợp lệ: \"" + options_.address + "\"");
    }
    tcp::acceptor acceptor(ioc_);
    tcp::endpoint endpoint(address, options_.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      auto err = core::MakeError(core::ErrorCode::kUnavailable, "listen_failed",
                                 "Không mở được cổng " + options_.address + ":" +
                                     std::to_string(options_.port) + " (" + ec.message() + ")");
      return tl::unexpected(err);
    }
    if (options_.on_listening) {
      options_.on_listening(options_.address, acceptor.local_endpoint().port());
    }

    net::signal_set signals(ioc_, SIGINT, SIGTERM);
    net::steady_timer drain(ioc_);
    signals.async_wait([&](const beast::error_code& e, int) {
      if (e) return;
      stopping_ = true;
      beast::error_code ignored;
      acceptor.close(ignored);
      deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
      Drain(drain);
    });
    net::co_spawn(ioc_, Listen(acceptor), net::detached);

    std::vector<std::thread> threads;
    for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    return {};
  }

 private:
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

  net::awaitable<void> Listen(tcp::acceptor& acceptor) {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(
          net::make_strand(ioc_), net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        if (stopping_ || ec == net::error::operation_aborted) co_return;
        continue;  // a failed accept (e.g. out of descriptors) must not stop the server
      }
      auto executor = socket.get_executor();
      net::co_spawn(executor, Session(beast::tcp_stream(std::move(socket))), net::detached);
    }
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

  net::awaitable<void> Session(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    std::string client = stream.socket().remote_endpoint(ec).address().to_string();
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.body_limit);
      parser.header_limit(32 * 1024);
      stream.expires_after(options_.idle_timeout);
      co_await http::async_read_header(stream, buffer, parser,
                                       net::redirect_error(net::use_awaitable, ec));
      if (!ec && !parser.is_done()) {
        stream.expires_after(options_.read_timeout);
        co_await http::async_read(stream, buffer, parser,
                                  net::redirect_error(net::use_awaitable, ec));
      }
      if (ec == http::error::body_limit) {
        Request partial;
        partial.method = std::string(parser.get().method_string());
        if (auto id = parser.get().find("x-request-id"); id != parser.get().end()) {
          partial.headers["x-request-id"] = std::string(id->value());
        }
        co_await Reject(stream, http::status::payload_too_large,
                        core::MakeError(core::ErrorCode::kTooLarge, "too_large",
                                        "Nội dung gửi lên quá lớn (tối đa " +
                                            std::to_string(options_.body_limit >> 20) + " MB)"),
                        partial);
        co_return;
      }
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == net::error::eof || ec == net::error::connection_reset ||
          ec == net::error::operation_aborted) {
        break;
      }
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
      req.body = std::move(msg.body());
      bool keep_alive = msg.keep_alive();
      unsigned version = msg.version();
      bool head = msg.method() == http::verb::head;

      ++active_;
      Response out = api_.Handle(req);
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
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  Api& api_;
  ServerOptions options_;
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
