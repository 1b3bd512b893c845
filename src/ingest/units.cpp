#include "ingest/units.hpp"

#include <algorithm>

#include "ingest/words.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {
namespace {

constexpr std::string_view kTitles[] = {"thu truong",      "giam doc",    "chanh van phong",
                                        "chanh thanh tra", "vu truong",   "cuc truong",
                                        "tong cuc truong", "vien truong", "giao",
                                        "lanh dao"};

// Returns the offset just past a person title at `pos`, or `pos` when there is none.
size_t SkipTitle(std::string_view s, size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos >= s.size() || std::string_view("tTgGcCvVlL").find(s[pos]) == std::string_view::npos)
    return pos;
  for (std::string_view t : kTitles) {
    size_t end = PhraseAt(s, pos, t);
    if (end == std::string_view::npos) continue;
    if (t == "chanh van phong" || t == "chanh thanh tra") {
      // "Chánh Văn phòng Bộ" stands for "Văn phòng Bộ": keep the unit words.
      size_t p = pos;
      while (p < s.size() && s[p] != ' ') ++p;
      return p + 1 <= s.size() ? p + 1 : s.size();
    }
    while (end < s.size() && s[end] == ' ') ++end;
    return end;
  }
  return pos;
}

bool StartsLower(std::string_view s) {
  size_t p = 0;
  if (s.empty()) return false;
  char32_t cp = text::NextCodePoint(s, p);
  return text::IsLower(cp);
}

}  // namespace

std::string_view StripTitle(std::string_view s) {
  s = text::Trim(s);
  size_t end = SkipTitle(s, 0);
  return text::Trim(s.substr(end));
}

std::string_view StripQualifier(std::string_view s) {
  for (std::string_view q :
       {"theo chuc nang, nhiem vu duoc giao", "theo chuc nang, nhiem vu", "theo phan cong"}) {
    size_t at = FindPhrase(s, q);
    if (at != std::string_view::npos && at > 0) s = s.substr(0, at);
  }
  return TrimPunct(s, " ,;:");
}

UnitReader::UnitReader(const std::vector<domain::UnitName>& names) {
  for (const auto& n : names) {
    bool generic = n.kind == domain::UnitNameKind::kGeneric;
    keys_.push_back({text::FoldKey(n.name), generic});
    for (const auto& a : n.aliases) keys_.push_back({text::FoldKey(a), generic});
  }
  keys_.push_back({text::FoldKey("các đơn vị"), true});
  std::sort(keys_.begin(), keys_.end(),
            [](const Key& a, const Key& b) { return a.key.size() > b.key.size(); });
  by_first_.resize(128);
  for (size_t i = 0; i < keys_.size(); ++i) {
    auto c = static_cast<unsigned char>(keys_[i].key.empty() ? 0 : keys_[i].key[0]);
    by_first_[c < 128 ? c : 0].push_back(i);
  }
}

std::optional<size_t> UnitReader::KnownAt(std::string_view s, size_t pos) const {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos >= s.size()) return std::nullopt;
  size_t p = pos;
  char32_t first = text::FoldChar(text::NextCodePoint(s, p));
  if (first >= 128) return std::nullopt;
  for (size_t i : by_first_[first]) {
    size_t end = text::MatchFoldedKey(s, pos, keys_[i].key);
    if (end != std::string_view::npos) return end;
  }
  return std::nullopt;
}

