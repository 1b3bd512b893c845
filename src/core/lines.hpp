#pragma once
// Reads a text line by line as files written on Windows or saved by Excel come: lines end in
// "\n" or "\r\n", and a UTF-8 byte order mark before the first line is not part of it.

#include <cstddef>
#include <string_view>

namespace wp::core {

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  // The next line without its end; false when the text is read.
  bool Next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    size_t end = nl == std::string_view::npos ? text_.size() : nl;
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++line_no_;
    return true;
  }

  // The number of the line Next gave last, from 1.
  size_t line_no() const { return line_no_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_no_ = 0;
};

}  // namespace wp::core
