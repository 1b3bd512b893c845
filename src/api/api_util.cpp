#include "api/api_util.hpp"

#include <charconv>
#include <limits>

#include "core/json_text.hpp"

namespace wp::api {

core::Error Err(core::ErrorCode code, std::string reason, std::string message) {
  return core::MakeError(code, std::move(reason), std::move(message));
}

Response Json(int status, const ordered_json& j) {
  Response r;
  r.status = status;
  r.body = j.dump();
  return r;
}

Response JsonText(int status, std::string text) {
  Response r;
  r.status = status;
  r.body = std::move(text);
  return r;
}

void JsonWriter::Comma() {
  if (keyed_) {
    keyed_ = false;
  } else if (!first_) {
    out_.push_back(',');
  }
  first_ = false;
}

JsonWriter& JsonWriter::Open(char c) {
  Comma();
  out_.push_back(c);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_.push_back(c);
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Comma();
  core::AppendJsonString(out_, key);
  out_.push_back(':');
  keyed_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  Comma();
  core::AppendJsonString(out_, s);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  Comma();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  Comma();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Comma();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(const ordered_json& j) {
  Comma();
  out_ += j.dump();
  return *this;
}

JsonWriter& JsonWriter::Members(const ordered_json& object) {
  for (const auto& [k, v] : object.items()) Key(k).Value(v);
  return *this;
}

JsonWriter& JsonWriter::RawMembers(std::string_view members) {
  if (members.empty()) return *this;
  Comma();
  out_ += members;
  return *this;
}

ordered_json Items(ordered_json items) { return ordered_json{{"items", std::move(items)}}; }

ordered_json OptJson(const std::optional<std::string>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::optional<int64_t> ParseId(std::string_view s) {
  int64_t v = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

core::Result<int64_t> IdParam(std::string_view text) {
  if (auto id = ParseId(text)) return *id;
  return NoSuchPath();
}

core::Result<int64_t> ProgramIdParam(std::string_view text) {
  if (auto id = ParseId(text)) return *id;
  return tl::unexpected(Err(core::ErrorCode::kNotFound, "program_not_found",
                            "Không tìm thấy chương trình \"" + std::string(text) + "\""));
}

core::Result<ordered_json> ParseJsonObject(const Request& req) {
  auto j = ordered_json::parse(req.body, nullptr, false);
  if (j.is_discarded()) {
    return tl::unexpected(Err(core::ErrorCode::kInvalidArgument, "malformed_json",
                              "Nội dung gửi lên không phải JSON hợp lệ"));
  }
  if (!j.is_object()) {
    return tl::unexpected(Err(core::ErrorCode::kInvalidArgument, "malformed_json",
                              "Nội dung gửi lên phải là một đối tượng JSON"));
  }
  return j;
}

// A required string field; a detail naming the field otherwise.
std::optional<std::string> StringField(const ordered_json& j, const char* key, bool required,
                                       std::vector<core::ErrorDetail>& problems) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) problems.push_back({key, "Thiếu trường bắt buộc"});
    return std::nullopt;
  }
  if (!it->is_string()) {
    problems.push_back({key, "Phải là chuỗi ký tự"});
    return std::nullopt;
  }
  return it->get<std::string>();
}

core::Status Check(std::vector<core::ErrorDetail> problems) {
  if (problems.empty()) return {};
  auto e = Err(core::ErrorCode::kInvalidArgument, "invalid_fields", "Dữ liệu gửi lên chưa hợp lệ");
  e.details = std::move(problems);
  return tl::unexpected(e);
}

core::Result<core::CivilDate> DateParam(const Request& req, const char* key,
                                        core::CivilDate fallback) {
  auto it = req.query.find(key);
  if (it == req.query.end() || it->second.empty()) return fallback;
  auto d = core::ParseIsoDate(it->second);
  if (!d) {
    auto e = Err(core::ErrorCode::kInvalidArgument, "bad_date",
                 "Ngày không hợp lệ: \"" + it->second + "\" (cần dạng YYYY-MM-DD)");
    e.details.push_back({key, "Cần dạng YYYY-MM-DD"});
    return tl::unexpected(e);
  }
  return *d;
}

std::optional<std::string> OptQuery(const Request& req, const char* key) {
  auto it = req.query.find(key);
  if (it == req.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

core::Result<std::optional<core::CivilDate>> OptDateParam(const Request& req, const char* key) {
  if (!OptQuery(req, key)) return std::optional<core::CivilDate>();
  WP_ASSIGN_OR_RETURN(auto d, DateParam(req, key, core::CivilDate{}));
  return std::optional<core::CivilDate>(d);
}

core::Result<std::optional<int64_t>> OptIdParam(const Request& req, const char* key) {
  auto text = OptQuery(req, key);
  if (!text) return std::optional<int64_t>();
  if (auto v = ParseId(*text)) return v;
  return tl::unexpected(Err(core::ErrorCode::kInvalidArgument, std::string("bad_") + key,
                            std::string("Tham số ") + key + " phải là số hiệu đơn vị"));
}

tl::unexpected<core::Error> NoSuchPath() {
  return tl::unexpected(Err(core::ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
}

std::string Text(const core::Decimal& d) { return d.Normalized().ToString(); }

ordered_json OptDate(const std::optional<core::CivilDate>& d) {
  return d ? ordered_json(d->ToIso()) : ordered_json(nullptr);
}

ordered_json PeriodJson(const domain::Period& p) {
  return {
      {"key", p.Key()}, {"label", p.Label()}, {"start", p.start.ToIso()}, {"end", p.end.ToIso()}};
}

ordered_json UnitRef(const service::Services& svc, domain::OrgUnitId id) {
  const auto* u = svc.org.registry().Find(id);
  if (u == nullptr) return {{"id", id}, {"code", nullptr}, {"name", nullptr}};
  return {{"id", id}, {"code", u->code}, {"name", u->name}};
}

ordered_json CountsJson(const service::TimelinessCounts& c) {
  return {{"expected", c.expected},
          {"received", c.received},
          {"on_time", c.on_time},
          {"late", c.late},
          {"missing", c.missing},
          {"pending", c.pending},
          {"approved", c.approved},
          {"returned", c.returned},
          {"completeness", c.completeness()},
          {"timeliness", c.timeliness()}};
}

core::Error BadParameter(const Request& req, const char* key, const std::string& rule) {
  auto e = Err(core::ErrorCode::kInvalidArgument, "bad_parameter",
               "Tham số " + std::string(key) + " phải là " + rule + ", không phải \"" +
                   req.query.at(key) + "\"");
  e.details.push_back({key, "Phải là " + rule});
  return e;
}

core::Result<Page> PageParams(const Request& req) {
  // Reads `key` into `slot` when it is given; false when it is not a whole number in
  // [least, most].
  auto read = [&](const char* key, uint64_t least, uint64_t most, size_t& slot) {
    auto it = req.query.find(key);
    if (it == req.query.end()) return true;
    const std::string& text = it->second;
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < least ||
        v > most) {
      return false;
    }
    slot = static_cast<size_t>(v);
    return true;
  };
  auto bad = [&](const char* key, const std::string& rule) {
    return tl::unexpected(BadParameter(req, key, rule));
  };
  Page page;
  if (!read("limit", 1, kMaxPage, page.limit)) {
    return bad("limit", "số dòng mỗi trang, từ 1 đến " + std::to_string(kMaxPage));
  }
  if (!read("offset", 0, std::numeric_limits<uint32_t>::max(), page.offset)) {
    return bad("offset", "số dòng bỏ qua, từ 0");
  }
  return page;
}

}  // namespace wp::api
