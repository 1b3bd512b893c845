#include "domain/document.hpp"

#include <array>
#include <map>
#include <set>
#include <utility>

#include "core/enum_names.hpp"

namespace wp::domain {
namespace {

// Names in the order of each enum's values (core/enum_names.hpp).
constexpr std::array kDocumentKindNames{"consolidated", "unit"};
constexpr std::array kDocumentStatusNames{"draft", "issued"};
constexpr std::array kBlockKindNames{"heading", "paragraph", "table"};
constexpr std::array kBlockStateNames{"generated", "edited", "changed_underneath", "orphaned"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A text cut at its number tokens: digits, with '.', ',' or '/' between digits ("1.584,8",
// "99,1", "56/63"); `words` holds the text around them, one more than `numbers`.
struct NumberTokens {
  std::vector<std::string_view> words;
  std::vector<std::string_view> numbers;
  std::vector<size_t> offsets;  // where each number starts
};

NumberTokens CutNumbers(std::string_view s) {
  NumberTokens out;
  size_t word_start = 0, i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size()) {
      if (IsDigit(s[end])) {
        ++end;
      } else if ((s[end] == '.' || s[end] == ',' || s[end] == '/') && end + 1 < s.size() &&
                 IsDigit(s[end + 1])) {
        end += 2;
      } else {
        break;
      }
    }
    out.words.push_back(s.substr(word_start, i - word_start));
    out.numbers.push_back(s.substr(i, end - i));
    out.offsets.push_back(i);
    word_start = i = end;
  }
  out.words.push_back(s.substr(word_start));
  return out;
}

const std::string& Empty() {
  static const std::string empty;
  return empty;
}

bool IsEdited(const Block& b) { return b.edited.has_value(); }
// A paragraph the Office added ("free.<n>"): never generated, never orphaned.
bool IsAdded(const Block& b) { return b.key.starts_with("free."); }

// A block as the generator made it, with nothing of a person's on it.
Block Fresh(const Block& f) {
  Block b = f;
  b.base.reset();
  b.edited.reset();
  b.removed = false;
  b.anchor.reset();
  b.state = BlockState::kGenerated;
  return b;
}

// "05", "18": Decree 30's two digits.
std::string TwoDigits(int n) { return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

const char* DocumentKindName(DocumentKind k) { return core::NameIn(kDocumentKindNames, k); }
std::optional<DocumentKind> ParseDocumentKind(std::string_view s) {
  return core::ValueIn<DocumentKind>(kDocumentKindNames, s);
}
const char* DocumentStatusName(DocumentStatus s) { return core::NameIn(kDocumentStatusNames, s); }
std::optional<DocumentStatus> ParseDocumentStatus(std::string_view s) {
  return core::ValueIn<DocumentStatus>(kDocumentStatusNames, s);
}
const char* BlockKindName(BlockKind k) { return core::NameIn(kBlockKindNames, k); }
std::optional<BlockKind> ParseBlockKind(std::string_view s) {
  return core::ValueIn<BlockKind>(kBlockKindNames, s);
}
const char* BlockStateName(BlockState s) { return core::NameIn(kBlockStateNames, s); }
std::optional<BlockState> ParseBlockState(std::string_view s) {
  return core::ValueIn<BlockState>(kBlockStateNames, s);
}

const std::string& Block::Text() const {
  if (removed) return Empty();
  return edited ? *edited : generated;
}

MergeOutcome MergeRegenerated(const std::vector<Block>& old_blocks,
                              const std::vector<Block>& fresh_blocks) {
  MergeOutcome out;
  std::map<std::string_view, size_t> old_at;  // key → index in old_blocks (first one)
  for (size_t i = 0; i < old_blocks.size(); ++i) old_at.emplace(old_blocks[i].key, i);
  std::set<std::string_view> fresh_keys;
  for (const auto& f : fresh_blocks) fresh_keys.insert(f.key);

  // The old blocks that stay although the generator no longer makes them: added paragraphs and
  // orphaned edits. Each is placed after the block it is attached to: an added paragraph's
  // anchor, else the block it followed; one attached to a block that is gone goes after the
  // block before that, and so on (the start of the document when none is left).
  std::vector<size_t> carried;
  std::set<std::string_view> carried_keys;
  for (size_t i = 0; i < old_blocks.size(); ++i) {
    const Block& o = old_blocks[i];
    if (old_at.at(o.key) != i || fresh_keys.count(o.key) != 0) continue;
    if (IsEdited(o) || IsAdded(o)) {
      carried.push_back(i);
      carried_keys.insert(o.key);
    }
  }
  auto present = [&](std::string_view key) {
    return fresh_keys.count(key) != 0 || carried_keys.count(key) != 0;
  };
  // The nearest block before old index `i` that is in the output; "" for the start.
  auto before = [&](size_t i) -> std::string {
    while (i > 0) {
      --i;
      if (present(old_blocks[i].key)) return old_blocks[i].key;
    }
    return std::string();
  };
  std::map<std::string, std::vector<size_t>> after;  // attachment key → carried, old order
  for (size_t i : carried) {
    const Block& o = old_blocks[i];
    std::string attach;
    if (IsAdded(o) && o.anchor && *o.anchor != o.key) {
      auto it = old_at.find(*o.anchor);
      if (present(*o.anchor)) {
        attach = *o.anchor;
      } else {
        attach = before(it != old_at.end() ? it->second : i);
      }
    } else {
      attach = before(i);
    }
    after[attach].push_back(i);
  }

  std::set<size_t> emitted_carried;
  std::set<std::string_view> emitted_fresh;
  // Emits the carried blocks attached to `key`, each followed by its own.
  auto emit_after = [&](auto& self, const std::string& key) -> void {
    auto it = after.find(key);
    if (it == after.end()) return;
    for (size_t i : it->second) {
      if (!emitted_carried.insert(i).second) continue;
      Block b = old_blocks[i];
      if (!IsAdded(b)) {
        b.state = BlockState::kOrphaned;
        out.orphaned.push_back(b.key);
      }
      out.blocks.push_back(std::move(b));
      self(self, out.blocks.back().key);
    }
  };

  emit_after(emit_after, std::string());
  for (const Block& f : fresh_blocks) {
    if (!emitted_fresh.insert(f.key).second) continue;  // a key generated twice: the first
    auto it = old_at.find(f.key);
    Block b = Fresh(f);
    if (it != old_at.end()) {
      const Block& o = old_blocks[it->second];
      b.removed = o.removed;
      if (IsEdited(o) && f.kind != BlockKind::kTable) {
        b.edited = o.edited;
        b.base = o.base;
        if (b.base == f.generated) {
          b.state = BlockState::kEdited;
          out.kept.push_back(b.key);
        } else {
          b.state = BlockState::kChangedUnderneath;
          out.changed_underneath.push_back(b.key);
        }
      }
    }
    out.blocks.push_back(std::move(b));
    emit_after(emit_after, f.key);
  }
  // Added paragraphs anchored in a circle (one after another after the first): at the end.
  for (size_t i : carried) {
    if (emitted_carried.count(i) != 0) continue;
    emitted_carried.insert(i);
    Block b = old_blocks[i];
    if (!IsAdded(b)) {
      b.state = BlockState::kOrphaned;
      out.orphaned.push_back(b.key);
    }
    out.blocks.push_back(std::move(b));
  }
  return out;
}

std::optional<std::string> RebaseNumbers(std::string_view base, std::string_view fresh,
                                         std::string_view edited) {
  const NumberTokens b = CutNumbers(base), f = CutNumbers(fresh), e = CutNumbers(edited);
  if (b.words != f.words || b.numbers.size() != f.numbers.size()) return std::nullopt;
  // Each changed number of base, found once in the edit, after the one before it.
  std::vector<std::pair<size_t, std::string_view>> replace;  // edit's token index → new number
  size_t last = 0;
  bool first = true;
  for (size_t i = 0; i < b.numbers.size(); ++i) {
    if (b.numbers[i] == f.numbers[i]) continue;
    std::optional<size_t> found;
    for (size_t j = 0; j < e.numbers.size(); ++j) {
      if (e.numbers[j] != b.numbers[i]) continue;
      if (found) return std::nullopt;  // repeated: which one is meant?
      found = j;
    }
    if (!found || (!first && *found <= last)) return std::nullopt;
    replace.emplace_back(*found, f.numbers[i]);
    last = *found;
    first = false;
  }
  std::string out;
  out.reserve(edited.size() + 16);
  size_t r = 0;
  for (size_t j = 0; j < e.numbers.size(); ++j) {
    out += e.words[j];
    if (r < replace.size() && replace[r].first == j) {
      out += replace[r].second;
      ++r;
    } else {
      out += e.numbers[j];
    }
  }
  out += e.words.back();
  return out;
}

std::string DateLine(std::string_view place, const core::CivilDate& date) {
  std::string out;
  if (!place.empty()) out = std::string(place) + ", ";
  out += "ngày " + (date.day < 10 ? TwoDigits(date.day) : std::to_string(date.day));
  out += " tháng " + (date.month <= 2 ? TwoDigits(date.month) : std::to_string(date.month));
  out += " năm " + std::to_string(date.year);
  return out;
}

std::string BlankDateLine(std::string_view place, int year) {
  std::string out;
  if (!place.empty()) out = std::string(place) + ", ";
  return out + "ngày     tháng     năm " + std::to_string(year);
}

}  // namespace wp::domain
