// The issuer's catalogue of indicators (issue 16) in its two tables: an indicator's row and its
// aliases, read with two queries whatever the catalogue's size.

#include <map>
#include <set>
#include <stdexcept>

#include "store/sql/sql_store.hpp"

namespace wp::store::sql {
namespace {

using core::ErrorCode;

constexpr const char* kSelectIndicator =
    "SELECT id, issuer_key, code, name, unit, aggregation, numerator_code, denominator_code, "
    "ratio_scale_mantissa, ratio_scale_scale, better, default_reporters, default_consolidator, "
    "sentence FROM indicators";

domain::Indicator ReadIndicator(Statement& q) {
  domain::Indicator x;
  std::string aggregation, better, reporters;
  std::optional<int64_t> scale_mantissa, scale_scale;
  std::optional<std::string> sentence;
  q.Get(0, x.id, x.issuer_key, x.code, x.name, x.unit, aggregation, x.numerator_code,
        x.denominator_code, scale_mantissa, scale_scale, better, reporters, x.default_consolidator,
        sentence);
  x.sentence = sentence.value_or("");
  x.aggregation = domain::ParseAggregation(aggregation).value_or(domain::Aggregation::kSum);
  x.better = domain::ParseBetter(better).value_or(domain::Better::kHigher);
  x.default_reporters = domain::ParseReporterGroup(reporters);
  if (scale_mantissa) {
    x.ratio_scale = core::Decimal{*scale_mantissa, static_cast<int>(scale_scale.value_or(0))};
  }
  return x;
}

// The aliases of the indicators `where` selects (a condition on `i`, one parameter or none).
void LoadAliases(Connection& c, std::vector<domain::Indicator>& out, const std::string& where,
                 const std::optional<std::string>& param, std::optional<int64_t> id) {
  std::map<int64_t, domain::Indicator*> by_id;
  for (auto& x : out) by_id[x.id] = &x;
  const std::string sql =
      "SELECT a.indicator_id, a.alias FROM indicator_aliases a JOIN indicators i ON "
      "i.id = a.indicator_id" +
      where + " ORDER BY a.indicator_id, a.ord";
  auto& q = param ? c.Query(sql, *param) : id ? c.Query(sql, *id) : c.Prepare(sql);
  while (q.Step()) {
    auto it = by_id.find(q.Int(0));
    if (it != by_id.end()) it->second->aliases.push_back(q.Text(1));
  }
}

void InsertAliases(Connection& c, const domain::Indicator& x) {
  Rows aliases("indicator_aliases", "indicator_id bigint, ord int, alias text");
  for (size_t i = 0; i < x.aliases.size(); ++i) {
    aliases.Int(x.id).Int(static_cast<int64_t>(i)).Text(x.aliases[i]).End();
  }
  c.Insert(aliases);
}

core::Error IndicatorNotFound(int64_t id) {
  return core::MakeError(ErrorCode::kNotFound, "indicator_not_found",
                         "Không tìm thấy chỉ số #" + std::to_string(id) + " trong danh mục");
}

const char* GroupText(const std::optional<domain::ReporterGroup>& g) {
  return g ? domain::ReporterGroupName(*g) : "";
}

}  // namespace

core::Result<std::vector<domain::Indicator>> SqlStore::ListIndicators(
    const std::string& issuer_key) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<domain::Indicator>> {
        std::vector<domain::Indicator> out;
        const bool all = issuer_key.empty();
        const std::string where = all ? "" : " WHERE i.issuer_key = ?";
        const std::string sql =
            std::string(kSelectIndicator) + " i" + where + " ORDER BY i.issuer_key, i.code";
        auto& q = all ? c.Prepare(sql) : c.Query(sql, issuer_key);
        while (q.Step()) out.push_back(ReadIndicator(q));
        LoadAliases(c, out, where, all ? std::nullopt : std::optional<std::string>(issuer_key),
                    std::nullopt);
        return out;
      },
      Snapshot::kYes);
}

core::Result<domain::Indicator> SqlStore::GetIndicator(int64_t id) {
  return Read(
      [&](Connection& c) -> core::Result<domain::Indicator> {
        auto& q = c.Query(std::string(kSelectIndicator) + " i WHERE i.id = ?", id);
        if (!q.Step()) return tl::unexpected(IndicatorNotFound(id));
        std::vector<domain::Indicator> out{ReadIndicator(q)};
        LoadAliases(c, out, " WHERE i.id = ?", std::nullopt, id);
        return std::move(out.front());
      },
      Snapshot::kYes);
}

