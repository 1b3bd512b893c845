// PDF through Debian's poppler-cpp: the text boxes of each page, assembled into lines by
// read/lines (poppler's own text() order breaks letter-spaced words and two-column headers).
// poppler cannot be interrupted inside a page: the budget is checked between pages, and the
// server reads PDFs in a child process (ExtractPdfInChild).

#include <chrono>
#include <memory>
#include <string>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include "read/lines.hpp"
#include "read/read.hpp"

namespace wp::read {

namespace {

void Quiet(const std::string&, void*) {}

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::string PageList(const std::vector<int>& pages) {
  std::string list;
  for (size_t i = 0; i < pages.size() && i < 30; ++i) {
    if (!list.empty()) list += ", ";
    list += std::to_string(pages[i]);
  }
  if (pages.size() > 30) list += ", …";
  return list;
}

}  // namespace

core::Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits) {
  auto start = std::chrono::steady_clock::now();
  poppler::set_debug_error_function(Quiet, nullptr);
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return core::Fail(core::ErrorCode::kTooLarge, "file_too_large", "Tệp quá lớn.");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    // A file poppler refuses to open may also be one locked with a password it was not given.
    return core::Fail(core::ErrorCode::kInvalidArgument, "pdf_invalid",
                      "Tệp không phải là PDF hợp lệ (hoặc bị hỏng, hoặc có mật khẩu mở).");
  }
  if (doc->is_locked()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "pdf_locked",
                      "Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu.");
  }
  int count = doc->pages();
  if (count <= 0) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "pdf_invalid",
                      "Tệp PDF không có trang nào.");
  }
  if (count > limits.max_pages) {
    return core::Fail(core::ErrorCode::kTooLarge, "pdf_too_many_pages",
                      "Tệp PDF có " + std::to_string(count) + " trang; tối đa " +
                          std::to_string(limits.max_pages) + " trang.");
  }
  std::vector<PageBoxes> pages;
  pages.reserve(static_cast<size_t>(count));
  size_t text_bytes = 0;
  for (int i = 0; i < count; ++i) {
    if (std::chrono::steady_clock::now() - start > limits.budget) {
      return core::Fail(core::ErrorCode::kTooLarge, "extract_timeout",
                        "Đọc tệp quá lâu (quá " + std::to_string(limits.budget.count() / 1000) +
                            " giây); tệp quá lớn hoặc phức tạp.");
    }
    PageBoxes page;
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (p) {
      poppler::rectf rect = p->page_rect();
      if (rect.width() > 1) page.width = rect.width();
      if (rect.height() > 1) page.height = rect.height();
      for (poppler::text_box& tb : p->text_list(poppler::page::text_list_include_font)) {
        Box b;
        b.text = Utf8(tb.text());
        poppler::rectf r = tb.bbox();
        b.x = r.x();
        b.y = r.y();
        b.width = r.width();
        b.height = r.height();
        b.font_size = tb.has_font_info() ? tb.get_font_size() : 0;
        text_bytes += b.text.size() + 1;
        if (text_bytes > limits.max_text) {
          return core::Fail(core::ErrorCode::kTooLarge, "text_too_large",
                            "Văn bản trong tệp quá dài (tối đa " +
                                std::to_string(limits.max_text >> 20) + " MiB chữ).");
        }
        page.boxes.push_back(std::move(b));
      }
    }
    pages.push_back(std::move(page));
  }
  Assembly a = AssembleLines(pages);
  if (static_cast<int>(a.pages_without_text.size()) == count || a.lines.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "pdf_no_text",
                      "Tệp PDF là bản quét (ảnh), không có chữ để đọc; hãy gửi bản .docx hoặc PDF "
                      "có lớp văn bản");
  }
  Extracted out;
  out.form = Form::kPdf;
  out.pages = count;
  for (const AssembledLine& l : a.lines) {
    out.text += l.text;
    out.text += '\n';
    out.origins.push_back({l.page, 0, 0, false});
  }
  if (!a.pages_without_text.empty()) {
    out.notes.push_back(
        {"pdf_pages_without_text",
         "Các trang không có chữ (bản quét?), không đọc được: " + PageList(a.pages_without_text)});
  }
  if (a.furniture_dropped > 0) {
    out.notes.push_back({"pdf_furniture_dropped", "Đã bỏ " + std::to_string(a.furniture_dropped) +
                                                      " dòng đầu trang, chân trang, số trang"});
  }
  return out;
}

}  // namespace wp::read
