#include "store/document_json.hpp"

#include "core/json_scan.hpp"
#include "core/json_text.hpp"

namespace wp::store {
namespace {

using core::JsonScan;
using Type = JsonScan::Type;

// ---- Writing --------------------------------------------------------------------------------

// Appends `"key":` (after a comma unless `first`).
void Key(std::string& out, bool& first, std::string_view key) {
  if (!first) out.push_back(',');
  first = false;
  core::AppendJsonString(out, key);
  out.push_back(':');
}
void Str(std::string& out, bool& first, std::string_view key, std::string_view value) {
  Key(out, first, key);
  core::AppendJsonString(out, value);
}
void OptStr(std::string& out, bool& first, std::string_view key,
            const std::optional<std::string>& value) {
  Key(out, first, key);
  if (value) {
    core::AppendJsonString(out, *value);
  } else {
    out += "null";
  }
}
void Int(std::string& out, bool& first, std::string_view key, std::optional<int64_t> value) {
  Key(out, first, key);
  out += value ? std::to_string(*value) : std::string("null");
}
void Bool(std::string& out, bool& first, std::string_view key, bool value) {
  Key(out, first, key);
  out += value ? "true" : "false";
}

void AppendHeader(std::string& out, const domain::DocumentHeader& h) {
  bool first = true;
  out.push_back('{');
  Str(out, first, "parent_body", h.parent_body);
  Str(out, first, "issuer", h.issuer);
  Str(out, first, "symbol", h.symbol);
  Str(out, first, "place", h.place);
  OptStr(out, first, "date", h.date ? std::optional<std::string>(h.date->ToIso()) : std::nullopt);
  Str(out, first, "title", h.title);
  Str(out, first, "subject", h.subject);
  Key(out, first, "signature");
  bool inner = true;
  out.push_back('{');
  Str(out, inner, "authority", h.signature.authority);
  Str(out, inner, "title", h.signature.title);
  Str(out, inner, "name", h.signature.name);
  out.push_back('}');
  Key(out, first, "recipients");
  out.push_back('[');
  for (size_t i = 0; i < h.recipients.size(); ++i) {
    if (i) out.push_back(',');
    core::AppendJsonString(out, h.recipients[i]);
  }
  out += "]}";
}

void AppendTable(std::string& out, const domain::BlockTable& t) {
  out += "{\"columns\":[";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out.push_back(',');
    bool first = true;
    out.push_back('{');
    Str(out, first, "label", t.columns[i].label);
    Str(out, first, "format", t.columns[i].format);
    out.push_back('}');
  }
  out += "],\"rows\":[";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (r) out.push_back(',');
    out.push_back('[');
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      if (c) out.push_back(',');
      const auto& cell = t.rows[r][c];
      bool first = true;
      out.push_back('{');
      Str(out, first, "text", cell.text);
      OptStr(out, first, "value", cell.value);
      Bool(out, first, "bold", cell.bold);
      out.push_back('}');
    }
    out.push_back(']');
  }
  out += "]}";
}

void AppendBlocks(std::string& out, const std::vector<domain::Block>& blocks) {
  out.push_back('[');
  for (size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    if (i) out.push_back(',');
    bool first = true;
    out.push_back('{');
    Str(out, first, "key", b.key);
    Str(out, first, "kind", domain::BlockKindName(b.kind));
    Str(out, first, "style", b.style);
    Str(out, first, "section", b.section);
    Str(out, first, "area", b.area);
    Int(out, first, "unit", b.unit);
    Str(out, first, "generated", b.generated);
    OptStr(out, first, "base", b.base);
    OptStr(out, first, "edited", b.edited);
    Bool(out, first, "removed", b.removed);
    Str(out, first, "state", domain::BlockStateName(b.state));
    OptStr(out, first, "anchor", b.anchor);
    Key(out, first, "table");
    if (b.table) {
      AppendTable(out, *b.table);
    } else {
      out += "null";
    }
    out.push_back('}');
  }
  out.push_back(']');
}

// ---- Reading --------------------------------------------------------------------------------

bool ReadNull(JsonScan& s) {
  auto t = s.Peek();
  return t == Type::kNull && s.Skip();
}
bool ReadStr(JsonScan& s, std::string& out) {
  return s.Peek() == Type::kString && s.ReadString(&out);
}
bool ReadOptStr(JsonScan& s, std::optional<std::string>& out) {
  if (s.Peek() == Type::kNull) {
    out.reset();
    return s.Skip();
  }
  std::string v;
  if (!ReadStr(s, v)) return false;
  out = std::move(v);
  return true;
}
bool ReadBool(JsonScan& s, bool& out) {
  auto t = s.Peek();
  if (t != Type::kTrue && t != Type::kFalse) return false;
  out = t == Type::kTrue;
  return s.Skip();
}
bool ReadOptInt(JsonScan& s, std::optional<int64_t>& out) {
  if (s.Peek() == Type::kNull) {
    out.reset();
    return s.Skip();
  }
  if (s.Peek() != Type::kNumber) return false;
  std::string_view text;
  std::optional<int64_t> v;
  if (!s.ReadNumber(text, v) || !v) return false;
  out = v;
  return true;
}
bool ReadInt(JsonScan& s, int64_t& out) {
  std::optional<int64_t> v;
  if (!ReadOptInt(s, v) || !v) return false;
  out = *v;
  return true;
}
bool ReadOptDate(JsonScan& s, std::optional<core::CivilDate>& out) {
  std::optional<std::string> text;
  if (!ReadOptStr(s, text)) return false;
  if (!text) {
    out.reset();
    return true;
  }
  out = core::ParseIsoDate(*text);
  return out.has_value();
}

