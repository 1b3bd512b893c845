#include "ingest/binder.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "doc/metadata.hpp"
#include "ingest/passes.hpp"
#include "ingest/units.hpp"
#include "ingest/words.hpp"
#include "text/date_phrase.hpp"
#include "text/fold.hpp"
#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {

using doc::Block;
using doc::BlockKind;

namespace {

std::string Collapse(std::string_view s) { return text::CollapseSpaces(s); }

// "Bộ Lao động-Thương binh và Xã hội" -> "Bộ Lao động - Thương binh và Xã hội": one spelling of
// the dash between the parts of a unit name.
std::string CanonicalDashes(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t cp = text::NextCodePoint(s, pos);
    if (text::IsDash(cp)) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += " - ";
      while (pos < s.size() && s[pos] == ' ') ++pos;
      continue;
    }
    out.append(s.substr(start, pos - start));
  }
  return Collapse(out);
}

// "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" -> "Bộ Nông nghiệp và Phát triển nông thôn": the
// head word, the first word after it and the first word after each "và" or dash keep a capital.
std::string TitleCaseUnitName(std::string_view caps) {
  std::string lower = text::ToLower(caps);
  std::string out;
  bool capital_next = true;
  int words = 0;
  size_t pos = 0;
  std::string_view l(lower);
  while (pos < l.size()) {
    size_t start = pos;
    char32_t cp = text::NextCodePoint(l, pos);
    if (text::IsLetter(cp)) {
      size_t end = start;
      while (end < l.size()) {
        size_t q = end;
        if (!text::IsLetter(text::NextCodePoint(l, q))) break;
        end = q;
      }
      std::string_view word = l.substr(start, end - start);
      ++words;
      out += capital_next || words <= 2 ? text::CapitalizeFirst(word) : std::string(word);
      capital_next = word == "và";
      pos = end;
      continue;
    }
    if (text::IsDash(cp)) capital_next = true;
    out.append(l.substr(start, pos - start));
  }
  return out;
}

}  // namespace

Context::Context(const doc::Document& d, const std::vector<domain::UnitName>& names)
    : doc(d), units(names), units_known(names), block_section(d.blocks.size(), -1) {
  sentences.reserve(d.blocks.size());
  for (const auto& b : d.blocks) sentences.push_back(Sentences(b.text));
}

void Context::Diag(core::Severity severity, std::string code, std::string message,
                   std::string_view where) {
  plan.diagnostics.push_back(
      core::Diagnostic{severity, std::move(code), std::move(message), doc.SpanOf(where)});
}