std::optional<UnitReader::Run> UnitReader::ReadRun(std::string_view s, size_t pos,
                                                   bool allow_generic_tail) const {
  Run run;
  size_t p = pos;
  while (true) {
    size_t start = SkipTitle(s, p);
    std::optional<size_t> end = KnownAt(s, start);
    if (!end && allow_generic_tail) {
      // An unlisted group such as "các cơ quan thông tin đại chúng": up to a delimiter.
      std::string_view rest = s.substr(start);
      if (rest.starts_with("các ") || rest.starts_with("Các ")) {
        size_t stop = rest.size();
        for (std::string_view d :
             {",", ";", ":", ".", "(", " để ", " nhằm ", " theo ", " trong "}) {
          size_t at = rest.find(d);
          if (at != std::string_view::npos) stop = std::min(stop, at);
        }
        if (Words(rest.substr(0, stop)).size() <= 8) end = start + stop;
      }
    }
    if (!end) break;
    std::string_view name = StripQualifier(s.substr(start, *end - start));
    if (!name.empty()) run.names.emplace_back(name);
    run.end = *end;
    // "… theo chức năng, nhiệm vụ được giao, Sở …": a qualifier between two units.
    size_t q = *end;
    for (std::string_view qual :
         {"theo chuc nang, nhiem vu duoc giao", "theo chuc nang, nhiem vu", "theo phan cong"}) {
      size_t after_qual = PhraseAt(s, q, qual);
      if (after_qual != std::string_view::npos) {
        q = after_qual;
        break;
      }
    }
    while (q < s.size() && s[q] == ' ') ++q;
    size_t next = std::string_view::npos;
    if (q < s.size() && (s[q] == ',' || s[q] == ';')) {
      next = q + 1;
    } else if (size_t va = PhraseAt(s, q, "va"); va != std::string_view::npos) {
      next = va;
    }
    if (next == std::string_view::npos) break;
    size_t after_title = SkipTitle(s, next);
    bool more = KnownAt(s, after_title).has_value();
    if (!more && allow_generic_tail) {
      std::string_view rest = text::Trim(s.substr(after_title));
      more = rest.starts_with("các ") || rest.starts_with("Các ");
    }
    if (!more) break;
    p = next;
  }
  if (run.names.empty()) return std::nullopt;
  return run;
}

std::vector<std::string> UnitReader::SplitList(std::string_view list) const {
  std::vector<std::string> out;
  list = TrimPunct(list, " ,;:.");
  size_t start = 0;
  auto emit = [&](size_t end) {
    std::string_view piece =
        StripQualifier(StripTitle(TrimPunct(list.substr(start, end - start), " ,;:.")));
    if (!piece.empty()) out.emplace_back(piece);
  };
  int depth = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    char c = list[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth > 0) continue;
    if (c == ';') {
      emit(i);
      start = i + 1;
      continue;
    }
    size_t next = std::string_view::npos;
    if (c == ',') next = i + 1;
    if (c == ' ') {
      size_t va = PhraseAt(list, i, "va");
      if (va != std::string_view::npos && list.substr(i + 1).starts_with("và")) next = va;
    }
    if (next == std::string_view::npos) continue;
    std::string_view rest = text::Trim(list.substr(next));
    std::string_view after_title = StripTitle(rest);
    // Split only where a new unit begins: "…, Cục Người có công" but not "Cục Bảo vệ, chăm sóc".
    if (domain::StartsWithUnitHead(rest) || domain::StartsWithUnitHead(after_title) ||
        KnownAt(after_title, 0).has_value()) {
      if (KnownAt(list, start).value_or(0) > i) continue;  // inside a known name
      emit(i);
      start = next;
    }
  }
  emit(list.size());
  return out;
}

void AppendUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  std::vector<std::string> keys;
  keys.reserve(to.size() + from.size());
  for (const auto& t : to) keys.push_back(text::FoldKey(t));
  for (const auto& name : from) {
    std::string key = text::FoldKey(name);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    to.push_back(name);
    keys.push_back(std::move(key));
  }
}

namespace {

std::vector<std::string> ReadCoordinators(std::string_view s, size_t from,
                                          const UnitReader& units) {
  // After "phối hợp với": a run of units, or everything up to the colon that closes the lead
  // sentence ("… phối hợp với các cơ quan, đơn vị ở trung ương và địa phương:").
  auto run = units.ReadRun(s, from, /*allow_generic_tail=*/true);
  size_t colon = s.find(':', from);
  if (run) {
    size_t stop = colon == std::string_view::npos ? s.size() : colon;
    if (run->end <= stop && TrimPunct(s.substr(run->end, stop - run->end), " ,;.").empty())
      return run->names;
  }
  if (colon != std::string_view::npos && Words(s.substr(from, colon - from)).size() <= 14) {
    return units.SplitList(s.substr(from, colon - from));
  }
  if (run) return run->names;
  return {};
}

size_t AfterCoordinateKeyword(std::string_view s, size_t pos) {
  size_t p = PhraseAt(s, pos, "phoi hop voi");
  if (p == std::string_view::npos) p = PhraseAt(s, pos, "phoi hop cung");
  if (p == std::string_view::npos) p = PhraseAt(s, pos, "phoi hop");
  return p;
}

}  // namespace

