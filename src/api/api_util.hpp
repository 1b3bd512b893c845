#pragma once
// Small helpers every handler file of the API shares: error and JSON responses, ids and dates
// from the path and query, and JSON request bodies read with a detail per bad field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "core/date.hpp"
#include "core/decimal.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "service/services.hpp"

namespace wp::api {

using nlohmann::ordered_json;

core::Error Err(core::ErrorCode code, std::string reason, std::string message);
// A JSON response with `status`.
Response Json(int status, const ordered_json& j);
Response JsonText(int status, std::string text);  // a JSON text written already

// A JSON text written as it goes, for large answers (a report form of 200 values), without the
// tree of an ordered_json: commas are put where they belong; strings are escaped as JSON needs
// (UTF-8 is kept as it is). Small parts can still be built as ordered_json and given to Value.
class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  JsonWriter& Value(const ordered_json& j);
  // The members of `object` spliced into the object being written.
  JsonWriter& Members(const ordered_json& object);
  // Members already written as JSON text (`"a":1,"b":[2]`, as another JsonWriter wrote them
  // inside an object) spliced into the object being written; nothing for an empty text.
  JsonWriter& RawMembers(std::string_view members);
  std::string Take() { return std::move(out_); }

 private:
  void Comma();
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  std::string out_;
  bool first_ = true;   // nothing written yet in the innermost object or array
  bool keyed_ = false;  // a key was just written: its value follows without a comma
};
ordered_json Items(ordered_json items);  // {"items": items}
// 200 {"items": [fn(x) for each x of list]}.
template <typename List, typename Fn>
Response ItemsResponse(const List& list, Fn&& fn) {
  ordered_json items = ordered_json::array();
  for (const auto& x : list) items.push_back(fn(x));
  return Json(200, Items(std::move(items)));
}
ordered_json OptJson(const std::optional<std::string>& v);
// A positive id written in decimal; nullopt otherwise.
std::optional<int64_t> ParseId(std::string_view s);
// The {id} of a path (a report, a message); kNotFound ("not_found", as for an unknown path) when
// it is not an id.
core::Result<int64_t> IdParam(std::string_view text);
// The {id} of a /programs/{id}/… path; kNotFound ("program_not_found") when it is not an id.
core::Result<int64_t> ProgramIdParam(std::string_view text);
// The body as a JSON object; kInvalidArgument ("malformed_json") otherwise.
core::Result<ordered_json> ParseJsonObject(const Request& req);
// A string field; a detail naming the field when it is missing (and `required`) or not a string.
std::optional<std::string> StringField(const ordered_json& j, const char* key, bool required,
                                       std::vector<core::ErrorDetail>& problems);
// kInvalidArgument ("invalid_fields") carrying `problems`, when there are any.
core::Status Check(std::vector<core::ErrorDetail> problems);
// The query parameter `key` as a date, `fallback` when absent; kInvalidArgument ("bad_date").
core::Result<core::CivilDate> DateParam(const Request& req, const char* key,
                                        core::CivilDate fallback);
// The query parameter `key`; nullopt when absent or empty.
std::optional<std::string> OptQuery(const Request& req, const char* key);
// The query parameter `key` as a date; nullopt when absent or empty, kInvalidArgument
// ("bad_date") when it is not one.
core::Result<std::optional<core::CivilDate>> OptDateParam(const Request& req, const char* key);
// The query parameter `key` as a unit id (`unit`, `lead`); nullopt when absent or empty,
// kInvalidArgument ("bad_<key>") when it is not one.
core::Result<std::optional<int64_t>> OptIdParam(const Request& req, const char* key);
// kInvalidArgument ("bad_parameter") for the query parameter `key`, which is given and is not
// `rule` (what it must be, in Vietnamese): the message quotes what was sent, the detail names it.
core::Error BadParameter(const Request& req, const char* key, const std::string& rule);
// A page of a long list: ?limit= (1 to kMaxPage, kDefaultPage when absent) and ?offset= (the
// rows skipped, 0 when absent); kInvalidArgument ("bad_parameter", naming it) otherwise.
constexpr size_t kDefaultPage = 500;
constexpr size_t kMaxPage = 5000;
struct Page {
  size_t limit = kDefaultPage;
  size_t offset = 0;
};
core::Result<Page> PageParams(const Request& req);
// "Không có địa chỉ này" (404).
tl::unexpected<core::Error> NoSuchPath();

// JSON of values the reporting and analytics routes share.
std::string Text(const core::Decimal& d);  // "1600000", "4.3"
ordered_json OptDate(const std::optional<core::CivilDate>& d);
ordered_json PeriodJson(const domain::Period& p);                          // key, label, start, end
ordered_json UnitRef(const service::Services& svc, domain::OrgUnitId id);  // id, code, name
ordered_json CountsJson(const service::TimelinessCounts& c);
// The reporting panel's main figure: "78/86 báo cáo đã được duyệt, 3 đang chờ duyệt".
std::string ReportingText(const service::TimelinessCounts& c);

}  // namespace wp::api