bool ReadStrings(JsonScan& s, std::vector<std::string>& out) {
  if (s.Peek() != Type::kArray || !s.Enter()) return false;
  while (s.NextElement()) {
    std::string v;
    if (!ReadStr(s, v)) return false;
    out.push_back(std::move(v));
  }
  return !s.failed();
}

// Reads an object, calling `field(key)` for each member (which reads its value, or skips it).
template <typename F>
bool ReadObject(JsonScan& s, F&& field) {
  if (s.Peek() != Type::kObject || !s.Enter()) return false;
  std::string key;
  while (s.NextKey(key)) {
    if (!field(key)) return false;
  }
  return !s.failed();
}

bool ReadHeader(JsonScan& s, domain::DocumentHeader& h) {
  return ReadObject(s, [&](const std::string& k) {
    if (k == "parent_body") return ReadStr(s, h.parent_body);
    if (k == "issuer") return ReadStr(s, h.issuer);
    if (k == "symbol") return ReadStr(s, h.symbol);
    if (k == "place") return ReadStr(s, h.place);
    if (k == "date") return ReadOptDate(s, h.date);
    if (k == "title") return ReadStr(s, h.title);
    if (k == "subject") return ReadStr(s, h.subject);
    if (k == "recipients") return ReadStrings(s, h.recipients);
    if (k == "signature") {
      return ReadObject(s, [&](const std::string& sk) {
        if (sk == "authority") return ReadStr(s, h.signature.authority);
        if (sk == "title") return ReadStr(s, h.signature.title);
        if (sk == "name") return ReadStr(s, h.signature.name);
        return s.Skip();
      });
    }
    return s.Skip();
  });
}

bool ReadTable(JsonScan& s, domain::BlockTable& t) {
  return ReadObject(s, [&](const std::string& k) {
    if (k == "columns") {
      if (s.Peek() != Type::kArray || !s.Enter()) return false;
      while (s.NextElement()) {
        domain::TableColumn col;
        bool ok = ReadObject(s, [&](const std::string& ck) {
          if (ck == "label") return ReadStr(s, col.label);
          if (ck == "format") return ReadStr(s, col.format);
          return s.Skip();
        });
        if (!ok) return false;
        t.columns.push_back(std::move(col));
      }
      return !s.failed();
    }
    if (k == "rows") {
      if (s.Peek() != Type::kArray || !s.Enter()) return false;
      while (s.NextElement()) {
        if (s.Peek() != Type::kArray || !s.Enter()) return false;
        std::vector<domain::TableCell> row;
        while (s.NextElement()) {
          domain::TableCell cell;
          bool ok = ReadObject(s, [&](const std::string& ck) {
            if (ck == "text") return ReadStr(s, cell.text);
            if (ck == "value") return ReadOptStr(s, cell.value);
            if (ck == "bold") return ReadBool(s, cell.bold);
            return s.Skip();
          });
          if (!ok) return false;
          row.push_back(std::move(cell));
        }
        if (s.failed()) return false;
        t.rows.push_back(std::move(row));
      }
      return !s.failed();
    }
    return s.Skip();
  });
}

bool ReadBlocks(JsonScan& s, std::vector<domain::Block>& out) {
  if (s.Peek() != Type::kArray || !s.Enter()) return false;
  while (s.NextElement()) {
    domain::Block b;
    bool ok = ReadObject(s, [&](const std::string& k) {
      std::string word;
      if (k == "key") return ReadStr(s, b.key);
      if (k == "kind") {
        if (!ReadStr(s, word)) return false;
        auto kind = domain::ParseBlockKind(word);
        if (!kind) return false;
        b.kind = *kind;
        return true;
      }
      if (k == "state") {
        if (!ReadStr(s, word)) return false;
        auto state = domain::ParseBlockState(word);
        if (!state) return false;
        b.state = *state;
        return true;
      }
      if (k == "style") return ReadStr(s, b.style);
      if (k == "section") return ReadStr(s, b.section);
      if (k == "area") return ReadStr(s, b.area);
      if (k == "unit") {
        std::optional<int64_t> unit;
        if (!ReadOptInt(s, unit)) return false;
        b.unit = unit;
        return true;
      }
      if (k == "generated") return ReadStr(s, b.generated);
      if (k == "base") return ReadOptStr(s, b.base);
      if (k == "edited") return ReadOptStr(s, b.edited);
      if (k == "removed") return ReadBool(s, b.removed);
      if (k == "anchor") return ReadOptStr(s, b.anchor);
      if (k == "table") {
        if (ReadNull(s)) return true;
        domain::BlockTable t;
        if (!ReadTable(s, t)) return false;
        b.table = std::move(t);
        return true;
      }
      return s.Skip();
    });
    if (!ok) return false;
    out.push_back(std::move(b));
  }
  return !s.failed();
}

