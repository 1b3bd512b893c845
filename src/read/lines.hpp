#pragma once
// A PDF page's text boxes (words as poppler places them) into the lines and paragraphs a reader
// sees. Pure: no poppler here, so the fuzzer and the tests feed it synthetic boxes.

#include <string>
#include <vector>

namespace wp::read {

struct Box {
  std::string text;                            // UTF-8, one word or a piece of one
  double x = 0, y = 0, width = 0, height = 0;  // top-left origin, points
  double font_size = 0;                        // 0 when unknown: the box's height stands in
};

struct PageBoxes {
  std::vector<Box> boxes;
  double width = 595, height = 842;  // A4 by default
};

struct AssembledLine {
  std::string text;
  int page = 0;  // 1-based
};

struct Assembly {
  std::vector<AssembledLine> lines;     // one per paragraph (hard wraps joined)
  std::vector<int> pages_without_text;  // 1-based
  int furniture_dropped = 0;            // page headers, footers, page numbers removed
};

// Baselines grouped, boxes sorted by x and joined (a gap under 0.18 × the font size is a
// letter-spaced word healed, above 1.5 × a column's tab); lines in the top and bottom 8 %
// that repeat on half the pages (digits folded), lone page numbers and "CÔNG BÁO/Số …/Ngày …"
// dropped; a line that wraps (the next line's first word would not have fitted after it)
// joined to the next, unless that one is indented, set apart or
// starts with a marker ("1.", "a)", "-", "Điều 2."); a break after "X-" keeps the hyphen glued.
Assembly AssembleLines(const std::vector<PageBoxes>& pages);

}  // namespace wp::read
