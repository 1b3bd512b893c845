#include "api/http.hpp"

namespace wp::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace

bool ParseTarget(const std::string& target, std::string& path,
                 std::map<std::string, std::string>& query) {
  auto q = target.find('?');
  std::string_view raw_path = std::string_view(target).substr(0, q);
  if (raw_path.empty() || raw_path[0] != '/') return false;
  if (!Decode(raw_path, false, path)) return false;
  query.clear();
  if (q == std::string::npos) return true;
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key, value;
    if (!Decode(pair.substr(0, eq), true, key)) return false;
    if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), true, value)) return false;
    query[key] = value;
  }
  return true;
}

}  // namespace wp::api
