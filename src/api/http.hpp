#pragma once
// The HTTP exchange as the handlers see it: plain structs, no Beast types, so routing,
// authentication and error mapping are ordinary functions over them (server.cpp adapts Beast).

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wp::api {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received: path and query
  std::string path;    // decoded path without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string client;  // remote address

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits "/a/b?x=1&y=%C3%A1" into a decoded path and query map. False for a malformed
// percent-escape or a path that does not start with '/'.
bool ParseTarget(const std::string& target, std::string& path,
                 std::map<std::string, std::string>& query);

}  // namespace wp::api
