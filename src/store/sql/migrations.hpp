#pragma once
// The schema, as one numbered history for both engines. A migration is never edited once
// released: a change is a new number. Each is written once in the placeholders below, with
// what one engine alone needs (SQLite's triggers and table copies, PostgreSQL's audit head)
// beside it; applied in order at open, in one transaction each (under an advisory lock on
// PostgreSQL), and `schema_migrations` records the versions that ran — the same numbers the
// two engines' own lists had, so databases made before keep their history.
//
// Placeholders, and what they become on SQLite | PostgreSQL:
//   {ID}           INTEGER PRIMARY KEY | BIGSERIAL PRIMARY KEY
//   {AUTOID}       INTEGER PRIMARY KEY AUTOINCREMENT (an id never reused) | BIGSERIAL PRIMARY KEY
//   {BIGINT}       INTEGER | BIGINT
//   {BOOL} {TRUE}  INTEGER 1 | BOOLEAN TRUE
//   {DATE}         TEXT | DATE (exchanged as ISO text either way)
//   {C}            nothing | COLLATE "C": text that is compared or sorted (timestamps,
//                  usernames, periods) in byte order, as SQLite compares, whatever the locale
//   {WITHOUT_ROWID} WITHOUT ROWID | nothing
//   {BLOB}         BLOB | BYTEA (bound and read as bytes: Statement::BindBlob, Blob)

#include <span>
#include <string>
#include <string_view>

#include "store/sql/connection.hpp"