std::optional<Responsibility> ReadResponsibility(std::string_view sentence, const UnitReader& units,
                                                 ActorPosition position) {
  std::string_view s = sentence;
  Responsibility r;
  // The text is NFC: look for the words as written before the folded search, which is
  // slower and only needed for odd spacing.
  auto written = [&](std::initializer_list<std::string_view> forms) {
    for (std::string_view f : forms) {
      if (s.find(f) != std::string_view::npos) return true;
    }
    return false;
  };
  size_t lead_kw =
      written({"hủ trì", "HỦ TRÌ", "hủ  trì"}) ? FindPhrase(s, "chu tri") : std::string_view::npos;
  size_t coord_kw = std::string_view::npos;
  if (written({"hối hợp", "HỐI HỢP", "hối  hợp"})) {
    coord_kw = FindPhrase(s, "phoi hop voi");
    if (coord_kw == std::string_view::npos) coord_kw = FindPhrase(s, "phoi hop");
  }

  auto coordinators_after = [&](size_t pos) {
    size_t q = pos;
    while (q < s.size() && (s[q] == ' ' || s[q] == ',')) ++q;
    size_t after = AfterCoordinateKeyword(s, q);
    if (after != std::string_view::npos) r.coordinators = ReadCoordinators(s, after, units);
  };

  if (lead_kw != std::string_view::npos) {
    std::string_view subject = TrimPunct(s.substr(0, lead_kw), " ,;:");
    auto run = units.ReadRun(subject, 0);
    bool clean = run && TrimPunct(subject.substr(run->end), " ,;:").empty();
    r.keyword = lead_kw;
    r.subject = subject;
    if (clean) {
      r.leads = run->names;
    } else if (!subject.empty() &&
               (domain::StartsWithUnitHead(StripTitle(subject)) ||
                domain::StartsWithUnitHead(subject)) &&
               Words(subject).size() <= 30) {
      r.leads = units.SplitList(subject);
    } else {
      r.unreadable = true;
      return r;
    }
    r.explicit_lead = true;
    coordinators_after(lead_kw + std::string_view("chủ trì").size());
    return r;
  }
  // An actor at the start of the sentence: "Sở … nghiên cứu …", "Tổng cục dạy nghề phối hợp với …".
  auto run = units.ReadRun(s, 0);
  if (!run && coord_kw != std::string_view::npos) {
    std::string_view subject = TrimPunct(s.substr(0, coord_kw), " ,;:");
    if (!subject.empty() && domain::StartsWithUnitHead(StripTitle(subject)) &&
        Words(subject).size() <= 25) {
      r.leads = units.SplitList(subject);
      r.subject = subject;
      r.keyword = coord_kw;
      coordinators_after(coord_kw);
      return r;
    }
  }
  if (run) {
    std::string_view rest = text::Trim(s.substr(run->end));
    // The run must be the subject: followed by a verb (lower-case word), ':' or "phối hợp".
    if (rest.empty() || rest.front() == ':' || StartsLower(rest) ||
        (rest.front() == ',' && StartsLower(text::Trim(rest.substr(1))))) {
      r.leads = run->names;
      r.subject = s.substr(0, run->end);
      r.keyword = coord_kw;
      if (coord_kw != std::string_view::npos) coordinators_after(coord_kw);
      return r;
    }
  }
  if (position == ActorPosition::kAnywhere) {
    // "Trên cơ sở …, Thủ trưởng các đơn vị …, Giám đốc các Sở …, cụ thể hóa …"; or a lead-in
    // that ends with the units and a colon ("Căn cứ vào …, thủ trưởng các đơn vị …:").
    // Without a closing colon, only a titled unit counts: try those positions alone.
    const bool ends_with_colon = TrimPunct(s, " .").ends_with(":") || s.ends_with(":");
    size_t pos = 0;
    while (pos < s.size()) {
      size_t word = pos;
      while (word < s.size() && s[word] == ' ') ++word;
      bool titled = SkipTitle(s, word) != word;
      if (titled || (ends_with_colon && s.substr(pos).starts_with(" "))) {
        if (auto mid = units.ReadRun(s, pos)) {
          std::string_view rest = text::Trim(s.substr(mid->end));
          bool ends_sentence = TrimPunct(rest, " :").empty();
          if (titled || ends_sentence) {
            r.leads = mid->names;
            r.subject = TrimPunct(s.substr(pos, mid->end - pos), " ,;:");
            if (coord_kw != std::string_view::npos && coord_kw > mid->end)
              coordinators_after(coord_kw);
            return r;
          }
        }
      }
      size_t next = s.find(' ', pos + 1);
      if (next == std::string_view::npos) break;
      pos = next;
    }
  }
  return std::nullopt;
}

}  // namespace wp::ingest
