#pragma once
// The HTTP/1.1 server: Boost.Beast with C++20 coroutines, one coroutine per connection on a
// strand, keep-alive, a request body limit, header/idle and read timeouts, and a graceful stop
// on SIGTERM/SIGINT (stop accepting, finish the requests in flight, then exit).

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
  std::chrono::seconds idle_timeout{60};  // for the next request on a kept-alive connection
  std::chrono::seconds read_timeout{30};  // for a request once it has started
  std::chrono::seconds shutdown_grace{10};
  // Called once the socket listens, with the port it got.
  std::function<void(const std::string& address, unsigned short port)> on_listening;
};

// Serves until SIGTERM or SIGINT. kUnavailable ("listen_failed") when the address cannot be
// bound.
core::Status Serve(Api& api, const ServerOptions& options);

}  // namespace wp::api