namespace wp::store::sql {

// A change of a SQLite table's constraints that leaves its stored rows as they are, made by
// editing the table's CREATE TABLE text in sqlite_schema (SQLite's documented procedure,
// "Making Other Kinds Of Table Schema Changes" in lang_altertable.html): in one transaction, the
// text replaced, the schema version moved on. `from` must occur in the text exactly once.
struct SchemaEdit {
  std::string_view table;
  std::string_view from;
  std::string_view to;
};

// report_values' checks as comparisons: SQLite evaluates `x IN (…)` in a CHECK at a cost of
// about a microsecond per row (200 values: 0.55 ms to insert with the IN lists, 0.27 without),
// `x = … OR x = …` at the cost of the comparisons. The same rows pass.
inline constexpr SchemaEdit kValueChecksAsComparisons[] = {
    {"report_values", "CHECK (scope IN ('period','cumulative'))",
     "CHECK (scope = 'period' OR scope = 'cumulative')"},
    {"report_values", "CHECK (kind IN ('plan','estimate','actual'))",
     "CHECK (kind = 'plan' OR kind = 'estimate' OR kind = 'actual')"},
};

struct Migration {
  int version;
  std::string_view sql;                           // both engines', with placeholders
  std::string_view sqlite = {};                   // run after `sql` on SQLite only
  std::string_view postgres = {};                 // run after `sql` on PostgreSQL only
  std::span<const SchemaEdit> sqlite_edits = {};  // made last, on SQLite only
};

// The statements of `m` for `engine`, placeholders replaced.
std::string MigrationSql(const Migration& m, Engine engine);

// The outbox's messages to an account (a password reset's code) have no unit.
inline constexpr SchemaEdit kOutboxUnitOptional[] = {
    {"outbox", "unit_id INTEGER NOT NULL REFERENCES org_units(id)",
     "unit_id INTEGER REFERENCES org_units(id)"},
};

// Issue 18: the leader role (Lãnh đạo Bộ) joins the roles an account may hold.
inline constexpr SchemaEdit kLeaderRole[] = {
    {"users", "CHECK (role IN ('admin','planner','editor','approver','viewer'))",
     "CHECK (role IN ('admin','planner','editor','approver','viewer','leader'))"},
};

inline constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE org_units (
  id {BIGINT} PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ministry','department','province','district','commune')),
  parent_id {BIGINT} REFERENCES org_units(id),
  valid_from {DATE},
  valid_to {DATE}
);
CREATE INDEX org_units_code ON org_units(code);
CREATE TABLE org_unit_aliases (
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (unit_id, ord)
);
CREATE TABLE org_successions (
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  successor_id {BIGINT} NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (unit_id, ord)
);

CREATE TABLE programs (
  id {AUTOID},  -- never reused: a replaced draft's id stays gone
  status TEXT NOT NULL CHECK (status IN ('draft','published')),
  type TEXT, number TEXT, issued_date {DATE}, place TEXT, issuer TEXT, signer TEXT,
  signer_title TEXT, year INTEGER, title TEXT,
  source_name TEXT NOT NULL, source_text TEXT NOT NULL, source_sha256 TEXT NOT NULL,
  created_at TEXT{C} NOT NULL, published_at TEXT{C}
);
CREATE UNIQUE INDEX programs_number ON programs(number) WHERE number IS NOT NULL;
CREATE TABLE program_texts (  -- legal bases and recipients, in order
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('legal_basis','recipient')),
  ord INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (program_id, kind, ord)
);
CREATE TABLE articles (
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  PRIMARY KEY (program_id, ord)
);
CREATE TABLE sections (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL, parent TEXT,
  depth INTEGER NOT NULL, lead_phrase TEXT, leads_inherited {BOOL} NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (program_id, ord)
);
CREATE TABLE tasks (
  id {ID},
  section_id {BIGINT} NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL, leads_inherited {BOOL} NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (section_id, ord)
);
CREATE TABLE task_details (
  task_id {BIGINT} NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (task_id, ord)
);
-- Lead and coordinating units of a section or a task: as written, how they were read, and the
-- units they mean (owner is 'section' or 'task').
CREATE TABLE unit_refs (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  owner TEXT NOT NULL CHECK (owner IN ('section','task')),
  owner_id {BIGINT} NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('lead','coordinate')),
  ord INTEGER NOT NULL,
  written TEXT NOT NULL,
  resolution TEXT CHECK (resolution IN ('unit','group','approximate','generic','unresolved'))
);
CREATE INDEX unit_refs_owner ON unit_refs(owner, owner_id);
CREATE TABLE unit_ref_units (
  ref_id {BIGINT} NOT NULL REFERENCES unit_refs(id) ON DELETE CASCADE,
  unit_id {BIGINT} NOT NULL,
  PRIMARY KEY (ref_id, unit_id)
);
CREATE INDEX unit_ref_units_unit ON unit_ref_units(unit_id);
CREATE TABLE targets (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, indicator TEXT NOT NULL, raw TEXT NOT NULL,
  value_mantissa {BIGINT} NOT NULL, value_scale INTEGER NOT NULL CHECK (value_scale >= 0),
  unit TEXT NOT NULL,
  comparator TEXT NOT NULL CHECK (comparator IN ('eq','min','max','decrease_by','increase_by')),
  approximate {BOOL} NOT NULL, parent TEXT, restates TEXT,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (program_id, ord)
);
CREATE TABLE budgets (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, program_name TEXT, raw TEXT NOT NULL,
  total_vnd {BIGINT} NOT NULL CHECK (total_vnd >= 0), investment_vnd {BIGINT}, recurrent_vnd {BIGINT},
  source TEXT,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (program_id, ord)
);
CREATE TABLE deadlines (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, raw TEXT NOT NULL, due {DATE},
  what TEXT NOT NULL, responsible TEXT NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (program_id, ord)
);
CREATE TABLE reporting_rules (
  id {ID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, raw TEXT NOT NULL, report TEXT NOT NULL,
  frequency TEXT NOT NULL CHECK (frequency IN ('once','monthly','quarterly','semiannual','annual')),
  due {DATE}, day_of_month INTEGER CHECK (day_of_month BETWEEN 1 AND 31),
  last_month_of_quarter {BOOL} NOT NULL, from_text TEXT NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  UNIQUE (program_id, ord)
);
CREATE TABLE reporting_rule_units (
  rule_id {BIGINT} NOT NULL REFERENCES reporting_rules(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('from','to')),
  ord INTEGER NOT NULL, written TEXT NOT NULL,
  PRIMARY KEY (rule_id, role, ord)
);
CREATE TABLE unit_mentions (
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL, variants TEXT NOT NULL,
  PRIMARY KEY (program_id, ord)
);
CREATE TABLE diagnostics (
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','error')),
  code TEXT NOT NULL, message TEXT NOT NULL,
  span_line {BIGINT}, span_column {BIGINT}, span_offset {BIGINT}, span_length {BIGINT},
  PRIMARY KEY (program_id, ord)
);
)sql",
     /*sqlite=*/"", /*postgres=*/"CREATE INDEX unit_refs_program ON unit_refs(program_id);"},
    {2, R"sql(
CREATE TABLE users (
  id {AUTOID},
  username TEXT{C} NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','planner','editor','approver','viewer')),
  unit_id {BIGINT} REFERENCES org_units(id),
  password_hash TEXT NOT NULL,
  active {BOOL} NOT NULL DEFAULT {TRUE},
  created_at TEXT{C} NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id {BIGINT} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT{C} NOT NULL,
  expires_at TEXT{C} NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE TABLE api_tokens (
  id {AUTOID},
  user_id {BIGINT} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT{C} NOT NULL,
  revoked_at TEXT{C}
);
-- Append-only: triggers refuse UPDATE and DELETE (and TRUNCATE); each entry's hash covers the
-- previous one's, so an edit made around the triggers (or in the file) breaks the chain.
CREATE TABLE audit_log (
  seq {BIGINT} PRIMARY KEY,
  at TEXT{C} NOT NULL,
  actor_id {BIGINT},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
)sql",
     /*sqlite=*/R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql",
     /*postgres=*/R"sql(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- The end of the chain, one row. Every write transaction locks it first (SELECT … FOR UPDATE),
-- so writers of every process take turns, as SQLite's single writer does: a check such as "is
-- this number stored" sees every committed write, and seq grows without gaps in commit order.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq {BIGINT} NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head(id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));
)sql"},
    {3, R"sql(
-- Reports of the reporting cycle (issue 4): one row per program, obligation, period and unit,
-- created when a unit first saves it. `version` grows with every write (optimistic locking).
-- Obligation, period and task ids are compared and sorted in byte order, as SQLite does.
CREATE TABLE reports (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  obligation TEXT{C} NOT NULL,
  period TEXT{C} NOT NULL,
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  due {DATE} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','returned')),
  version {BIGINT} NOT NULL CHECK (version >= 1),
  first_submitted_at TEXT{C}, submitted_at TEXT{C},
  approved_at TEXT{C},
  comment TEXT NOT NULL DEFAULT '',
  warnings TEXT NOT NULL DEFAULT '',
  created_at TEXT{C} NOT NULL, updated_at TEXT{C} NOT NULL, updated_by {BIGINT},
  UNIQUE (program_id, obligation, period, unit_id)
);
CREATE INDEX reports_period ON reports(program_id, period, obligation);
CREATE INDEX reports_unit ON reports(unit_id);
-- Every value ever recorded, by the report version that recorded it: the newest per target
-- and scope is current, the older ones are its vintages (an estimate an actual replaced).
CREATE TABLE report_values (
  report_id {BIGINT} NOT NULL REFERENCES reports(id),
  target_id {BIGINT} NOT NULL,
  scope TEXT{C} NOT NULL CHECK (scope IN ('period','cumulative')),
  version {BIGINT} NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('plan','estimate','actual')),
  value_mantissa {BIGINT},  -- NULL: cleared at this version
  value_scale INTEGER CHECK (value_scale >= 0),
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT{C} NOT NULL,
  recorded_by {BIGINT},
  PRIMARY KEY (report_id, target_id, scope, version)
){WITHOUT_ROWID};
CREATE TABLE report_tasks (
  report_id {BIGINT} NOT NULL REFERENCES reports(id),
  task_id TEXT{C} NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('not_started','in_progress','done','overdue','cancelled')),
  percent INTEGER CHECK (percent BETWEEN 0 AND 100),
  output TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (report_id, task_id)
){WITHOUT_ROWID};
CREATE TABLE report_narratives (
  report_id {BIGINT} NOT NULL REFERENCES reports(id),
  section TEXT NOT NULL
    CHECK (section IN ('results','shortcomings','causes','next_steps','proposals')),
  text TEXT NOT NULL,
  PRIMARY KEY (report_id, section)
){WITHOUT_ROWID};
CREATE TABLE allocations (
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  target_id {BIGINT} NOT NULL REFERENCES targets(id),
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  value_mantissa {BIGINT} NOT NULL,
  value_scale INTEGER NOT NULL CHECK (value_scale >= 0),
  PRIMARY KEY (program_id, target_id, unit_id)
){WITHOUT_ROWID};
-- A report form reads its unit's shares.
CREATE INDEX allocations_unit ON allocations(program_id, unit_id);
CREATE TABLE outbox (
  id {AUTOID},
  key TEXT NOT NULL UNIQUE,
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT{C} NOT NULL,
  sent_at TEXT{C}
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);
)sql"},
    {4, "",
     /*sqlite=*/R"sql(
-- Values lose their foreign key to reports, as in PostgreSQL: only the store's report writers
-- insert them, each for a report its own transaction created or holds, and reports are never
-- deleted. SQLite changes a constraint by copying the table.
CREATE TABLE report_values_new (
  report_id INTEGER NOT NULL,
  target_id INTEGER NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('period','cumulative')),
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('plan','estimate','actual')),
  value_mantissa INTEGER,  -- NULL: cleared at this version
  value_scale INTEGER CHECK (value_scale >= 0),
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER,
  PRIMARY KEY (report_id, target_id, scope, version)
) WITHOUT ROWID;
INSERT INTO report_values_new SELECT report_id, target_id, scope, version, kind, value_mantissa,
  value_scale, note, recorded_at, recorded_by FROM report_values;
