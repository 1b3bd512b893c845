#pragma once
// The schema, as numbered migrations. A migration is never edited once released: a change is a
// new number. Applied in order at open; `schema_migrations` records what ran.

#include <span>
#include <string_view>

namespace wp::store::sqlite {

// A change of a table's constraints that leaves its stored rows as they are, made by editing
// the table's CREATE TABLE text in sqlite_schema (SQLite's documented procedure, "Making Other
// Kinds Of Table Schema Changes" in lang_altertable.html): in one transaction, the text
// replaced, the schema version moved on. `from` must occur in the text exactly once.
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
  std::string_view sql;
  std::span<const SchemaEdit> edits = {};  // made after `sql`, in the same transaction
};

inline constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ministry','department','province','district','commune')),
  parent_id INTEGER REFERENCES org_units(id),
  valid_from TEXT,
  valid_to TEXT
);
CREATE INDEX org_units_code ON org_units(code);
CREATE TABLE org_unit_aliases (
  unit_id INTEGER NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (unit_id, ord)
);
CREATE TABLE org_successions (
  unit_id INTEGER NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  successor_id INTEGER NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (unit_id, ord)
);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a replaced draft's id stays gone
  status TEXT NOT NULL CHECK (status IN ('draft','published')),
  type TEXT, number TEXT, issued_date TEXT, place TEXT, issuer TEXT, signer TEXT,
  signer_title TEXT, year INTEGER, title TEXT,
  source_name TEXT NOT NULL, source_text TEXT NOT NULL, source_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL, published_at TEXT
);
CREATE UNIQUE INDEX programs_number ON programs(number) WHERE number IS NOT NULL;
CREATE TABLE program_texts (  -- legal bases and recipients, in order
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('legal_basis','recipient')),
  ord INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (program_id, kind, ord)
);
CREATE TABLE articles (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  PRIMARY KEY (program_id, ord)
);
CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL, parent TEXT, depth INTEGER NOT NULL,
  lead_phrase TEXT, leads_inherited INTEGER NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (program_id, ord)
);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL, leads_inherited INTEGER NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (section_id, ord)
);
CREATE TABLE task_details (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (task_id, ord)
);
-- Lead and coordinating units of a section or a task: as written, how they were read, and the
-- units they mean (owner is 'section' or 'task').
CREATE TABLE unit_refs (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  owner TEXT NOT NULL CHECK (owner IN ('section','task')),
  owner_id INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('lead','coordinate')),
  ord INTEGER NOT NULL,
  written TEXT NOT NULL,
  resolution TEXT CHECK (resolution IN ('unit','group','approximate','generic','unresolved'))
);
CREATE INDEX unit_refs_owner ON unit_refs(owner, owner_id);
CREATE TABLE unit_ref_units (
  ref_id INTEGER NOT NULL REFERENCES unit_refs(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL,
  PRIMARY KEY (ref_id, unit_id)
);
CREATE INDEX unit_ref_units_unit ON unit_ref_units(unit_id);
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, indicator TEXT NOT NULL, raw TEXT NOT NULL,
  value_mantissa INTEGER NOT NULL, value_scale INTEGER NOT NULL CHECK (value_scale >= 0),
  unit TEXT NOT NULL,
  comparator TEXT NOT NULL CHECK (comparator IN ('eq','min','max','decrease_by','increase_by')),
  approximate INTEGER NOT NULL, parent TEXT, restates TEXT,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (program_id, ord)
);
CREATE TABLE budgets (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, program_name TEXT, raw TEXT NOT NULL,
  total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0), investment_vnd INTEGER, recurrent_vnd INTEGER,
  source TEXT,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (program_id, ord)
);
CREATE TABLE deadlines (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, raw TEXT NOT NULL, due TEXT,
  what TEXT NOT NULL, responsible TEXT NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (program_id, ord)
);
CREATE TABLE reporting_rules (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, section TEXT NOT NULL, raw TEXT NOT NULL, report TEXT NOT NULL,
  frequency TEXT NOT NULL CHECK (frequency IN ('once','monthly','quarterly','semiannual','annual')),
  due TEXT, day_of_month INTEGER CHECK (day_of_month BETWEEN 1 AND 31),
  last_month_of_quarter INTEGER NOT NULL, from_text TEXT NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  UNIQUE (program_id, ord)
);
CREATE TABLE reporting_rule_units (
  rule_id INTEGER NOT NULL REFERENCES reporting_rules(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('from','to')),
  ord INTEGER NOT NULL, written TEXT NOT NULL,
  PRIMARY KEY (rule_id, role, ord)
);
CREATE TABLE unit_mentions (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL, variants TEXT NOT NULL,
  PRIMARY KEY (program_id, ord)
);
CREATE TABLE diagnostics (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','error')),
  code TEXT NOT NULL, message TEXT NOT NULL,
  span_line INTEGER, span_column INTEGER, span_offset INTEGER, span_length INTEGER,
  PRIMARY KEY (program_id, ord)
);
)sql"},
    {2, R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','planner','editor','approver','viewer')),
  unit_id INTEGER REFERENCES org_units(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
-- Append-only: the triggers refuse UPDATE and DELETE; each entry's hash covers the previous
-- one's, so an edit made around the triggers (or in the file) breaks the chain.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
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
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql"},
    {3, R"sql(
-- Reports of the reporting cycle (issue 4): one row per program, obligation, period and unit,
-- created when a unit first saves it. `version` grows with every write (optimistic locking).
CREATE TABLE reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  obligation TEXT NOT NULL,
  period TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  due TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','returned')),
  version INTEGER NOT NULL CHECK (version >= 1),
  first_submitted_at TEXT, submitted_at TEXT, approved_at TEXT,
  comment TEXT NOT NULL DEFAULT '',
  warnings TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by INTEGER,
  UNIQUE (program_id, obligation, period, unit_id)
);
CREATE INDEX reports_period ON reports(program_id, period, obligation);
CREATE INDEX reports_unit ON reports(unit_id);
-- Every value ever recorded, by the report version that recorded it: the newest per target
-- and scope is current, the older ones are its vintages (an estimate an actual replaced).
CREATE TABLE report_values (
  report_id INTEGER NOT NULL REFERENCES reports(id),
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
CREATE TABLE report_tasks (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  task_id TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('not_started','in_progress','done','overdue','cancelled')),
  percent INTEGER CHECK (percent BETWEEN 0 AND 100),
  output TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (report_id, task_id)
) WITHOUT ROWID;
CREATE TABLE report_narratives (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  section TEXT NOT NULL
    CHECK (section IN ('results','shortcomings','causes','next_steps','proposals')),
  text TEXT NOT NULL,
  PRIMARY KEY (report_id, section)
) WITHOUT ROWID;
CREATE TABLE allocations (
  program_id INTEGER NOT NULL REFERENCES programs(id),
  target_id INTEGER NOT NULL REFERENCES targets(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  value_mantissa INTEGER NOT NULL,
  value_scale INTEGER NOT NULL CHECK (value_scale >= 0),
  PRIMARY KEY (program_id, target_id, unit_id)
) WITHOUT ROWID;
-- A report form reads its unit's shares.
CREATE INDEX allocations_unit ON allocations(program_id, unit_id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);
)sql"},
    {4, R"sql(
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  locator TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  by_user INTEGER,
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
ALTER TABLE programs ADD COLUMN allocations_rev INTEGER NOT NULL DEFAULT 0;
)sql"},
    {9, "", kValueChecksAsComparisons},
};

}  // namespace wp::store::sqlite
