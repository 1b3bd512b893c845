#include "store/unit_program_json.hpp"

#include "core/json_scan.hpp"
#include "core/json_text.hpp"

namespace wp::store {
namespace {

using core::JsonScan;
using Type = JsonScan::Type;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) { out_.push_back('{'); }
  void Key(std::string_view key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    core::AppendJsonString(out_, key);
    out_.push_back(':');
  }
  void Str(std::string_view key, std::string_view value) {
    Key(key);
    core::AppendJsonString(out_, value);
  }
  void OptStr(std::string_view key, const std::optional<std::string>& value) {
    Key(key);
    if (value) {
      core::AppendJsonString(out_, *value);
    } else {
      out_ += "null";
    }
  }
  void OptDate(std::string_view key, const std::optional<core::CivilDate>& d) {
    OptStr(key, d ? std::optional<std::string>(d->ToIso()) : std::nullopt);
  }
  void Int(std::string_view key, std::optional<int64_t> value) {
    Key(key);
    out_ += value ? std::to_string(*value) : std::string("null");
  }
  void End() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool first_ = true;
};

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
template <typename F>
bool ReadObject(JsonScan& s, F&& field) {
  if (s.Peek() != Type::kObject || !s.Enter()) return false;
  std::string key;
  while (s.NextKey(key)) {
    if (!field(key)) return false;
  }
  return !s.failed();
}
template <typename F>
bool ReadArray(JsonScan& s, F&& element) {
  if (s.Peek() != Type::kArray || !s.Enter()) return false;
  while (s.NextElement()) {
    if (!element()) return false;
  }
  return !s.failed();
}

bool ReadTask(JsonScan& s, domain::UnitTask& t) {
  return ReadObject(s, [&](const std::string& k) {
    if (k == "id") {
      std::optional<int64_t> id;
      if (!ReadOptInt(s, id) || !id) return false;
      t.id = *id;
      return true;
    }
    if (k == "serves") return ReadStr(s, t.serves);
    if (k == "text") return ReadStr(s, t.text);
    if (k == "responsible_user_id") return ReadOptInt(s, t.responsible_user);
    if (k == "responsible_name") return ReadStr(s, t.responsible_name);
    if (k == "start") return ReadOptDate(s, t.start);
    if (k == "due") return ReadOptDate(s, t.due);
    if (k == "output") return ReadStr(s, t.output);
    if (k == "carried_from") return ReadStr(s, t.carried_from);
    if (k == "dropped_from") return ReadOptDate(s, t.dropped_from);
    return s.Skip();
  });
}

bool ReadTarget(JsonScan& s, domain::UnitTarget& t) {
  return ReadObject(s, [&](const std::string& k) {
    if (k == "target_id") return ReadOptInt(s, t.target_id);
    if (k == "indicator_code") return ReadStr(s, t.indicator_code);
    if (k == "name") return ReadStr(s, t.name);
    if (k == "uom") return ReadStr(s, t.uom);
    if (k == "serves") return ReadStr(s, t.serves);
    if (k == "value") {
      std::optional<std::string> v;
      if (!ReadOptStr(s, v)) return false;
      if (!v) return true;
      t.value = core::ParseDecimal(*v);
      return t.value.has_value();
    }
    if (k == "comparator") {
      std::optional<std::string> v;
      if (!ReadOptStr(s, v)) return false;
      if (!v) return true;
      t.comparator = domain::ParseComparator(*v);
      return t.comparator.has_value();
    }
    return s.Skip();
  });
}

}  // namespace

std::string UnitProgramSnapshotJson(const UnitProgramRecord& r,
                                    const domain::UnitProgramContent& c) {
  std::string out;
  Writer w(out);
  w.Int("id", r.id);
  w.Int("program_id", r.program_id);
  w.Int("unit_id", r.unit_id);
  w.Str("status", domain::UnitProgramStatusName(r.status));
  w.Int("version", r.version);
  w.Str("due", r.due.ToIso());
  w.Str("source_name", r.source_name);
  w.Str("source_sha256", r.source_sha256);
  w.OptStr("first_submitted_at", r.first_submitted_at);
  w.OptStr("submitted_at", r.submitted_at);
  w.OptStr("decided_at", r.decided_at);
  w.Int("decided_by", r.decided_by);
  w.Str("comment", r.comment);
  w.Int("accepted_version", r.accepted_version);
  w.Int("carried_from", r.carried_from);
  w.Str("updated_at", r.updated_at);
  w.Int("updated_by", r.updated_by);
  w.Key("decision");
  {
    Writer d(out);
    d.Str("number", c.decision_number);
    d.OptDate("date", c.decision_date);
    d.Str("signer", c.signer);
    d.End();
  }
  w.Key("tasks");
  out.push_back('[');
  for (size_t i = 0; i < c.tasks.size(); ++i) {
    const auto& t = c.tasks[i];
    if (i) out.push_back(',');
    Writer o(out);
    o.Int("id", t.id);
    o.Str("serves", t.serves);
    o.Str("text", t.text);
    o.Int("responsible_user_id", t.responsible_user);
    o.Str("responsible_name", t.responsible_name);
    o.OptDate("start", t.start);
    o.OptDate("due", t.due);
    o.Str("output", t.output);
    o.Str("carried_from", t.carried_from);
    o.OptDate("dropped_from", t.dropped_from);
    o.End();
  }
  out.push_back(']');
  w.Key("targets");
  out.push_back('[');
  for (size_t i = 0; i < c.targets.size(); ++i) {
    const auto& t = c.targets[i];
    if (i) out.push_back(',');
    Writer o(out);
    o.Int("target_id", t.target_id);
    o.Str("indicator_code", t.indicator_code);
    o.Str("name", t.name);
    o.Str("uom", t.uom);
    o.OptStr("value", t.value ? std::optional<std::string>(t.value->ToString()) : std::nullopt);
    o.OptStr("comparator", t.comparator
                               ? std::optional<std::string>(domain::ComparatorName(*t.comparator))
                               : std::nullopt);
    o.Str("serves", t.serves);
    o.End();
  }
  out.push_back(']');
  w.End();
  return out;
}

std::optional<domain::UnitProgramContent> ParseUnitProgramSnapshot(std::string_view text) {
  JsonScan s(text);
  domain::UnitProgramContent c;
  bool ok = ReadObject(s, [&](const std::string& k) {
    if (k == "decision") {
      return ReadObject(s, [&](const std::string& dk) {
        if (dk == "number") return ReadStr(s, c.decision_number);
        if (dk == "date") return ReadOptDate(s, c.decision_date);
        if (dk == "signer") return ReadStr(s, c.signer);
        return s.Skip();
      });
    }
    if (k == "tasks") {
      return ReadArray(s, [&] {
        domain::UnitTask t;
        if (!ReadTask(s, t)) return false;
        c.tasks.push_back(std::move(t));
        return true;
      });
    }
    if (k == "targets") {
      return ReadArray(s, [&] {
        domain::UnitTarget t;
        if (!ReadTarget(s, t)) return false;
        c.targets.push_back(std::move(t));
        return true;
      });
    }
    return s.Skip();
  });
  if (!ok || !s.Finish()) return std::nullopt;
  return c;
}

}  // namespace wp::store