DROP TABLE report_values;
ALTER TABLE report_values_new RENAME TO report_values;
)sql",
     /*postgres=*/R"sql(
-- Values lose their foreign key to reports: only the store's report writers insert them, each
-- for a report its own transaction created or holds locked, and reports are never deleted. The
-- key's per-row check was 69 % of a bulk load's COPY (bench/README.md).
ALTER TABLE report_values DROP CONSTRAINT report_values_report_id_fkey;
)sql"},
    {5, R"sql(
-- A reporting rule under Decree 09/2019/NĐ-CP: the number of working days after the data
-- cut-off (15th → 14th) within which the report is due; NULL for a rule of fixed days.
ALTER TABLE reporting_rules ADD COLUMN cutoff_working_days INTEGER
  CHECK (cutoff_working_days BETWEEN 1 AND 90);
)sql"},
    {6, R"sql(
-- Corrections of what the parser read, made on a draft before it is published; applied in
-- order over the parsed plan, which stays as it was read.
CREATE TABLE program_corrections (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  locator TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  by_user {BIGINT},
  by_name TEXT NOT NULL
);
CREATE INDEX program_corrections_program ON program_corrections(program_id, id);
)sql"},
    {7, R"sql(
-- A rate target measured as the ratio of two other targets' sums: their ords in the program.
ALTER TABLE targets ADD COLUMN numerator_ord INTEGER;
ALTER TABLE targets ADD COLUMN denominator_ord INTEGER;
)sql"},
    {8, R"sql(
-- A number that grows with every change of a program's allocations: a server keeps the report
-- forms it built for the program's units while the number it read them at is current.
ALTER TABLE programs ADD COLUMN allocations_rev {BIGINT} NOT NULL DEFAULT 0;
)sql"},
    {9, "", "", "", kValueChecksAsComparisons},
    // A program's unit references are read by program (store/sql/plans.cpp).
    {10, "CREATE INDEX IF NOT EXISTS unit_refs_program ON unit_refs(program_id);"},
    {11, R"sql(
-- Four eyes: whoever submitted a report may not approve it, unless a planner turns it off.
ALTER TABLE programs ADD COLUMN four_eyes {BOOL} NOT NULL DEFAULT {TRUE};
)sql"},
    {12, R"sql(
-- Accounts' whole life (issue 15): `version` grows with every change of the row (an edit is
-- made on the version read); a session and a token name the audit entry that created them,
-- whose `after` names their hash (one no audited sign-in made is refused); tokens expire and
-- record their last use (at most once a minute).
ALTER TABLE users ADD COLUMN version {BIGINT} NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN updated_at TEXT{C};
ALTER TABLE users ADD COLUMN last_login_at TEXT{C};
ALTER TABLE sessions ADD COLUMN audit_seq {BIGINT};
CREATE INDEX sessions_user ON sessions(user_id);
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT{C};
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT{C};
ALTER TABLE api_tokens ADD COLUMN audit_seq {BIGINT};
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);
-- One-time password reset codes, kept only as their SHA-256.
CREATE TABLE password_resets (
  code_hash TEXT PRIMARY KEY,
  user_id {BIGINT} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT{C} NOT NULL,
  expires_at TEXT{C} NOT NULL,
  used_at TEXT{C}
);
CREATE INDEX password_resets_user ON password_resets(user_id);
-- The sign-in limit, shared by every server: failures per key ("user:NAME", "addr:IP") since
-- `first_at`, and the time before which the key may not try again.
CREATE TABLE login_limits (
  key TEXT{C} PRIMARY KEY,
  failures {BIGINT} NOT NULL,
  first_at TEXT{C} NOT NULL,
  locked_until TEXT{C}
);
-- A message to an account (a reset code) rather than to a unit.
ALTER TABLE outbox ADD COLUMN user_id {BIGINT} REFERENCES users(id);
)sql",
     /*sqlite=*/"",
     /*postgres=*/"ALTER TABLE outbox ALTER COLUMN unit_id DROP NOT NULL;", kOutboxUnitOptional},
    {13, R"sql(
-- The program as the Ministry runs it (issue 16). The issuer's catalogue of indicators: what a
-- target measures, kept across years, how it adds up, who reports it when a decision is silent.
CREATE TABLE indicators (
  id {AUTOID},
  issuer_key TEXT{C} NOT NULL,
  code TEXT{C} NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  aggregation TEXT NOT NULL CHECK (aggregation IN ('sum','ratio','mean','last')),
  numerator_code TEXT NOT NULL DEFAULT '',
  denominator_code TEXT NOT NULL DEFAULT '',
  ratio_scale_mantissa {BIGINT},
  ratio_scale_scale INTEGER CHECK (ratio_scale_scale >= 0),
  better TEXT NOT NULL CHECK (better IN ('higher','lower')),
  default_reporters TEXT NOT NULL DEFAULT '' CHECK (default_reporters IN ('','province','department')),
  default_consolidator TEXT NOT NULL DEFAULT '',
  created_at TEXT{C} NOT NULL,
  UNIQUE (issuer_key, code)
);
CREATE TABLE indicator_aliases (
  indicator_id {BIGINT} NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (indicator_id, ord)
);
-- A target as read: the indicator it measures, the target it restates (its ord), last year's
-- value, whether it is a rate's component, and the reporters the binder proposed (as written,
-- one per line: "reports|consolidates<TAB>group<TAB>written<TAB>unit ids").
ALTER TABLE targets ADD COLUMN indicator_code TEXT;
ALTER TABLE targets ADD COLUMN mention_of_ord INTEGER;
ALTER TABLE targets ADD COLUMN mention_kind TEXT CHECK (mention_kind IN ('restated','growth'));
ALTER TABLE targets ADD COLUMN role TEXT NOT NULL DEFAULT 'target'
  CHECK (role IN ('target','component'));
