// libFuzzer target for the PDF line assembler over synthetic text boxes (poppler itself is
// smoke-run by the tests, not fuzzed here: too slow on the build machine). The bytes are read
// as boxes: per box a flags byte, four coordinates, a font size and a short UTF-8 text; never
// a crash, and every line's page is one of the pages given.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "read/lines.hpp"

namespace {

struct Input {
  const uint8_t* data;
  size_t size;
  size_t pos = 0;
  uint8_t Byte() { return pos < size ? data[pos++] : 0; }
  double Coord() {
    // Mostly page-sized values, sometimes anything (NaN, infinities, huge).
    uint8_t kind = Byte();
    if (kind == 0xFF && pos + 8 <= size) {
      double d;
      std::memcpy(&d, data + pos, 8);
      pos += 8;
      return d;
    }
    return static_cast<double>(Byte() | (Byte() << 8)) / 64.0;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  std::vector<wp::read::PageBoxes> pages(1 + in.Byte() % 8);
  size_t boxes = 0;
  while (in.pos < size && boxes < 4000) {
    uint8_t flags = in.Byte();
    wp::read::Box b;
    b.x = in.Coord();
    b.y = in.Coord();
    b.width = in.Coord();
    b.height = in.Coord();
    b.font_size = (flags & 1) ? in.Coord() : 0;
    size_t len = in.Byte() % 24;
    for (size_t i = 0; i < len && in.pos < size; ++i) b.text += static_cast<char>(in.Byte());
    pages[flags % pages.size()].boxes.push_back(std::move(b));
    ++boxes;
  }
  wp::read::Assembly a = wp::read::AssembleLines(pages);
  for (const auto& l : a.lines) {
    if (l.page < 1 || l.page > static_cast<int>(pages.size())) __builtin_trap();
  }
  return 0;
}
