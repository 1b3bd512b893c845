#pragma once
// The errors every Store implementation returns, built in one place so that SQLite and
// PostgreSQL give a client the same code, reason and (Vietnamese) message for the same failure.

#include <exception>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace wp::store {

// A database library's exception, ended at the store's boundary with its text kept only in
// internal_note. Each backend decides which one an exception is (it alone knows its library):
// kUnavailable ("db_unavailable", 503) when the database cannot serve — a lost connection, a
// file that cannot be opened, a full disk, a database busy or read-only — so retrying later may
// help; kInternal ("db_internal", 500) for a failure of the store's own logic — a constraint
// the method did not expect to hit, a value out of range, a row it cannot read — which
// retrying will not mend.
core::Error DbUnavailable(const std::exception& e);
core::Error DbInternal(const std::exception& e);

// kAlreadyExists ("program_exists"): `number` is stored as program `existing`.
core::Error ProgramExists(const std::string& number, ProgramId existing);
// kFailedPrecondition ("program_published"): replacing the published decision `number`.
core::Error ProgramPublishedCannotReplace(const std::string& number);
// kFailedPrecondition ("program_published"): publishing program `id` a second time.
core::Error ProgramAlreadyPublished(ProgramId id);
core::Error ProgramNotFound(ProgramId id);  // kNotFound ("program_not_found")

core::Error UserExists(const std::string& username);  // kAlreadyExists ("user_exists")
core::Error UserNotFound();                           // kNotFound ("user_not_found")
core::Error SessionNotFound();                        // kNotFound ("session_not_found")
core::Error TokenNotFound();                          // kNotFound ("token_not_found")

core::Error ReportNotFound(ReportId id);  // kNotFound ("report_not_found")
// kAborted ("stale_version"): the report was changed since `expected`; it is now at `stored`
// (0: it was created meanwhile by someone else).
core::Error StaleVersion(int64_t expected, int64_t stored);
core::Error MessageNotFound(int64_t id);  // kNotFound ("message_not_found")

// Documents (issue 17).
core::Error DocumentNotFound(DocumentId id);  // kNotFound ("document_not_found")
// kAlreadyExists ("document_exists"): the program has this kind of document of the unit and
// period already, as `existing`.
core::Error DocumentExists(DocumentId existing);
// kFailedPrecondition ("document_issued"): an issued document is not changed.
core::Error DocumentIssued(DocumentId id);
// kAlreadyExists ("number_taken"): the issuing unit has used `number` that year.
core::Error NumberTaken(const std::string& number, int year);
core::Error DocumentVersionNotFound(DocumentId id, int64_t version);  // ("version_not_found")
core::Error DocumentFileNotFound(DocumentId id);                      // ("file_not_found")

// Each unit's own program (issue 18).
core::Error UnitProgramNotFound(UnitProgramId id);  // kNotFound ("unit_program_not_found")
// kAborted ("stale_version"): the unit's program was changed since `expected`; now `stored`.
core::Error UnitProgramStale(int64_t expected, int64_t stored);
// kInvalidArgument ("unit_task_not_found"): `field` ("tasks[3].id") names a task of no
// program, or of another one.
core::Error UnitTaskNotFound(const std::string& field, int64_t id);
core::Error UnitProgramVersionNotFound(UnitProgramId id, int64_t version);  // version_not_found

// kFailedPrecondition ("database_not_empty"): a data set is loaded only into a database holding
// no program and no report; `programs` and `reports` say what it holds.
core::Error DatabaseNotEmpty(int64_t programs, int64_t reports);
// kAlreadyExists ("unit_exists"): a unit of a data set has the id of a stored one.
core::Error UnitExists(domain::OrgUnitId id);

}  // namespace wp::store