core::Result<size_t> SqlStore::AddIndicators(const std::vector<domain::Indicator>& rows,
                                             const std::string& at, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<size_t> {
    std::set<std::pair<std::string, std::string>> stored;
    {
      auto& q = c.Prepare("SELECT issuer_key, code FROM indicators");
      while (q.Step()) stored.emplace(q.Text(0), q.Text(1));
    }
    size_t added = 0;
    for (const auto& x : rows) {
      if (!stored.emplace(x.issuer_key, x.code).second) continue;
      auto& insert = c.Prepare(
          "INSERT INTO indicators(issuer_key, code, name, unit, aggregation, numerator_code, "
          "denominator_code, ratio_scale_mantissa, ratio_scale_scale, better, default_reporters, "
          "default_consolidator, sentence, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "RETURNING id");
      std::optional<int64_t> m, s;
      if (x.ratio_scale) {
        m = x.ratio_scale->mantissa;
        s = x.ratio_scale->scale;
      }
      insert.BindAll(
          x.issuer_key, x.code, x.name, x.unit, std::string(domain::AggregationName(x.aggregation)),
          x.numerator_code, x.denominator_code, m, s, std::string(domain::BetterName(x.better)),
          std::string(GroupText(x.default_reporters)), x.default_consolidator, x.sentence, at);
      if (!insert.Step()) throw std::runtime_error("indicator insert returned no id");
      domain::Indicator with_id = x;
      with_id.id = insert.Int(0);
      while (insert.Step()) {
      }
      InsertAliases(c, with_id);
      ++added;
    }
    if (added > 0) AppendAudit(c, audit, "");
    return added;
  });
}

core::Result<size_t> SqlStore::FillIndicatorSentences(
    const std::vector<domain::Indicator>& catalogue, const AuditEvent& audit) {
  std::map<std::pair<std::string, std::string>, const std::string*> wording;
  for (const auto& x : catalogue) wording[{x.issuer_key, x.code}] = &x.sentence;
  return Write([&](Connection& c) -> core::Result<size_t> {
    std::vector<std::pair<int64_t, std::string>> fill;
    {
      auto& q = c.Prepare("SELECT id, issuer_key, code FROM indicators WHERE sentence IS NULL");
      while (q.Step()) {
        auto it = wording.find({q.Text(1), q.Text(2)});
        fill.emplace_back(q.Int(0), it == wording.end() ? std::string() : *it->second);
      }
    }
    for (const auto& [id, sentence] : fill) {
      auto& u = c.Query("UPDATE indicators SET sentence = ? WHERE id = ?", sentence, id);
      u.Exec();
    }
    if (!fill.empty()) AppendAudit(c, audit, "");
    return fill.size();
  });
}

core::Status SqlStore::UpdateIndicator(const domain::Indicator& x, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    std::optional<int64_t> m, s;
    if (x.ratio_scale) {
      m = x.ratio_scale->mantissa;
      s = x.ratio_scale->scale;
    }
    auto& q = c.Query(
        "UPDATE indicators SET name = ?, unit = ?, aggregation = ?, numerator_code = ?, "
        "denominator_code = ?, ratio_scale_mantissa = ?, ratio_scale_scale = ?, better = ?, "
        "default_reporters = ?, default_consolidator = ?, sentence = ? WHERE id = ? RETURNING id",
        x.name, x.unit, std::string(domain::AggregationName(x.aggregation)), x.numerator_code,
        x.denominator_code, m, s, std::string(domain::BetterName(x.better)),
        std::string(GroupText(x.default_reporters)), x.default_consolidator, x.sentence, x.id);
    if (!q.Step()) return tl::unexpected(IndicatorNotFound(x.id));
    while (q.Step()) {
    }
    auto& del = c.Query("DELETE FROM indicator_aliases WHERE indicator_id = ?", x.id);
    del.Exec();
    InsertAliases(c, x);
    AppendAudit(c, audit, std::to_string(x.id));
    return {};
  });
}

}  // namespace wp::store::sql