void BindMetadata(Context& cx) {
  const doc::Document& d = cx.doc;
  domain::DocumentInfo& info = cx.plan.document;
  if (d.type) {
    info.type = Collapse(d.type->text);
  } else if (!d.attachment_title.empty()) {
    std::string key = text::FoldKey(d.attachment_title.front().text);
    for (auto [k, name] : {std::pair{"chuongtrinh", "CHƯƠNG TRÌNH"},
                           {"kehoach", "KẾ HOẠCH"},
                           {"quyche", "QUY CHẾ"},
                           {"quydinh", "QUY ĐỊNH"},
                           {"huongdan", "HƯỚNG DẪN"}}) {
      if (key.starts_with(k)) info.type = name;
    }
  }
  if (d.header.number) info.number = std::string(d.header.number->text);
  if (d.header.date) info.issued_date = d.header.date;
  if (d.header.place) info.place = Collapse(d.header.place->text);
  // "(Ban hành kèm theo Quyết định số 176/QĐ-LĐTBXH ngày 25/01/2008 của Bộ trưởng Bộ …)".
  if (d.attachment_reference) {
    std::string_view ref = d.attachment_reference->text;
    size_t so = FindPhrase(ref, "so");
    if (so != std::string_view::npos && !info.number) {
      size_t p = PhraseAt(ref, so, "so");
      while (p < ref.size() && (ref[p] == ' ' || ref[p] == ':')) ++p;
      size_t e = p;
      while (e < ref.size() && ref[e] != ' ' && ref[e] != ',' && ref[e] != ')') ++e;
      if (e > p) info.number = std::string(ref.substr(p, e - p));
    }
    if (!info.issued_date) {
      if (auto date = text::FindDate(ref, so == std::string_view::npos ? 0 : so))
        info.issued_date = date->date;
    }
    if (d.header.issuer_lines.empty()) {
      size_t cua = FindPhrase(ref, "cua");
      if (cua != std::string_view::npos) {
        std::string_view who = TrimPunct(ref.substr(PhraseAt(ref, cua, "cua")), " ()");
        // "Bộ trưởng Bộ Lao động …" -> the body after the office holder's title.
        size_t bo = FindPhrase(who, "bo", 1);
        if (text::FoldKey(who.substr(0, std::min<size_t>(who.size(), 40)))
                .starts_with("botruong") &&
            bo != std::string_view::npos)
          who = who.substr(bo);
        if (!who.empty()) info.issuer = CanonicalDashes(who);
      }
    }
  }
  // The website's table of properties fills what the header lacks (a disagreement is noted by
  // the parser).
  const doc::MetadataTable& table = d.metadata_table;
  if (!info.number && table.number) info.number = Collapse(table.number->text);
  if (!info.issued_date && table.date) info.issued_date = table.date;
  if (!info.type && table.type) info.type = text::ToUpper(Collapse(table.type->text));
  // "316/KH-UBND" names a plan when the copy lost the type line.
  if (!info.type && info.number) info.type = doc::TypeFromNumber(*info.number);
  const std::string issuer_caps = doc::IssuerCaps(d.header);
  if (doc::IsBareLocalBody(issuer_caps)) {
    // "ỦY BAN NHÂN DÂN" without its province: as the text names it ("Ủy ban nhân dân tỉnh Lào
    // Cai xây dựng …"), else from the place the province writes in its header.
    std::string head =
        text::FoldKey(issuer_caps) == "uybannhandan" ? "Ủy ban nhân dân" : "Hội đồng nhân dân";
    std::string_view all(d.text());
    std::string phrase =
        text::FoldKey(issuer_caps) == "uybannhandan" ? "uy ban nhan dan" : "hoi dong nhan dan";
    for (size_t pos = 0; (pos = FindPhrase(all, phrase, pos)) != std::string_view::npos;) {
      size_t end = PhraseAt(all, pos, phrase);
      std::string_view after = all.substr(end, std::min<size_t>(all.size() - end, 80));
      size_t stop = after.find_first_of("\n\r,;.(");
      std::vector<std::string_view> words = Words(after.substr(0, stop));
      size_t head_words = 0;
      if (!words.empty() && text::Fold(words[0]) == "tinh") head_words = 1;
      if (words.size() > 1 && text::Fold(words[0]) == "thanh" && text::Fold(words[1]) == "pho")
        head_words = 2;
      std::string name;
      for (size_t k = head_words; head_words > 0 && k < words.size() && k < head_words + 5; ++k) {
        size_t q = 0;
        if (!text::IsUpper(text::NextCodePoint(words[k], q))) break;
        name += " " + std::string(words[k]);
      }
      if (!name.empty()) {
        std::string locality;
        for (size_t k = 0; k < head_words; ++k)
          locality += (k ? " " : "") + text::ToLower(words[k]);
        info.issuer = head + " " + locality + name;
        break;
      }
      pos = end;
    }
    if (!info.issuer && info.place) info.issuer = head + " " + doc::LocalityOfPlace(*info.place);
    if (!info.issuer) info.issuer = head;
  }
  if (!d.header.issuer_lines.empty() && !info.issuer) {
    // The issuing body is written in capitals; find how the text itself spells it in running
    // prose ("Bộ Lao động-Thương binh và Xã hội") to give it its proper case.
    std::string_view caps = issuer_caps;
    std::string key = text::FoldKey(caps);
    const std::string& t = d.text();
    std::string_view all(t);
    std::string_view first_word = Words(caps).empty() ? caps : Words(caps).front();
    std::string first_key = text::Fold(first_word);
    size_t pos = 0;
    while ((pos = FindPhrase(all, first_key, pos)) != std::string_view::npos) {
      size_t end = text::MatchFoldedKey(all, pos, key);
      if (end != std::string_view::npos && !text::IsAllCaps(all.substr(pos, end - pos))) {
        info.issuer = CanonicalDashes(all.substr(pos, end - pos));
        break;
      }
      text::NextCodePoint(all, pos);
    }
    if (!info.issuer) {
      for (const auto& n : cx.units_known) {
        if (text::FoldKey(n.name) == key) info.issuer = CanonicalDashes(n.name);
      }
    }
    if (!info.issuer) {
      // "ỦY BAN NHÂN DÂN TỈNH KON TUM" -> "Ủy ban nhân dân tỉnh Kon Tum".
      std::string locality = doc::LocalityOf(caps);
      std::string head_key = text::FoldKey(caps);
      if (!locality.empty() && head_key.starts_with("uybannhandan")) {
        info.issuer = "Ủy ban nhân dân " + locality;
      } else if (!locality.empty() && head_key.starts_with("hoidongnhandan")) {
        info.issuer = "Hội đồng nhân dân " + locality;
      }
    }
    if (!info.issuer && key == "thutuongchinhphu") info.issuer = "Thủ tướng Chính phủ";
    if (!info.issuer) info.issuer = CanonicalDashes(TitleCaseUnitName(caps));
  }
  if (!info.issuer && table.issuer) info.issuer = CanonicalDashes(table.issuer->text);
  if (d.signature.name) info.signer = std::string(d.signature.name->text);
  // "KT. CHỦ TỊCH" -> "Phó Chủ tịch"; "KT. BỘ TRƯỞNG" alone: that a deputy signs for the
  // Minister is not stated.
  info.signer_title = doc::SignerTitle(d.signature);
  if (!info.signer && table.signer) {
    // The signature was cut from the copy: the table names the signer, the enacting
    // authority ("BỘ TRƯỞNG BỘ …") the office.
    info.signer = Collapse(table.signer->text);
    if (!info.signer_title && d.authority) {
      std::string key = text::FoldKey(d.authority->text);
      for (auto [k, office] : {std::pair{"botruong", "Bộ trưởng"},
                               {"chutich", "Chủ tịch"},
                               {"thutuong", "Thủ tướng"},
                               {"giamdoc", "Giám đốc"}}) {
        if (key.starts_with(k)) info.signer_title = office;
      }
    }
  }
  // The title of the program itself.
  std::string title;
  auto join = [](const std::vector<doc::Line>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : " ") + std::string(l.text);
    return Collapse(out);
  };
  std::string subject;
  if (!d.title.empty()) {
    subject = doc::Unglue(join(d.title));
    std::string type_key = info.type ? text::FoldKey(*info.type) : "";
    if ((type_key == "chuongtrinh" || type_key == "kehoach") && d.type) {
      subject = *info.type + " " + subject;
    } else {
      // "BAN HÀNH|PHÊ DUYỆT|VỀ (VIỆC) KẾ HOẠCH …" -> "KẾ HOẠCH …".
      subject = doc::StripSubjectLead(subject);
    }
  }
  if (!d.attachment_title.empty()) {
    title = doc::Unglue(join(d.attachment_title));
  } else {
    title = subject;
  }
  if (!title.empty()) info.title = title;
  // A multi-year plan states its period ("GIAI ĐOẠN 2021 - 2025") and has no year of its own.
  if (info.title) {
    std::optional<int> issue_year;
    if (info.issued_date) issue_year = info.issued_date->year;
    if (auto span = doc::PeriodOf(*info.title, issue_year))
      info.period = domain::DocumentInfo::Period{span->from, span->to};
  }
  // The year the program covers: the last "NĂM YYYY" of the title.
  if (info.title && !info.period) {
    std::string_view t = *info.title;
    size_t pos = 0, found = std::string_view::npos;
    while ((pos = FindPhrase(t, "nam", pos)) != std::string_view::npos) {
      size_t after = PhraseAt(t, pos, "nam");
      while (after < t.size() && t[after] == ' ') ++after;
      if (auto n = text::ReadNumber(t, after); n && n->value.ToInteger() &&
                                               *n->value.ToInteger() >= 1900 &&
                                               *n->value.ToInteger() <= 2200) {
        found = static_cast<size_t>(*n->value.ToInteger());
      }
      pos = after;
    }
    if (found != std::string_view::npos) info.year = static_cast<int>(found);
  }
  if (!info.year && info.issued_date && !info.period) info.year = info.issued_date->year;
  // What the text does not say is noted, not guessed.
  std::string_view start = std::string_view(d.text()).substr(0, 0);
  if (!info.number)
    cx.Diag(core::Severity::kWarning, "metadata_missing",
            "Không tìm thấy số hiệu văn bản (document.number)", start);
  if (!info.issued_date)
    cx.Diag(core::Severity::kWarning, "metadata_missing",
            "Không tìm thấy ngày ban hành (document.issued_date)", start);
  if (!info.issuer)
    cx.Diag(core::Severity::kWarning, "metadata_missing",
            "Không tìm thấy cơ quan ban hành (document.issuer)", start);
  // A provincial body does not sign in a centrally-run city's seat: one of the two is wrong.
  if (info.issuer && info.place) {
    std::string ik = text::FoldKey(*info.issuer), pk = text::FoldKey(*info.place);
    bool city = false;
    for (std::string_view c :
         {"hanoi", "thanhphohochiminh", "tp.hochiminh", "haiphong", "danang", "cantho"}) {
      if (pk == c) city = true;
    }
    if (city && ik.find("tinh") != std::string::npos && ik.find(pk) == std::string::npos &&
        d.header.place)
      cx.Diag(core::Severity::kWarning, "place_issuer_mismatch",
              "Địa danh \"" + *info.place + "\" không phải nơi của " + *info.issuer,
              d.header.place->text);
  }
  for (const auto& l : d.legal_bases) info.legal_bases.push_back(Collapse(l.text));
  for (const auto& a : d.articles) {
    std::string body(a.text.text);
    for (const auto& c : a.continuation) body += "\n" + std::string(c.text);
    info.articles.push_back(domain::Article{a.number, body, a.text.span});
  }
  for (const auto& r : d.recipients) info.recipients.push_back(Collapse(r.text));
  cx.year = info.year.value_or(info.issued_date ? info.issued_date->year : 0);
}