ALTER TABLE targets ADD COLUMN baseline_mantissa {BIGINT};
ALTER TABLE targets ADD COLUMN baseline_scale INTEGER CHECK (baseline_scale >= 0);
ALTER TABLE targets ADD COLUMN proposed_reporters TEXT;
ALTER TABLE targets ADD COLUMN reporters_rule TEXT;
ALTER TABLE targets ADD COLUMN reporters_why_none TEXT;
-- Who reports what (the responsibility matrix): a unit or a whole group, from a date to a date
-- (a change closes the rows in force and adds new ones: nothing is overwritten).
CREATE TABLE target_reporters (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  target_id {BIGINT} NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  unit_id {BIGINT},
  group_kind TEXT CHECK (group_kind IN ('province','department')),
  role TEXT NOT NULL CHECK (role IN ('reports','consolidates')),
  frequency TEXT CHECK (frequency IN ('once','monthly','quarterly','semiannual','annual')),
  source TEXT NOT NULL CHECK (source IN ('proposed','planner')),
  rule TEXT NOT NULL DEFAULT '',
  valid_from {DATE} NOT NULL,
  valid_to {DATE},
  CHECK ((unit_id IS NULL) <> (group_kind IS NULL))
);
CREATE INDEX target_reporters_program ON target_reporters(program_id, target_id);
-- A number that grows with every change of a program's matrix (as allocations_rev).
ALTER TABLE programs ADD COLUMN responsibility_rev {BIGINT} NOT NULL DEFAULT 0;
)sql"},
    {14, R"sql(
-- The papers workplan writes (issue 17): the consolidated report of a period and a unit's own,
-- one row per program, kind, issuing unit and period. `version` grows with every write; the
-- header (title, subject, signature, recipients …) is JSON text (store/document_json.hpp). Once
-- issued it carries its number, counted per issuing unit, year and symbol ("12/BC-LĐTBXH").
CREATE TABLE documents (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  kind TEXT NOT NULL CHECK (kind IN ('consolidated','unit')),
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  period TEXT{C} NOT NULL,
  as_of {DATE} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','issued')),
  version {BIGINT} NOT NULL CHECK (version >= 1),
  header TEXT NOT NULL,
  data_generation {BIGINT} NOT NULL DEFAULT 0,
  generated_at TEXT{C} NOT NULL,
  created_at TEXT{C} NOT NULL, created_by {BIGINT},
  updated_at TEXT{C} NOT NULL, updated_by {BIGINT},
  issued_at TEXT{C}, issued_by {BIGINT},
  number_year INTEGER, number_symbol TEXT{C}, number_seq {BIGINT} CHECK (number_seq >= 1),
  CHECK (status = 'draft' OR number_seq IS NOT NULL),
  UNIQUE (program_id, kind, unit_id, period),
  UNIQUE (unit_id, number_year, number_symbol, number_seq)
);
CREATE INDEX documents_program ON documents(program_id, updated_at);
-- A document's blocks as they stand: the generated text, the edit and the generated text it was
-- made on, the merge's state; a table of figures as JSON text.
CREATE TABLE document_blocks (
  document_id {BIGINT} NOT NULL REFERENCES documents(id),
  key TEXT{C} NOT NULL,
  ord INTEGER NOT NULL,
  anchor TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('heading','paragraph','table')),
  style TEXT NOT NULL,
  section TEXT NOT NULL,
  area TEXT NOT NULL,
  unit_id {BIGINT},
  generated_text TEXT NOT NULL,
  base_text TEXT,
  edited_text TEXT,
  removed {BOOL} NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('generated','edited','changed_underneath','orphaned')),
  table_json TEXT,
  PRIMARY KEY (document_id, key)
){WITHOUT_ROWID};
-- Every version of a document, as it was (a JSON snapshot of its row and blocks, with its
-- SHA-256), and the keys of the blocks the version changed. Append-only, like audit_log.
CREATE TABLE document_versions (
  document_id {BIGINT} NOT NULL REFERENCES documents(id),
  version {BIGINT} NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('generate','edit','regenerate','resolve','issue')),
  at TEXT{C} NOT NULL,
  by_user {BIGINT},
  changed TEXT NOT NULL,
  content TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (document_id, version)
);
-- The .docx as issued, byte for byte. Append-only.
CREATE TABLE document_files (
  document_id {BIGINT} NOT NULL REFERENCES documents(id),
  version {BIGINT} NOT NULL,
  sha256 TEXT NOT NULL,
  bytes {BLOB} NOT NULL,
  PRIMARY KEY (document_id, version)
);
-- Templates an admin uploaded (edited in Word), every version kept; the newest is used.
CREATE TABLE document_templates (
  name TEXT{C} NOT NULL,
  version {BIGINT} NOT NULL,
  sha256 TEXT NOT NULL,
  bytes {BLOB} NOT NULL,
  uploaded_at TEXT{C} NOT NULL,
  PRIMARY KEY (name, version)
);
)sql",
     /*sqlite=*/R"sql(
CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions
  BEGIN SELECT RAISE(ABORT, 'document_versions is append-only'); END;
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
  BEGIN SELECT RAISE(ABORT, 'document_versions is append-only'); END;
CREATE TRIGGER document_files_no_update BEFORE UPDATE ON document_files
  BEGIN SELECT RAISE(ABORT, 'document_files is append-only'); END;
CREATE TRIGGER document_files_no_delete BEFORE DELETE ON document_files
  BEGIN SELECT RAISE(ABORT, 'document_files is append-only'); END;
)sql",
     /*postgres=*/R"sql(
CREATE FUNCTION document_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER document_versions_no_update BEFORE UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION document_history_append_only();
CREATE TRIGGER document_versions_no_truncate BEFORE TRUNCATE ON document_versions
  FOR EACH STATEMENT EXECUTE FUNCTION document_history_append_only();
CREATE TRIGGER document_files_no_update BEFORE UPDATE OR DELETE ON document_files
  FOR EACH ROW EXECUTE FUNCTION document_history_append_only();
CREATE TRIGGER document_files_no_truncate BEFORE TRUNCATE ON document_files
  FOR EACH STATEMENT EXECUTE FUNCTION document_history_append_only();
)sql"},
    {15, R"sql(
-- Amendments of a published program (issue 18). A leader (Lãnh đạo Bộ) holds a title:
-- "Bộ trưởng" decides every amendment, a "Thứ trưởng" those its delegations cover.
ALTER TABLE users ADD COLUMN title TEXT NOT NULL DEFAULT '';
-- A Thứ trưởng in charge of areas of part II ("II.2 II.3"; '' every area), from a date to a
-- date (inclusive), until revoked.
CREATE TABLE delegations (
  id {AUTOID},
  grantee_id {BIGINT} NOT NULL REFERENCES users(id),
  granted_by {BIGINT} NOT NULL REFERENCES users(id),
  areas TEXT NOT NULL,
  valid_from {DATE} NOT NULL,
  valid_to {DATE},
  revoked_at TEXT{C},
  created_at TEXT{C} NOT NULL
);
CREATE INDEX delegations_grantee ON delegations(grantee_id);
-- A unit's proposal to change the published program from a date, its way through the planning
-- department to the leader who decides it; `version` grows with every write.
CREATE TABLE amendments (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  status TEXT NOT NULL CHECK (status IN ('draft','submitted','returned','forwarded','approved',
    'refused','withdrawn')),
  version {BIGINT} NOT NULL CHECK (version >= 1),
  effective_from {DATE} NOT NULL,
  reason TEXT NOT NULL,
  planner_opinion TEXT NOT NULL DEFAULT '',
  decision_comment TEXT NOT NULL DEFAULT '',
  decision_number TEXT NOT NULL DEFAULT '',
  submitted_at TEXT{C}, submitted_by {BIGINT},
  forwarded_at TEXT{C}, forwarded_by {BIGINT},
  decided_at TEXT{C}, decided_by {BIGINT},
  delegation_id {BIGINT} REFERENCES delegations(id),
  program_version INTEGER,
  created_at TEXT{C} NOT NULL, created_by {BIGINT},
  updated_at TEXT{C} NOT NULL, updated_by {BIGINT}
);
CREATE INDEX amendments_program ON amendments(program_id, updated_at);
CREATE TABLE amendment_changes (
  amendment_id {BIGINT} NOT NULL REFERENCES amendments(id),
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('target_value','deadline','lead','task_add','task_drop')),
  locator TEXT NOT NULL,
  value TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  assigned_task_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (amendment_id, ord)
){WITHOUT_ROWID};
-- The versions of a published program: 1 (the baseline) written at publication, each approved
-- amendment the next number. Nothing of the published plan is overwritten.
CREATE TABLE program_versions (
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  effective_from {DATE} NOT NULL,
  amendment_id {BIGINT} REFERENCES amendments(id),
  approved_at TEXT{C} NOT NULL,
  approved_by {BIGINT},
  PRIMARY KEY (program_id, version)
);
-- A number that grows with every approval (as allocations_rev): another server sees it.
ALTER TABLE programs ADD COLUMN amendments_rev {BIGINT} NOT NULL DEFAULT 0;
)sql",
     /*sqlite=*/R"sql(