template <typename T, typename F>
std::optional<T> ParseWhole(std::string_view text, F&& read) {
  JsonScan s(text);
  T out{};
  if (!read(s, out) || !s.Finish()) return std::nullopt;
  return out;
}

}  // namespace

std::string HeaderJson(const domain::DocumentHeader& header) {
  std::string out;
  AppendHeader(out, header);
  return out;
}
std::optional<domain::DocumentHeader> ParseHeaderJson(std::string_view text) {
  return ParseWhole<domain::DocumentHeader>(text, ReadHeader);
}

std::string TableJson(const domain::BlockTable& table) {
  std::string out;
  AppendTable(out, table);
  return out;
}
std::optional<domain::BlockTable> ParseTableJson(std::string_view text) {
  return ParseWhole<domain::BlockTable>(text, ReadTable);
}

std::string BlocksJson(const std::vector<domain::Block>& blocks) {
  std::string out;
  AppendBlocks(out, blocks);
  return out;
}
std::optional<std::vector<domain::Block>> ParseBlocksJson(std::string_view text) {
  return ParseWhole<std::vector<domain::Block>>(text, ReadBlocks);
}

std::string SnapshotJson(const DocumentRecord& r, const std::vector<domain::Block>& blocks) {
  std::string out = "{";
  bool first = true;
  Int(out, first, "id", r.id);
  Int(out, first, "program_id", r.program_id);
  Str(out, first, "kind", domain::DocumentKindName(r.kind));
  Int(out, first, "unit_id", r.unit_id);
  Str(out, first, "period", r.period);
  Str(out, first, "as_of", r.as_of.ToIso());
  Str(out, first, "status", domain::DocumentStatusName(r.status));
  Int(out, first, "version", r.version);
  Int(out, first, "data_generation", r.data_generation);
  Str(out, first, "generated_at", r.generated_at);
  Int(out, first, "number_year",
      r.number_year ? std::optional<int64_t>(*r.number_year) : std::nullopt);
  Int(out, first, "number_seq", r.number_seq);
  Key(out, first, "header");
  AppendHeader(out, r.header);
  Key(out, first, "blocks");
  AppendBlocks(out, blocks);
  out.push_back('}');
  return out;
}

std::optional<std::pair<DocumentRecord, std::vector<domain::Block>>> ParseSnapshotJson(
    std::string_view text) {
  using Out = std::pair<DocumentRecord, std::vector<domain::Block>>;
  return ParseWhole<Out>(text, [](JsonScan& s, Out& out) {
    DocumentRecord& r = out.first;
    return ReadObject(s, [&](const std::string& k) {
      std::string word;
      std::optional<int64_t> n;
      if (k == "id") return ReadInt(s, r.id);
      if (k == "program_id") return ReadInt(s, r.program_id);
      if (k == "unit_id") return ReadInt(s, r.unit_id);
      if (k == "version") return ReadInt(s, r.version);
      if (k == "data_generation") return ReadInt(s, r.data_generation);
      if (k == "period") return ReadStr(s, r.period);
      if (k == "generated_at") return ReadStr(s, r.generated_at);
      if (k == "kind") {
        if (!ReadStr(s, word)) return false;
        auto kind = domain::ParseDocumentKind(word);
        if (kind) r.kind = *kind;
        return kind.has_value();
      }
      if (k == "status") {
        if (!ReadStr(s, word)) return false;
        auto status = domain::ParseDocumentStatus(word);
        if (status) r.status = *status;
        return status.has_value();
      }
      if (k == "as_of") {
        if (!ReadStr(s, word)) return false;
        auto d = core::ParseIsoDate(word);
        if (d) r.as_of = *d;
        return d.has_value();
      }
      if (k == "number_year") {
        if (!ReadOptInt(s, n)) return false;
        if (n) r.number_year = static_cast<int>(*n);
        return true;
      }
      if (k == "number_seq") return ReadOptInt(s, r.number_seq);
      if (k == "header") return ReadHeader(s, r.header);
      if (k == "blocks") return ReadBlocks(s, out.second);
      return s.Skip();
    });
  });
}

std::string KeysJson(const std::vector<std::string>& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i) out.push_back(',');
    core::AppendJsonString(out, keys[i]);
  }
  out.push_back(']');
  return out;
}
std::optional<std::vector<std::string>> ParseKeysJson(std::string_view text) {
  return ParseWhole<std::vector<std::string>>(text, ReadStrings);
}

}  // namespace wp::store
