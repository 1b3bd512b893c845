#include "api/route_table.hpp"

#include <algorithm>
#include <cassert>

namespace wp::api {
namespace {

bool IsParam(std::string_view segment) { return segment.starts_with('{'); }

// Calls `fn` with each non-empty segment of `path` until it returns false; false then.
template <typename Fn>
bool ForEachSegment(std::string_view path, Fn&& fn) {
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i && !fn(path.substr(i, j - i))) return false;
    i = j;
  }
  return true;
}

}  // namespace

void RequirePermission(std::vector<Route>& routes, std::string_view method,
                       std::string_view pattern, domain::Permission permission,
                       std::string denied) {
  auto it = std::find_if(routes.begin(), routes.end(), [&](const Route& r) {
    return r.method == method && r.pattern == pattern;
  });
  assert(it != routes.end() && "RequirePermission: no such route");
  if (it == routes.end()) return;
  it->permission = permission;
  it->denied = std::move(denied);
}

RouteTable::RouteTable(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    auto it = std::find_if(patterns_.begin(), patterns_.end(),
                           [&](const Pattern& p) { return p.text == r.pattern; });
    if (it == patterns_.end()) {
      Pattern p;
      p.text = r.pattern;
      ForEachSegment(r.pattern, [&](std::string_view s) {
        p.segments.emplace_back(s);
        return true;
      });
      assert(std::count_if(p.segments.begin(), p.segments.end(), IsParam) <=
                 static_cast<long>(Call::kMaxParams) &&
             "too many parameters in a route pattern");
      assert(p.segments.size() <= kMaxSegments && "too many segments in a route pattern");
      patterns_.push_back(std::move(p));
      it = patterns_.end() - 1;
    }
    for ([[maybe_unused]] size_t k : it->routes) {
      assert(routes_[k].method != r.method && "a method and pattern declared twice");
    }
    it->routes.push_back(i);
    it->allow += (it->allow.empty() ? "" : ", ") + r.method;
  }
  // Literal segments before parameters, segment by segment: /reports/upload is tried before
  // /reports/{id}. (Patterns of different lengths never match the same path.)
  auto shape = [](const Pattern& p) {
    std::vector<bool> params;
    for (const auto& s : p.segments) params.push_back(IsParam(s));
    return params;
  };
  std::stable_sort(patterns_.begin(), patterns_.end(),
                   [&](const Pattern& a, const Pattern& b) { return shape(a) < shape(b); });
}

RouteTable::Match RouteTable::Find(std::string_view method, std::string_view path) const {
  // The path split once, on the stack: no pattern is longer.
  std::array<std::string_view, kMaxSegments> segments;
  size_t n = 0;
  bool too_long = !ForEachSegment(path, [&](std::string_view s) {
    if (n == segments.size()) return false;
    segments[n++] = s;
    return true;
  });
  if (too_long) return Match{};
  Match m;
  for (const Pattern& p : patterns_) {
    if (p.segments.size() != n) continue;
    size_t i = 0, params = 0;
    for (; i < n; ++i) {
      const std::string& want = p.segments[i];
      if (IsParam(want)) {
        m.path[params++] = segments[i];
      } else if (want != segments[i]) {
        break;
      }
    }
    if (i != n) continue;
    m.pattern = &p.text;
    m.allow = &p.allow;
    for (size_t k : p.routes) {
      if (routes_[k].method == method) m.route = &routes_[k];
    }
    return m;
  }
  return Match{};
}

}  // namespace wp::api
