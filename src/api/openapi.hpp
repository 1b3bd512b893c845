#pragma once
// The pieces the route table's OpenAPI operations are written with (an operation, its
// parameters, bodies, error responses, references to the shared schemas), and the document
// put together from a route table. The schemas the operations refer to live in openapi.cpp.

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/route_table.hpp"

namespace wp::api::openapi {

using nlohmann::ordered_json;

// What a task id is (domain::TaskId), where the API names one.
inline constexpr const char* kTaskIdText =
    "Mã nhiệm vụ: số mục và thứ tự nhiệm vụ trong mục (II.2.1#3); khi quyết định đánh cùng một "
    "số cho hai mục (\"11.2.\" hai lần năm 2012), mục đầu giữ số, mục thứ n thêm ~n "
    "(II.11.2~2#1). Không đổi trong chương trình đã ban hành";

// {"$ref": "#/components/schemas/<name>"}
ordered_json Ref(const std::string& name);
// {"type": "object", "properties": {"items": [<name>]}}
ordered_json ItemsOf(const std::string& name);
// An object whose properties have the given JSON types.
ordered_json Obj(std::initializer_list<std::pair<const char*, const char*>> fields);
// The same written "name:type name:type …" (the schemas of openapi.cpp, one line each).
ordered_json Obj(std::string_view fields);
// The error responses for `codes`, each an Error body.
ordered_json ErrorResponses(std::initializer_list<int> codes);
// An operation answering `ok` with a JSON `ok_schema`, or one of `errors`.
ordered_json Op(const std::string& summary, const ordered_json& ok_schema,
                std::initializer_list<int> errors, int ok = 200);
// An operation answering 200 with a body that is not JSON (`what`: its media type), or 404.
ordered_json FileOp(const std::string& summary, const std::string& what);
// A parameter in the query, path or a header.
ordered_json Param(const char* name, const char* in, const char* type, const std::string& text,
                   bool required = false);
// A required request body of media type `type`.
ordered_json Body(const char* type, const ordered_json& schema);
// `op` with `params` appended to its parameters.
ordered_json With(ordered_json op, std::initializer_list<ordered_json> params);

// The OpenAPI 3.0 document of the routes of `table`: one path per pattern, one operation per
// route, the pattern's path parameters described where the operation does not.
std::string Document(const RouteTable& table);

}  // namespace wp::api::openapi
