#pragma once
// The repository workplan keeps its state in, behind one interface with an embedded SQLite
// implementation (store/sqlite) and, later, a PostgreSQL one (store/postgres). Every
// function states what it returns on failure; every write is one transaction: it is all
// stored or nothing is.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::store {

using ProgramId = int64_t;

enum class ProgramStatus { kDraft, kPublished };
const char* ProgramStatusName(ProgramStatus s);  // "draft" | "published"

// A decision as stored: its plan (with units resolved), its text, and its state.
struct ProgramRecord {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  domain::PlanDraft plan;
  std::string source_name;  // file name or "-"
  std::string source_text;  // the decision as received
  std::string source_sha256;
  std::string created_at;  // ISO 8601 UTC
  std::optional<std::string> published_at;
};

struct ProgramSummary {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  std::optional<std::string> number;
  std::optional<core::CivilDate> issued_date;
  std::optional<std::string> title;
  std::optional<int> year;
  size_t targets = 0;
  size_t sections = 0;
};

struct StoredTarget {
  int64_t id = 0;
  domain::Target target;
};

enum class ImportMode {
  kNew,           // refuse a decision number that is already stored
  kReplaceDraft,  // replace the draft with the same number; refuse a published one
};

class Store {
 public:
  virtual ~Store() = default;

  // The organisation. SaveOrgUnits replaces all units in one transaction (first start).
  virtual core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) = 0;
  // Empty when none were saved yet.
  virtual core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() = 0;

  // Stores a whole program as a draft. Fails with kAlreadyExists (reason "program_exists")
  // when its number is stored and `mode` does not allow replacing it, kFailedPrecondition
  // ("program_published") when replacing a published one.
  virtual core::Result<ProgramId> InsertProgram(const ProgramRecord& program, ImportMode mode) = 0;
  // kNotFound ("program_not_found").
  virtual core::Result<ProgramRecord> GetProgram(ProgramId id) = 0;
  virtual core::Result<std::vector<ProgramSummary>> ListPrograms() = 0;
  // Makes a draft official. kNotFound; kFailedPrecondition ("program_published") if it already is.
  virtual core::Status PublishProgram(ProgramId id, const std::string& at) = 0;
  // Targets of a program in document order, with their ids. kNotFound.
  virtual core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) = 0;
};

// Opens (creating if needed) a store from a URL: "sqlite:PATH" (or a plain path).
// Fails with kInvalidArgument ("bad_db_url") for an unknown scheme, kUnavailable
// ("db_unavailable") when the database cannot be opened or migrated.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace wp::store