INSERT INTO program_versions(program_id, version, effective_from, approved_at)
  SELECT id, 1, COALESCE(issued_date, printf('%04d-01-01', year), '1970-01-01'),
         COALESCE(published_at, created_at)
  FROM programs WHERE status = 'published';
)sql",
     /*postgres=*/R"sql(
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin','planner','editor','approver','viewer','leader'));
INSERT INTO program_versions(program_id, version, effective_from, approved_at)
  SELECT id, 1, COALESCE(issued_date, make_date(year, 1, 1), DATE '1970-01-01'),
         COALESCE(published_at, created_at)
  FROM programs WHERE status = 'published';
)sql",
     kLeaderRole},
    {16, R"sql(
-- Each unit's own program (issue 18): its tasks under the Ministry's items, the part or person
-- responsible, dates, outputs; its own targets; sent by the program's date and accepted or
-- returned. `version` grows with every write; `accepted_version` is the snapshot forms read
-- (kept while the program is reopened, until accepted again).
CREATE TABLE unit_programs (
  id {AUTOID},
  program_id {BIGINT} NOT NULL REFERENCES programs(id),
  unit_id {BIGINT} NOT NULL REFERENCES org_units(id),
  status TEXT NOT NULL CHECK (status IN ('draft','submitted','returned','accepted')),
  version {BIGINT} NOT NULL CHECK (version >= 1),
  due {DATE} NOT NULL,
  decision_number TEXT NOT NULL DEFAULT '',
  decision_date {DATE},
  signer TEXT NOT NULL DEFAULT '',
  source_name TEXT NOT NULL DEFAULT '',
  source_sha256 TEXT NOT NULL DEFAULT '',
  first_submitted_at TEXT{C},
  submitted_at TEXT{C},
  decided_at TEXT{C},
  decided_by {BIGINT},
  comment TEXT NOT NULL DEFAULT '',
  accepted_version {BIGINT},
  carried_from {BIGINT},
  created_at TEXT{C} NOT NULL,
  updated_at TEXT{C} NOT NULL,
  updated_by {BIGINT},
  UNIQUE (program_id, unit_id)
);
-- A unit's task; its id is never reused: forms keep its progress under "u:<id>".
CREATE TABLE unit_tasks (
  id {AUTOID},
  unit_program_id {BIGINT} NOT NULL REFERENCES unit_programs(id),
  ord INTEGER NOT NULL,
  serves TEXT{C} NOT NULL,
  text TEXT NOT NULL,
  responsible_user_id {BIGINT} REFERENCES users(id),
  responsible_name TEXT NOT NULL DEFAULT '',
  start {DATE},
  due {DATE},
  output TEXT NOT NULL DEFAULT '',
  carried_from TEXT NOT NULL DEFAULT '',
  dropped_from {DATE},
  UNIQUE (unit_program_id, ord)
);
-- Its targets: an allocation shown (target_id), or one the unit adds.
CREATE TABLE unit_targets (
  unit_program_id {BIGINT} NOT NULL REFERENCES unit_programs(id),
  ord INTEGER NOT NULL,
  target_id {BIGINT},
  indicator_code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  uom TEXT NOT NULL DEFAULT '',
  value_mantissa {BIGINT},
  value_scale INTEGER CHECK (value_scale >= 0),
  comparator TEXT,
  serves TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (unit_program_id, ord)
){WITHOUT_ROWID};
-- Every version of a unit's program as it was (a JSON snapshot with its SHA-256): append-only.
CREATE TABLE unit_program_versions (
  unit_program_id {BIGINT} NOT NULL REFERENCES unit_programs(id),
  version {BIGINT} NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('save','import','submit','return','accept','reopen')),
  at TEXT{C} NOT NULL,
  by_user {BIGINT},
  comment TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (unit_program_id, version)
);
-- A number that grows with every acceptance of a unit's program (forms built on the accepted
-- tasks are current while it stays), and the date units' programs are due when the decision
-- states none (2008).
ALTER TABLE programs ADD COLUMN unit_programs_rev {BIGINT} NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN unit_programs_due {DATE};
)sql",
     /*sqlite=*/R"sql(
