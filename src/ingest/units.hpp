#pragma once
// Reading organisation-unit names and responsibility statements out of sentences:
// "Cục Việc làm, Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố chủ trì phối hợp với
// các cơ quan, đơn vị ở trung ương và địa phương:" gives two leads and one coordinator.
// Names are returned as written (the document's spelling), without person titles
// ("Giám đốc Sở …" -> "Sở …") or qualifiers ("… theo chức năng, nhiệm vụ được giao").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/unit_names.hpp"

namespace wp::ingest {

class UnitReader {
 public:
  explicit UnitReader(const std::vector<domain::UnitName>& names);

  // A known name or alias starting at `pos` (spaces skipped): the longest one. Returns its end.
  std::optional<size_t> KnownAt(std::string_view s, size_t pos) const;

  // A run of unit names from `pos`: known names, or a title followed by a known name or a
  // generic "các …" phrase, separated by ", ", "; ", " và ". Returns the names and the end of
  // the last one; nullopt when no unit starts at `pos`.
  struct Run {
    std::vector<std::string> names;
    size_t end = 0;
  };
  std::optional<Run> ReadRun(std::string_view s, size_t pos, bool allow_generic_tail = false) const;

  // Splits a list that is known to contain only unit names ("X, Y; Z và W").
  std::vector<std::string> SplitList(std::string_view list) const;

 private:
  struct Key {
    std::string key;
    bool generic;
  };
  std::vector<Key> keys_;                      // longest first
  std::vector<std::vector<size_t>> by_first_;  // key indices by their first (ASCII) character
};

// Drops a person title in front of a unit ("Giám đốc", "thủ trưởng", "Chánh", "Vụ trưởng",
// "Giao") and returns the rest.
std::string_view StripTitle(std::string_view s);
// Drops trailing qualifiers ("theo chức năng, nhiệm vụ được giao").
std::string_view StripQualifier(std::string_view s);

struct Responsibility {
  std::vector<std::string> leads;
  std::vector<std::string> coordinators;
  bool explicit_lead = false;  // said with "chủ trì"
  bool unreadable = false;     // "chủ trì" present but no unit could be read before it
  size_t keyword = std::string_view::npos;  // offset of "chủ trì" / "phối hợp" in the sentence
  std::string_view subject;                 // the words that named the leads, as written
};

enum class ActorPosition {
  kStartOnly,  // the unit must open the sentence (bullets, headings)
  kAnywhere,  // also a titled unit inside the sentence ("…, Thủ trưởng các đơn vị …, cụ thể hóa")
};

// Reads who leads and who coordinates in one sentence. nullopt when the sentence names no
// responsibility at all.
std::optional<Responsibility> ReadResponsibility(std::string_view sentence, const UnitReader& units,
                                                 ActorPosition position);

// Adds the names of `from` to `to`, skipping ones already there (compared by FoldKey).
void AppendUnique(std::vector<std::string>& to, const std::vector<std::string>& from);

}  // namespace wp::ingest
