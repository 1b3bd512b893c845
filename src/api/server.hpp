#pragma once
// The HTTP/1.1 server: Boost.Beast with C++20 coroutines, one coroutine per connection on a
// strand, keep-alive, a request body limit (a route's own, checked with the caller's right from
// the headers before the body is read: Api::Admit), header/idle and read timeouts, caps on
// connections (per client address and in all; at the total cap the oldest idle connection makes
// room), an accept loop that pauses and logs when descriptors run out, and a graceful stop on
// SIGTERM/SIGINT (stop accepting, finish the requests in flight, then exit).

#include <chrono>
#include <functional>
#include <string>

#include "api/api.hpp"
#include "core/error.hpp"

namespace wp::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (reported to on_listening)
  // Handlers wait on the database (a SQLite commit waits for the disk), so more threads than
  // cores: writes that wait together are committed together (the SQLite store groups them).
  int threads = 16;
  size_t body_limit = 16u << 20;
  std::chrono::seconds header_timeout{10};  // for the first request's header on a connection
  std::chrono::seconds idle_timeout{60};    // for the next request on a kept-alive connection
  std::chrono::seconds read_timeout{30};    // for a request's body, and for writing an answer
  // Connections open at once: 0 takes the descriptor limit (RLIMIT_NOFILE) less an eighth of it
  // (at least 128) for the database and files. At the cap a new connection closes the oldest
  // one that is waiting for a request, or is refused (closed at once) when none is.
  int max_connections = 0;
  // Connections open at once from one client address; 0: no cap (behind a reverse proxy every
  // connection comes from the proxy). Above it a new connection is closed at once.
  int max_connections_per_client = 128;
  std::chrono::seconds shutdown_grace{10};
  // Called once the socket listens, with the port it got.
  std::function<void(const std::string& address, unsigned short port)> on_listening;
  // A second address that serves only GET /metrics, without a session (Api::HandleMetrics), for
  // a Prometheus on the operators' network; empty: none. Its port is told to on_metrics_listening.
  std::string metrics_address;
  unsigned short metrics_port = 0;
  std::function<void(const std::string& address, unsigned short port)> on_metrics_listening;
};

// Serves until SIGTERM or SIGINT. kUnavailable ("listen_failed") when the address cannot be
// bound.
core::Status Serve(Api& api, const ServerOptions& options);

}  // namespace wp::api