CREATE TRIGGER unit_program_versions_no_update BEFORE UPDATE ON unit_program_versions
  BEGIN SELECT RAISE(ABORT, 'unit_program_versions is append-only'); END;
CREATE TRIGGER unit_program_versions_no_delete BEFORE DELETE ON unit_program_versions
  BEGIN SELECT RAISE(ABORT, 'unit_program_versions is append-only'); END;
)sql",
     /*postgres=*/R"sql(
CREATE FUNCTION unit_program_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER unit_program_versions_no_update BEFORE UPDATE OR DELETE ON unit_program_versions
  FOR EACH ROW EXECUTE FUNCTION unit_program_versions_append_only();
CREATE TRIGGER unit_program_versions_no_truncate BEFORE TRUNCATE ON unit_program_versions
  FOR EACH STATEMENT EXECUTE FUNCTION unit_program_versions_append_only();
)sql"},
    {17, R"sql(
-- How the Ministry's report words an indicator's result (issue 17): "tạo việc làm cho {value}";
-- '' for "{name}: {value}". NULL in a catalogue stored before: filled once at start from the
-- data directory's catalogue (FillIndicatorSentences), then the catalogue's own, as edited.
ALTER TABLE indicators ADD COLUMN sentence TEXT;
)sql"},
    {18, R"sql(
-- Issue 18: a draft program started from last year's (program.start_from): what it carries
-- until the new decision is reconciled with it. Replaced whole with each write.
CREATE TABLE next_year_drafts (
  program_id {BIGINT} PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  from_program {BIGINT} NOT NULL REFERENCES programs(id),
  year INTEGER NOT NULL,
  revision {BIGINT} NOT NULL,
  decision_name TEXT NOT NULL DEFAULT '',
  decision_text TEXT NOT NULL DEFAULT '',
  reconciled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE next_year_items (
  program_id {BIGINT} NOT NULL REFERENCES next_year_drafts(program_id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('target','task')),
  item_key TEXT NOT NULL,
  carried_from TEXT NOT NULL,
  carried_value TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('','2013','carried','drop')),
  PRIMARY KEY (program_id, ord)
);
)sql"},
    {19, R"sql(
-- Issue 20: the writes other servers on the same database must follow (approvals, reopenings,
-- report writes, bulk loads, publications, allocations, amendments, unit programs, the
-- matrix), one row each in the write's own transaction. Every write first locks the audit head,
-- so seq grows in commit order: a server applies the rows after the last seq it applied.
-- `origin` names the process that wrote it (its own rows it applied at the write).
CREATE TABLE changes (
  seq {AUTOID},
  kind TEXT NOT NULL,
  program_id {BIGINT},
  unit_id {BIGINT},
  period TEXT{C} NOT NULL DEFAULT '',
  report_id {BIGINT},
  origin TEXT NOT NULL,
  at TEXT{C} NOT NULL
);
)sql",
     /*sqlite=*/{},
     /*postgres=*/R"sql(
-- Servers LISTEN on workplan_changes: told at the commit of any write that added a row.
CREATE FUNCTION changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('workplan_changes', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER changes_notify AFTER INSERT ON changes
  FOR EACH STATEMENT EXECUTE FUNCTION changes_notify();
)sql"},
    {20, R"sql(
-- The decision as it was uploaded (issue 19): its form, a PDF's pages, and the file's bytes with
-- their SHA-256 when it is not the text read (a .docx, a PDF, a .txt in a legacy font; NULL and
-- '' when source_text is the original). Bounded by the upload limit.
ALTER TABLE programs ADD COLUMN source_form TEXT NOT NULL DEFAULT 'text'
  CHECK (source_form IN ('text','docx','pdf'));
ALTER TABLE programs ADD COLUMN source_pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN source_bytes {BLOB};
ALTER TABLE programs ADD COLUMN source_bytes_sha256 TEXT NOT NULL DEFAULT '';
)sql"},
};

}  // namespace wp::store::sql
