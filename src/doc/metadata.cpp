#include "doc/metadata.hpp"

#include <algorithm>
#include <vector>

#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::doc {

namespace {

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t start = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// "BẮC" -> "Bắc", "RỊA-VŨNG" -> "Rịa-Vũng": each part of a proper name capitalised.
std::string ProperCase(std::string_view word) {
  std::string lower = text::ToLower(word);
  std::string out;
  bool capital = true;
  size_t pos = 0;
  std::string_view l(lower);
  while (pos < l.size()) {
    size_t start = pos;
    char32_t cp = text::NextCodePoint(l, pos);
    std::string_view piece = l.substr(start, pos - start);
    if (capital && text::IsLetter(cp)) {
      out += text::ToUpper(piece);
      capital = false;
    } else {
      out += piece;
      if (!text::IsLetter(cp)) capital = true;
    }
  }
  return out;
}

bool IsLocalityHead(std::string_view key) {
  return key == "uybannhandan" || key == "hoidongnhandan" || key == "ybannhandan" ||
         key == "oidongnhandan" || key == "ubnd" || key == "hdnd";
}

}  // namespace

std::string IssuerCaps(const Header& header) {
  if (header.issuer_lines.empty()) return "";
  const auto& lines = header.issuer_lines;
  std::string last = text::CollapseSpaces(lines.back().text);
  std::string combined = last;
  if (lines.size() >= 2) {
    std::string prev = text::CollapseSpaces(lines[lines.size() - 2].text);
    if (!LocalityOf("ỦY BAN NHÂN DÂN " + last).empty() && IsLocalityHead(text::FoldKey(prev)))
      combined = prev + " " + last;
  }
  // A first letter the copy lost.
  std::string key = text::FoldKey(combined);
  if (key.starts_with("ybannhandan") && combined.starts_with("Y")) {
    combined = "ỦY" + combined.substr(1);
  } else if (key.starts_with("oidongnhandan")) {
    combined = "H" + combined;
  }
  return combined;
}

bool IsBareLocalBody(std::string_view caps) {
  std::string key = text::FoldKey(caps);
  return key == "uybannhandan" || key == "hoidongnhandan";
}

std::string LocalityOf(std::string_view caps) {
  std::vector<std::string_view> words = SplitWords(caps);
  for (size_t k = 0; k < words.size(); ++k) {
    std::string w = text::Fold(words[k]);
    size_t head_words = 0;
    if (w == "tinh" || w == "huyen" || w == "quan" || w == "xa" || w == "phuong") {
      head_words = 1;
    } else if ((w == "thanh" || w == "thi") && k + 1 < words.size()) {
      std::string w2 = text::Fold(words[k + 1]);
      if ((w == "thanh" && w2 == "pho") || (w == "thi" && w2 == "xa")) head_words = 2;
    }
    if (head_words == 0 || k + head_words >= words.size()) continue;
    // The locality word only after the body ("ỦY BAN NHÂN DÂN TỈNH …") or first.
    std::string before;
    for (size_t i = 0; i < k; ++i) before += std::string(words[i]);
    if (k > 0 && !IsLocalityHead(text::FoldKey(before))) continue;
    std::string out;
    for (size_t i = k; i < k + head_words; ++i)
      out += (out.empty() ? "" : " ") + text::ToLower(words[i]);
    for (size_t i = k + head_words; i < words.size(); ++i) out += " " + ProperCase(words[i]);
    return out;
  }
  return "";
}

std::string LocalityOfPlace(std::string_view place) {
  std::string p = text::CollapseSpaces(place);
  std::string key = text::FoldKey(p);
  if (key.empty()) return "";
  for (std::string_view prefix : {"thanhpho", "tp.", "tp"}) {
    if (key.starts_with(prefix)) {
      std::vector<std::string_view> words = SplitWords(p);
      size_t skip = prefix == "thanhpho" ? 2 : 1;
      std::string out = "thành phố";
      for (size_t i = skip; i < words.size(); ++i) out += " " + std::string(words[i]);
      return out;
    }
  }
  for (std::string_view city : {"hanoi", "hochiminh", "haiphong", "danang", "cantho", "hue"}) {
    if (key == city) return "thành phố " + p;
  }
  return "tỉnh " + p;
}

std::optional<std::string> SignerTitle(const Signature& signature) {
  const auto& lines = signature.authority;
  if (lines.empty()) return std::nullopt;
  auto office_of = [](std::string_view line) {
    for (std::string_view prefix : {"KT.", "TM.", "TL.", "TUQ.", "Q.", "KT", "TM"}) {
      if (line.starts_with(prefix)) return text::Trim(line.substr(prefix.size()));
    }
    return line;
  };
  std::string first_key = text::FoldKey(lines.front().text);
  if (first_key.starts_with("kt.")) {
    std::string office = text::FoldKey(office_of(lines.front().text));
    // A deputy signs for the chair or the director.
    if (office == "chutich") return std::string("Phó Chủ tịch");
    if (office == "giamdoc") return std::string("Phó Giám đốc");
  }
  if (first_key.starts_with("tm.")) {
    // "TM. ỦY BAN NHÂN DÂN" then the office ("CHỦ TỊCH"); a cut block names none.
    for (size_t i = 1; i < lines.size(); ++i) {
      std::string key = text::FoldKey(lines[i].text);
      if (key.starts_with("chutich") || key.starts_with("phochutich") ||
          key.starts_with("kt.chutich"))
        return text::SentenceCase(office_of(lines[i].text));
    }
    return std::nullopt;
  }
  return text::SentenceCase(office_of(lines.back().text));
}