namespace {

std::string FirstSentence(std::string_view s, const std::vector<std::string_view>& sentences) {
  std::string_view first = sentences.empty() ? s : sentences.front();
  return Collapse(TrimPunct(first, " :;.,"));
}

void CollectDetails(const doc::Document& d, const Block& b, std::vector<std::string>& out) {
  for (int c : b.children) {
    const Block& child = d.blocks[static_cast<size_t>(c)];
    out.push_back(Collapse(child.text));
    CollectDetails(d, child, out);
  }
}

}  // namespace

void BindSections(Context& cx) {
  const doc::Document& d = cx.doc;
  std::vector<int> section_of_block(d.blocks.size(), -1);
  // Lead units that a part's lead-in sentence gives to its items ("Căn cứ …, thủ trưởng các
  // đơn vị …, Giám đốc Sở …:" before III.1).
  std::map<int, std::pair<std::vector<std::string>, std::string>> part_preamble_leads;

  for (size_t i = 0; i < d.blocks.size(); ++i) {
    const Block& b = d.blocks[i];
    if (b.kind == BlockKind::kBullet || b.kind == BlockKind::kParagraph) {
      section_of_block[i] = b.parent >= 0 ? section_of_block[static_cast<size_t>(b.parent)] : -1;
      continue;
    }
    domain::Section s;
    if (b.kind == BlockKind::kPart) {
      s.number = std::string(b.marker);
      s.title = Collapse(TrimPunct(b.text, " :;."));
      s.depth = 0;
    } else {
      std::string prefix;
      int part = b.parent;
      while (part >= 0 && d.blocks[static_cast<size_t>(part)].kind != BlockKind::kPart) {
        part = d.blocks[static_cast<size_t>(part)].parent;
      }
      if (part >= 0) prefix = std::string(d.blocks[static_cast<size_t>(part)].marker) + ".";
      s.number = prefix + std::string(b.marker);
      s.title = FirstSentence(b.text, cx.SentencesOf(i));
      s.depth = static_cast<int>(b.path.size());
    }
    if (b.parent >= 0 && section_of_block[static_cast<size_t>(b.parent)] >= 0) {
      s.parent =
          cx.plan.sections[static_cast<size_t>(section_of_block[static_cast<size_t>(b.parent)])]
              .number;
    }
    s.span = b.span;

    // Who leads: the heading, or the paragraph that opens the item.
    int lead_paragraph = -1;
    std::optional<Responsibility> own;
    if (b.kind == BlockKind::kItem) {
      const auto& sentences = cx.SentencesOf(i);
      std::string_view first = sentences.empty() ? b.text : sentences.front();
      own = ReadResponsibility(first, cx.units, ActorPosition::kAnywhere);
    }
    if ((!own || own->leads.empty()) && !b.children.empty()) {
      const Block& first_child = d.blocks[static_cast<size_t>(b.children.front())];
      if (first_child.kind == BlockKind::kParagraph) {
        const auto& sentences = cx.SentencesOf(static_cast<size_t>(b.children.front()));
        std::string_view first = sentences.empty() ? first_child.text : sentences.front();
        auto r = ReadResponsibility(first, cx.units, ActorPosition::kAnywhere);
        bool opens = r && !r->leads.empty() &&
                     (TrimPunct(first_child.text, " ").ends_with(":") || r->explicit_lead ||
                      r->keyword != std::string_view::npos);
        if (opens) {
          own = r;
          lead_paragraph = b.children.front();
        } else if (r && r->unreadable) {
          own = r;
        }
      }
    }
    if (own && own->unreadable) {
      cx.Diag(core::Severity::kWarning, "lead_unreadable",
              "Câu có \"chủ trì\" nhưng không đọc được đơn vị chủ trì (mục " + s.number + ")",
              b.text);
    }
    if (own && !own->leads.empty()) {
      if (b.kind == BlockKind::kPart) {
        part_preamble_leads[static_cast<int>(i)] = {own->leads, Collapse(own->subject)};
      } else {
        s.lead_units = own->leads;
        s.coordinating_units = own->coordinators;
        s.lead_phrase = Collapse(own->subject);
        if (!own->explicit_lead) {
          cx.Diag(
              core::Severity::kInfo, "lead_without_chu_tri",
              "Mục " + s.number +
                  " không có \"chủ trì\": đơn vị đứng đầu câu được coi là đơn vị chủ trì",
              lead_paragraph >= 0 ? d.blocks[static_cast<size_t>(lead_paragraph)].text : b.text);
        }
      }
    }

    // Tasks: the bullets and paragraphs directly under the item.
    std::vector<std::string> bullet_leads, bullet_coordinators;
    for (int c : b.children) {
      const Block& child = d.blocks[static_cast<size_t>(c)];
      if (child.kind != BlockKind::kBullet && child.kind != BlockKind::kParagraph) continue;
      if (c == lead_paragraph) continue;
      domain::Task task;
      task.text = Collapse(child.text);
      task.kind = child.kind == BlockKind::kBullet ? "bullet" : "paragraph";
      task.span = child.span;
      CollectDetails(d, child, task.details);
      const auto& sentences = cx.SentencesOf(static_cast<size_t>(c));
      std::string_view first = sentences.empty() ? child.text : sentences.front();
      auto r = ReadResponsibility(first, cx.units, ActorPosition::kStartOnly);
      if (r && r->unreadable) {
        cx.Diag(core::Severity::kWarning, "lead_unreadable",
                "Câu có \"chủ trì\" nhưng không đọc được đơn vị chủ trì (mục " + s.number + ")",
                child.text);
      } else if (r && !r->leads.empty()) {
        task.lead_units = r->leads;
        task.coordinating_units = r->coordinators;
        task.leads_inherited = false;
        // Units stated in bullets lead the item when its heading names none; prose paragraphs
        // (the 2008 style) only say who acts in that paragraph.
        if (child.kind == BlockKind::kBullet || r->explicit_lead) {
          AppendUnique(bullet_leads, r->leads);
          AppendUnique(bullet_coordinators, r->coordinators);
        }
      } else {
        // "- Phối hợp với Ngân hàng chính sách xã hội …": a coordinator of the task only.
        size_t kw = PhraseAt(first, 0, "phoi hop voi");
        if (kw != std::string_view::npos) {
          if (auto run = cx.units.ReadRun(first, kw, true)) task.coordinating_units = run->names;
        }
      }
      s.tasks.push_back(std::move(task));
    }
    if (s.lead_units.empty() && !bullet_leads.empty()) {
      s.lead_units = bullet_leads;
      s.coordinating_units = bullet_coordinators;
    }
    cx.plan.sections.push_back(std::move(s));
    section_of_block[i] = static_cast<int>(cx.plan.sections.size() - 1);
  }

  // Items without leads of their own inherit those of the nearest enclosing item, or of the
  // lead-in sentence of their part; tasks inherit their item's.
  for (size_t i = 0; i < d.blocks.size(); ++i) {
    const Block& b = d.blocks[i];
    if (b.kind != BlockKind::kItem) continue;
    domain::Section& s = cx.plan.sections[static_cast<size_t>(section_of_block[i])];
    if (s.lead_units.empty()) {
      for (int p = b.parent; p >= 0; p = d.blocks[static_cast<size_t>(p)].parent) {
        const Block& pb = d.blocks[static_cast<size_t>(p)];
        if (pb.kind == BlockKind::kPart) {
          auto it = part_preamble_leads.find(p);
          if (it != part_preamble_leads.end()) {
            s.lead_units = it->second.first;
            s.lead_phrase = it->second.second;
            s.leads_inherited = true;
          }
          break;
        }
        const domain::Section& ps =
            cx.plan.sections[static_cast<size_t>(section_of_block[static_cast<size_t>(p)])];
        if (!ps.lead_units.empty()) {
          s.lead_units = ps.lead_units;
          s.lead_phrase = ps.lead_phrase;
          s.leads_inherited = true;
          break;
        }
      }
    }
    for (domain::Task& t : s.tasks) {
      if (t.leads_inherited) t.lead_units = s.lead_units;
    }
  }
  cx.block_section = section_of_block;
}

domain::PlanDraft Bind(const doc::Document& document, const BindOptions& options) {
  const auto& names = options.unit_names ? *options.unit_names : domain::MolisaUnitNames();
  Context cx(document, names);
  cx.indicators = options.indicators;
  cx.plan.diagnostics = document.diagnostics;
  BindMetadata(cx);
  BindSections(cx);
  BindQuantities(cx);
  BindIndicators(cx);
  BindRestatements(cx);
  BindOneTargetPerIndicator(cx);
  BindSchedule(cx);
  BindUnits(cx);
  BindReporters(cx);  // after the reporting regime: its addressee consolidates by default
  BindComponents(cx);
  std::stable_sort(cx.plan.diagnostics.begin(), cx.plan.diagnostics.end(),
                   [](const core::Diagnostic& a, const core::Diagnostic& b) {
                     return a.span.offset < b.span.offset;
                   });
  return std::move(cx.plan);
}

}  // namespace wp::ingest
