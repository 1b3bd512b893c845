// A small HTTP load client for the reporting benchmarks (bench/reports/run.py writes its input).
//
// usage: report_load --port P --requests FILE [--header "Name: value"]… [--max-seconds S]
//                    [--latencies FILE]
//
// FILE holds the requests, each as a line "CONN METHOD PATH CONTENT_TYPE LENGTH" followed by
// LENGTH bytes of body and a newline. Requests of one CONN go in file order over one keep-alive
// connection to 127.0.0.1:P, one at a time (so a connection can save the same report with
// version 0, 1, 2 …); all connections run at once on one thread (Asio, C++20 coroutines).
// Bounded: every request of the file is sent at most once, and no request starts after
// --max-seconds (default 120). Prints one JSON object: counts by status, wall time, requests/s,
// latency percentiles (ms, client-side round trip) and the tool's own CPU time.
#include <utility>  // before Boost.Asio on gcc 12

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Req {
  std::string method, path, content_type, body;
};

struct Result {
  double ms = 0;
  int status = 0;  // 0: transport error
};

struct Options {
  unsigned short port = 0;
  std::string requests;
  std::vector<std::pair<std::string, std::string>> headers;
  double max_seconds = 120;
  std::string latencies;
};

std::map<int, std::vector<Req>> ReadRequests(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::map<int, std::vector<Req>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream h(line);
    int conn = 0;
    size_t length = 0;
    Req r;
    if (!(h >> conn >> r.method >> r.path >> r.content_type >> length)) {
      throw std::runtime_error("bad request header: " + line);
    }
    r.body.resize(length);
    in.read(r.body.data(), static_cast<std::streamsize>(length));
    in.get();  // the newline after the body
    out[conn].push_back(std::move(r));
  }
  return out;
}

class Runner {
 public:
  Runner(net::io_context& ioc, const Options& o) : ioc_(ioc), o_(o) {}

  net::awaitable<void> Connection(std::vector<Req> reqs, std::vector<Result>& out) {
    tcp::endpoint ep(net::ip::make_address("127.0.0.1"), o_.port);
    beast::tcp_stream stream(ioc_);
    bool connected = false;
    beast::flat_buffer buffer;
    for (auto& r : reqs) {
      if (std::chrono::duration<double>(Clock::now() - start_).count() > o_.max_seconds) break;
      Result res;
      auto t0 = Clock::now();
      try {
        if (!connected) {
          stream.expires_after(std::chrono::seconds(30));
          co_await stream.async_connect(ep, net::use_awaitable);
          stream.socket().set_option(tcp::no_delay(true));
          connected = true;
        }
        http::request<http::string_body> req{http::string_to_verb(r.method), r.path, 11};
        req.set(http::field::host, "127.0.0.1");
        req.keep_alive(true);
        for (const auto& [k, v] : o_.headers) req.set(k, v);
        if (r.content_type != "-") req.set(http::field::content_type, r.content_type);
        req.body() = std::move(r.body);
        req.prepare_payload();
        stream.expires_after(std::chrono::seconds(120));
        co_await http::async_write(stream, req, net::use_awaitable);
        http::response_parser<http::string_body> parser;
        parser.body_limit(256 * 1024 * 1024);
        co_await http::async_read(stream, buffer, parser, net::use_awaitable);
        res.status = static_cast<int>(parser.get().result_int());
        if (res.status >= 300 && errors_shown_ < 3) {
          ++errors_shown_;
          std::cerr << r.method << " " << r.path << " -> " << res.status << ": "
                    << parser.get().body().substr(0, 400) << "\n";
        }
        if (!parser.get().keep_alive()) {
          beast::error_code ignored;
          stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          stream.close();
          connected = false;
        }
      } catch (const std::exception& e) {
        if (errors_shown_ < 3) {
          ++errors_shown_;
          std::cerr << r.method << " " << r.path << " -> error: " << e.what() << "\n";
        }
        beast::error_code ignored;
        stream.socket().close(ignored);
        connected = false;
        buffer.clear();
      }
      res.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      out.push_back(res);
      end_ = Clock::now();
    }
    if (connected) {
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
  }

  void Start() { start_ = end_ = Clock::now(); }
  double Seconds() const { return std::chrono::duration<double>(end_ - start_).count(); }

 private:
  net::io_context& ioc_;
  const Options& o_;
  Clock::time_point start_, end_;
  int errors_shown_ = 0;
};

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  double pos = p * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<size_t>(pos);
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return sorted[lo] * (1 - frac) + sorted[hi] * frac;
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--port") {
      o.port = static_cast<unsigned short>(std::stoi(next()));
    } else if (a == "--requests") {
      o.requests = next();
    } else if (a == "--header") {
      std::string h = next();
      auto colon = h.find(':');
      if (colon == std::string::npos) throw std::runtime_error("header without ':': " + h);
      size_t v = h.find_first_not_of(' ', colon + 1);
      o.headers.emplace_back(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
    } else if (a == "--max-seconds") {
      o.max_seconds = std::stod(next());
    } else if (a == "--latencies") {
      o.latencies = next();
    } else {
      throw std::runtime_error("unknown option " + a);
    }
  }
  if (o.port == 0 || o.requests.empty()) {
    std::cerr << "usage: report_load --port P --requests FILE [--header H]… [--max-seconds S] "
                 "[--latencies FILE]\n";
    return 2;
  }
  auto by_conn = ReadRequests(o.requests);
  net::io_context ioc(1);
  Runner runner(ioc, o);
  std::vector<std::vector<Result>> results(by_conn.size());
  double cpu0 = CpuSeconds();
  runner.Start();
  size_t k = 0;
  for (auto& [conn, reqs] : by_conn) {
    results[k].reserve(reqs.size());
    net::co_spawn(ioc, runner.Connection(std::move(reqs), results[k]), net::detached);
    ++k;
  }
  ioc.run();
  double cpu = CpuSeconds() - cpu0;

  std::vector<double> ms;
  std::map<int, size_t> statuses;
  for (const auto& rs : results) {
    for (const auto& r : rs) {
      ms.push_back(r.ms);
      ++statuses[r.status];
    }
  }
  if (!o.latencies.empty()) {
    std::ofstream out(o.latencies);
    for (double x : ms) out << x << "\n";
  }
  std::sort(ms.begin(), ms.end());
  double wall = runner.Seconds();
  size_t ok = 0;
  for (const auto& [s, n] : statuses) {
    if (s >= 200 && s < 300) ok += n;
  }
  std::printf("{\"connections\": %zu, \"requests\": %zu, \"ok\": %zu, \"statuses\": {", k,
              ms.size(), ok);
  bool first = true;
  for (const auto& [s, n] : statuses) {
    std::printf("%s\"%d\": %zu", first ? "" : ", ", s, n);
    first = false;
  }
  std::printf(
      "}, \"seconds\": %.3f, \"per_second\": %.1f, \"ok_per_second\": %.1f, \"p50_ms\": %.3f, "
      "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"min_ms\": %.3f, "
      "\"client_cpu_seconds\": %.3f}\n",
      wall, wall > 0 ? static_cast<double>(ms.size()) / wall : 0.0,
      wall > 0 ? static_cast<double>(ok) / wall : 0.0, Percentile(ms, 0.5), Percentile(ms, 0.9),
      Percentile(ms, 0.99), ms.empty() ? 0.0 : ms.back(), ms.empty() ? 0.0 : ms.front(), cpu);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "report_load: " << e.what() << "\n";
  return 1;
}