std::string Unglue(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kGlued[] = {
      {"PHÊDUYỆT", "PHÊ DUYỆT"},       {"CHƯƠNGTRÌNH", "CHƯƠNG TRÌNH"}, {"KẾHOẠCH", "KẾ HOẠCH"},
      {"TRIỂNKHAI", "TRIỂN KHAI"},     {"THỰCHIỆN", "THỰC HIỆN"},       {"BANHÀNH", "BAN HÀNH"},
      {"QUYẾTĐỊNH", "QUYẾT ĐỊNH"},     {"CÔNGTÁC", "CÔNG TÁC"},         {"GIAIĐOẠN", "GIAI ĐOẠN"},
      {"ĐỊABÀN", "ĐỊA BÀN"},           {"Phêduyệt", "Phê duyệt"},       {"phêduyệt", "phê duyệt"},
      {"chươngtrình", "chương trình"}, {"kếhoạch", "kế hoạch"},         {"triểnkhai", "triển khai"},
      {"thựchiện", "thực hiện"},       {"banhành", "ban hành"},         {"phủngày", "phủ ngày"}};
  std::string out(s);
  for (auto [glued, apart] : kGlued) {
    for (size_t at = 0; (at = out.find(glued, at)) != std::string::npos;) {
      out.replace(at, glued.size(), apart);
      at += apart.size();
    }
  }
  // "SỐ29-CT/TU", "NGÀY22": a number glued to the word that announces it.
  for (std::string_view word : {"SỐ", "Số", "số", "NGÀY", "ngày", "NĂM", "năm"}) {
    for (size_t at = 0; (at = out.find(word, at)) != std::string::npos;) {
      size_t end = at + word.size();
      bool starts_word = at == 0 || out[at - 1] == ' ' || out[at - 1] == '(';
      if (starts_word && end < out.size() && out[end] >= '0' && out[end] <= '9') {
        out.insert(end, " ");
      }
      at = end;
    }
  }
  return out;
}

std::string StripSubjectLead(std::string_view title) {
  std::vector<std::string_view> words = SplitWords(title);
  static const std::vector<std::vector<std::string_view>> kLeads = {{"ve", "viec", "ban", "hanh"},
                                                                    {"ve", "ban", "hanh"},
                                                                    {"ban", "hanh"},
                                                                    {"ve", "viec", "phe", "duyet"},
                                                                    {"ve", "phe", "duyet"},
                                                                    {"phe", "duyet"},
                                                                    {"ve", "viec"},
                                                                    {"ve"}};
  for (const auto& lead : kLeads) {
    if (words.size() <= lead.size()) continue;
    bool match = true;
    for (size_t i = 0; i < lead.size() && match; ++i) match = text::Fold(words[i]) == lead[i];
    if (!match) continue;
    std::string rest_key = text::FoldKey(words[lead.size()]);
    if (lead.size() + 1 < words.size()) rest_key += text::FoldKey(words[lead.size() + 1]);
    bool names_document = false;
    for (std::string_view t : {"chuongtrinh", "kehoach", "dean", "quyche", "quydinh", "huongdan"}) {
      if (rest_key.starts_with(t)) names_document = true;
    }
    if (!names_document) return std::string(title);
    const char* begin = words[lead.size()].data();
    return std::string(title.substr(static_cast<size_t>(begin - title.data())));
  }
  return std::string(title);
}

std::optional<YearSpan> PeriodOf(std::string_view title, std::optional<int> issue_year) {
  std::string f = text::Fold(title);
  for (std::string_view dash : {"\u2013", "\u2014", "\u2010", "\u2212"}) {
    for (size_t at = 0; (at = f.find(dash, at)) != std::string::npos;)
      f.replace(at, dash.size(), "-");
  }
  auto plausible = [](int from, int to) {
    return from >= 1900 && to <= 2200 && from < to && to - from <= 30;
  };
  auto skip_spaces = [&](size_t& p) {
    while (p < f.size() && f[p] == ' ') ++p;
  };
  // Four digits at `p` not followed by a fifth.
  auto year_at = [&](size_t& p) -> std::optional<int> {
    if (p + 4 > f.size()) return std::nullopt;
    int v = 0;
    for (size_t k = p; k < p + 4; ++k) {
      if (f[k] < '0' || f[k] > '9') return std::nullopt;
      v = v * 10 + (f[k] - '0');
    }
    if (p + 4 < f.size() && f[p + 4] >= '0' && f[p + 4] <= '9') return std::nullopt;
    p += 4;
    return v;
  };
  std::optional<YearSpan> span;
  for (std::string_view lead : {"giai doan", "thoi ky", "("}) {
    for (size_t at = 0; !span && (at = f.find(lead, at)) != std::string::npos; ++at) {
      size_t p = at + lead.size();
      skip_spaces(p);
      auto from = year_at(p);
      if (!from) continue;
      skip_spaces(p);
      if (p >= f.size() || f[p] != '-') continue;
      ++p;
      skip_spaces(p);
      auto to = year_at(p);
      if (to && plausible(*from, *to)) span = YearSpan{*from, *to};
    }
  }
  // "định hướng đến năm 2030" extends the period; "tầm nhìn đến năm 2030" is a vision only.
  constexpr std::string_view kUntil = "den nam ";
  for (size_t at = 0; (at = f.find(kUntil, at)) != std::string::npos; ++at) {
    size_t p = at + kUntil.size();
    auto to = year_at(p);
    if (!to) continue;
    if (at >= 9 && std::string_view(f).substr(at - 9, 9) == "tam nhin ") continue;
    if (span) {
      if (*to > span->to && plausible(span->from, *to)) span->to = *to;
    } else if (issue_year && plausible(*issue_year, *to)) {
      span = YearSpan{*issue_year, *to};
    }
  }
  return span;
}

}  // namespace wp::doc
