// The shapes of the API's answers that the pages read (see /api/v1/openapi.json).

export type Role = 'admin' | 'planner' | 'editor' | 'approver' | 'viewer' | 'leader';

/** A leader's title (issue 18): the Minister approves any amendment, a Thứ trưởng only under a
 * delegation covering the item's area. */
export type LeaderTitle = 'Bộ trưởng' | 'Thứ trưởng';

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  title?: string;  // a leader's "Bộ trưởng" | "Thứ trưởng" (issue 18); '' otherwise
}

export interface Session {
  csrf_token: string;
  expires_at?: string;
  user: User;
}

export interface Span { line: number; column: number; offset: number; length: number }

export interface ProgramSummary {
  id: number;
  status: string;
  number: string;
  issued_date: string;
  title: string;
  year: number;
  targets: number;
  sections: number;
}

export interface Program {
  id: number;
  status: string;
  // Issue 19: the file the decision came as (GET …/source returns it, …/source.txt the text read).
  source?: { file: string; bytes: number; form: 'text' | 'docx' | 'pdf'; pages: number; file_bytes: number };
  counts?: { diagnostics: number; corrections: number; targets: number; deadlines: number };
  document: {
    type: string; number: string; issued_date: string; place: string; issuer: string;
    signer: string; signer_title: string; year: number; title: string;
  };
}

export interface UnitRef { id: number; code: string; name: string }

export interface Section {
  number: string;
  title: string;
  lead_units: string[];
  coordinating_units: string[];
  span: Span | null;
  parent: string | null;
  depth: number;
  task_count: number;
  resolved_leads: { name: string; units: UnitRef[] }[];
}

export interface Target {
  id: number;
  section: string;
  indicator: string;
  raw: string;
  value: number | null;
  unit: string;
  comparator: string;
  parent: string | null;
  baseline?: number | null;  // last year's value, for a "giảm/tăng X" target (issue 16)
  span: Span | null;
}

export interface Task { id: string; section: string; text: string; span: Span | null; lead_units: string[] }

export interface Budget {
  section: string; program: string; raw: string; total_vnd: number | null;
  investment_vnd: number | null; recurrent_vnd: number | null; source: string | null; span: Span | null;
}

export interface Deadline {
  section: string; raw: string; due: string | null; what: string; responsible: string | null; span: Span | null;
}

/** What the parser could not read cleanly (plan-json.md). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info'; code: string; message: string; span: Span | null;
  item?: string; // the item the note is about ("target:3", "section:II.1"), when the reader knows it
}

/** A planner's correction of a draft (POST /programs/{id}/corrections). */
export interface Correction {
  id: number; locator: string; field: string; value: string; before: string; after: string;
  reason: string; at: string; by: string;
}

export interface ImportResult {
  id: number; number: string | null; status: string; replaced: boolean;
  source: { form: 'text' | 'docx' | 'pdf'; pages: number; bytes: number };
  counts: { sections: number; targets: number; budgets: number; deadlines: number; unresolved_units: number; diagnostics: number };
}

export interface Period { key: string; label: string; start: string; end: string }

export interface ReportHead {
  id: number | null;
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  version: number;
  first_submitted_at: string | null;
  submitted_at: string | null;
  approved_at: string | null;
  comment: string;
  updated_at: string | null;
}

export type DueState = 'not_due' | 'missing' | 'draft' | 'submitted' | 'returned' | 'approved';

export interface DueReport {
  obligation: { key: string; name: string };
  period: Period;
  unit: UnitRef;
  due: string;
  state: DueState;
  received: boolean;
  late: boolean;
  overdue: boolean;
  report: ReportHead;
}

export interface FormTargetRow {
  id: number; section: string; indicator: string; unit: string; comparator: string;
  national: string | null; allocated: string | null; parent_id: number | null;
  /** A rate's part (issue 16): the form asks the two parts, the rate is their ratio (read-only). */
  rate?: FormRate | null;
  /** Issue 18: a target the unit's own program adds ("unit"); `allocated` is its own value. */
  kind?: 'unit'; serves?: string;
}

export interface FormRate {
  id: number; section: string; indicator: string; unit: string; comparator: string; national: string;
  scale: string; part: 'numerator' | 'denominator';
}

export interface ValueRow { target_id: number; scope: 'period' | 'cumulative'; kind: 'plan' | 'estimate' | 'actual'; value: string | null; note: string }
export interface TaskProgress { task_id: string; status: string; percent: number | null; output: string }

export interface Narrative { results: string; shortcomings: string; causes: string; next_steps: string; proposals: string }

export interface ReportForm extends ReportHead {
  program_id: number;
  obligation: { key: string; name: string };
  period: Period;
  unit: UnitRef;
  due: string;
  late: boolean;
  targets: FormTargetRow[];
  tasks: { id: string; section: string; text: string }[];
  values: ValueRow[];
  task_progress: TaskProgress[];
  narrative: Narrative;
  warnings: { field: string; message: string }[];
  actions: string[];
}

export interface Counts {
  expected: number; received: number; on_time: number; late: number; missing: number;
  pending: number; approved: number; returned: number; completeness: number; timeliness: number;
}

export interface Timeliness {
  as_of: string;
  total: Counts;
  periods: { obligation: string; period: Period; due: string; counts: Counts }[];
  units: { unit: UnitRef; counts: Counts }[];
}

export interface OverdueTask {
  task_id: string; section: string; section_title: string; deadline: string; deadline_text: string;
  what: string; unit: UnitRef | null; status: string | null;
}

export interface OrgUnit {
  id: number; code: string; name: string; kind: string; parent_id: number | null;
  valid_from: string | null; valid_to: string | null; aliases: string[]; successor_ids: number[];
}

export interface AuditEntry {
  seq: number; at: string; actor: string; action: string; entity: string; entity_id: string;
  before: unknown; after: unknown; prev_hash: string; hash: string;
}

export interface Items<T> { items: T[] }

// ── the dashboard and the analytics query (GET /programs/{id}/dashboard, POST /analytics/query) ──

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'no_target';

export interface NodeInfo {
  unit_id: number | null; code: string; name: string; kind: string | null; label: string;
  outside_date: boolean; related: UnitRef[];
}

export interface Measure {
  node: NodeInfo;
  months_elapsed: number;
  current: number | null;
  count: number;
  target: number | null;
  target_source: string;
  baseline: number | null;
  achievement: number | null;
  expected: number | null;
  pace: number | null;
  projection: number | null;
  projection_method: 'none' | 'linear' | 'seasonal';
  projected_achievement: number | null;
  status: Status;
  status_label: string;
  explanation: string;
}

export interface TargetMeasure extends Omit<Measure, 'target'> {
  target: { id: number; section: string; indicator: string; unit: string; comparator: string; value: string };
  target_value: number | null;
}

export interface DashboardData {
  program_id: number;
  at: string;
  year: number;
  unit: UnitRef | null;
  headline: string;
  status_rule: string;
  by_status: Record<Status, number>;
  targets: TargetMeasure[];
  reporting: { period: Period | null; counts: Counts };
  overdue_tasks_by_lead: { unit: UnitRef; tasks: number }[];
  /** Issue 18: at a unit, the targets its own program adds, from its approved reports. */
  own_targets?: OwnTargetMeasure[];
  ranking: { target_id: number; level: string; items: Measure[] };
}

export interface OwnTargetMeasure {
  id: number; name: string; uom: string; value: string | null; comparator: string | null; serves: string;
  current: number | null; period: string | null; achievement: number | null;
}

export interface AnalyticsCell { target_id: number; period: string; node: NodeInfo; value: number | null; count: number }

// ── the task board (GET /programs/{id}/task-status) ──

export type TaskState = 'not_reported' | 'not_started' | 'in_progress' | 'done' | 'overdue' | 'cancelled';

export interface TaskCounts { total: number; overdue: number; states: Record<TaskState, number> }

export interface TaskLead {
  unit: UnitRef; status: Exclude<TaskState, 'not_reported'> | null; percent: number | null; output: string;
  period: string | null; reported_at: string | null; overdue: boolean;
}

export interface TaskStatusRow {
  task_id: string; section: string; section_title: string; text: string;
  deadlines: { due: string; text: string; what: string }[];
  counts: TaskCounts;
  leads?: TaskLead[];
}

export interface TaskBoard { as_of: string; items: TaskStatusRow[]; units: { unit: UnitRef; counts: TaskCounts }[] }

// ── issue 16, web: allocations, the responsibility matrix, the dashboard's states ──

/** One unit's share of a target (GET/PUT /programs/{id}/allocations). */
export interface AllocationItem { target_id: number; unit: UnitRef; value: string }

/** The sum check of one target's shares: a warning (Vietnamese) when they do not add up. */
export interface AllocationCheck {
  target_id: number; national: string | null; allocated_sum: string; units: number; warning: string | null;
}

export interface Allocations {
  items: AllocationItem[];
  checks: AllocationCheck[];
  /** Per target, the units that report it (the responsibility matrix at the program's date): the
   * rows of the allocation grid. Absent for a program without a matrix. */
  targets?: { target_id: number; reporters: UnitRef[] }[];
}

/** A target as the program lists it, with the fields of issue 16 when the server gives them. */
export interface ProgramTarget extends Target {
  display_name?: string;
  indicator_code?: string | null;
  /** Where the decision states it: its own clause, then its restatements (issue 16). */
  mentions?: { target_id: number; section: string; raw: string; comparator: string }[];
}

// ── issue 16, point 4: what a report form adds (GET/PUT /programs/{id}/reports/…) ──
// Declared as additions to ReportForm and FormTargetRow above (interfaces merge).

/** A task's newest progress in the unit's earlier reports, and the report it was read from. */
export interface CarriedTask extends TaskProgress {
  from: { report_id: number; obligation: string; period: string; label: string };
}

/** The other report due the same day for a period ending the same day: `answers` when this
 * form can answer it (the month answers the quarter), else it answers this one. */
export interface PairedReport {
  obligation: { key: string; name: string };
  period: Period;
  unit: UnitRef;
  due: string;
  state: DueState;
  report: ReportHead;
  answers: boolean;
}

/** What the additive targets' cumulatives are checked with: the previous period's cumulative
 * by target id, or the year's first period (a cumulative is its period's), or nothing (null). */
export interface CumulativeReferences {
  role: 'previous_cumulative' | 'year_start' | null;
  source: string;
  values: Record<string, string>; // target id → the previous cumulative (API decimal)
}

export interface ReportForm {
  paired?: PairedReport | null;
  carried_tasks?: CarriedTask[];
  cumulative_references?: CumulativeReferences;
}

export interface FormTargetRow {
  additive?: boolean;
}

export type ReportFrequency = 'once' | 'monthly' | 'quarterly' | 'semiannual' | 'annual';

/** A column of the responsibility matrix: every province, every unit of the Ministry, one unit. */
export interface MatrixColumn { key: string; label: string } // "group:province", "group:department", "unit:123"

export interface MatrixReporter {
  key: string; frequency: ReportFrequency | null; source: 'proposed' | 'planner'; rule: string;
  valid_from: string; valid_to: string | null;
}

export interface MatrixRow {
  target_id: number; section: string; display_name: string; indicator_code: string | null;
  reporters: MatrixReporter[];
  consolidator: { unit_id: number; name: string } | null;
  why_none: string | null;
}

/** Who reports what (GET/PUT /programs/{id}/responsibilities). */
export interface Matrix { revision: number; at: string; columns: MatrixColumn[]; rows: MatrixRow[] }

/** A target's state on the dashboard (issue 16): "incomplete" when reports are missing, never
 * off track by absence; "not_measurable" with its reason (no reporter, no target, no data yet). */
export type TargetState = 'on_track' | 'at_risk' | 'off_track' | 'incomplete' | 'not_measurable';

/** Who reported the latest period due: "61/63 tỉnh đã báo cáo tháng 12/2012". */
export interface Coverage { reported: number; expected: number; period: string; text: string }

export type HeadlineCounts = Record<TargetState, number> & { total: number };

// The dashboard's fields of issue 16, merged into its shapes above (absent from older servers).
export interface TargetMeasure {
  state?: TargetState;
  state_label?: string;
  why?: string;
  coverage?: Coverage | null;
}

export interface DashboardTargetRef {
  indicator_code?: string | null;
  display_name?: string;
  /** Where the decision states the target ("I.1", "II.2.1"), when more than once. */
  mentions?: { section: string; raw?: string; comparator?: string }[];
}

export interface DashboardData {
  headline_counts?: HeadlineCounts;
}

// ── issue 17: the papers (GET/PUT /documents/{id}, GET /programs/{id}/documents, …/briefing) ──

export type DocumentKind = 'consolidated' | 'unit';
export type DocumentStatus = 'draft' | 'issued';
export type BlockState = 'generated' | 'edited' | 'changed_underneath' | 'orphaned';

/** A report's period as the server names it: {key: "2012-M12", label: "tháng 12 năm 2012"}. */
export interface DocumentPeriod { key: string; label: string }

/** One line of GET /programs/{id}/documents. */
export interface DocumentSummary {
  id: number;
  kind: DocumentKind;
  period: DocumentPeriod;
  as_of: string;
  unit: UnitRef | null;
  status: DocumentStatus;
  version: number;
  number: string | null;
  stale: boolean;
  conflicts: number;
  updated_at: string;
}

export interface DocumentTableColumn { label: string; format: 'text' | 'integer' | 'decimal' | 'percent' | 'date' | string }
/** A table cell as printed ("1.584.800"), with its machine value when it has one. */
export type DocumentTableCell = string | { text: string; value?: string | null; bold?: boolean };

export interface DocumentBlock {
  key: string;
  kind: 'heading' | 'paragraph' | 'table';
  style: string;    // "WPSection", "WPArea", "WPBody" …
  section: string;  // "I", "II", "III", "IV", "annex", ""
  area: string;     // "II.2"
  unit: UnitRef | null;
  text: string;      // what the document says now
  generated: string; // the generator's text
  edited: boolean;
  /** Removed by the Office (a generated block stays known; {key, text: null} brings it back). */
  removed?: boolean;
  /** An added paragraph ("free.<n>"): the key of the block it follows. */
  anchor?: string | null;
  state: BlockState;
  /** When the generated text changed under an edit: the text the edit was made on and the new one. */
  underneath: { before: string; after: string } | null;
  /** The edit with the new figures, when only numbers changed ("Áp dụng số mới"). */
  suggestion: string | null;
  table: { columns: DocumentTableColumn[]; rows: DocumentTableCell[][] } | null;
}

export interface DocumentSignature { authority: string; title: string; name: string }

export interface DocumentHeader {
  parent_body: string;
  issuer: string;
  symbol: string;         // "BC-LĐTBXH"
  number: string | null;  // "12/BC-LĐTBXH" once issued
  place: string;
  date: string | null;
  date_line: string;      // "Hà Nội, ngày 05 tháng 01 năm 2013" (blanks for a draft)
  title: string;          // "BÁO CÁO"
  subject: string;
}

export interface DocumentView {
  id: number;
  program_id: number;
  kind: DocumentKind;
  period: DocumentPeriod;
  as_of: string;
  unit: UnitRef | null;
  status: DocumentStatus;
  version: number;
  stale: boolean;
  generated_at: string;
  header: DocumentHeader;
  signature: DocumentSignature;
  recipients: string[];
  counts: { blocks: number; edited: number; changed_underneath: number; orphaned: number };
  blocks: DocumentBlock[];
}

/** PUT /documents/{id}: the edits of one save. */
export type BlockEdit =
  | { key: string; text: string | null }          // null: back to the generated text
  | { key: 'new'; after: string; text: string }   // a paragraph added after `after`
  | { key: string; remove: true };
export interface DocumentEdit {
  version: number;
  header?: { subject?: string; place?: string };
  signature?: DocumentSignature;
  recipients?: string[];
  blocks: BlockEdit[];
  resolve: { key: string; take: 'mine' | 'new' | 'suggestion' }[];
}

export type DocumentAction = 'generate' | 'edit' | 'regenerate' | 'resolve' | 'issue';
export interface DocumentHistoryItem {
  version: number; action: DocumentAction | string; at: string;
  by: { id: number | null; username: string } | null; changed: string[];
}

/** GET /programs/{id}/briefing?at=: the giao ban's pack, one area a page. */
export interface BriefingTarget {
  target_id: number; section?: string; name: string; unit: string; comparator?: string;
  plan: number | null; current: number | null; achievement: number | null; expected?: number | null;
  state: TargetState | string; state_label?: string; coverage: Coverage | string | null;
}
export interface BriefingShortfall {
  target_id: number; name?: string; achievement?: number | null; expected?: number | null; gap?: number | null;
  state?: string; text?: string;
}
export interface BriefingArea {
  section: string;
  title: string;
  leads?: UnitRef[];
  targets: BriefingTarget[];
  shortfalls: BriefingShortfall[];
  main_target?: number | null;
  lagging_units: { target_id: number; unit: { id: number | null; code: string; name: string } | string; achievement: number | null;
                   current?: number | null; plan?: number | null }[];
  overdue_tasks: { task_id: string; section?: string; what: string; lead: UnitRef | string | null; deadline: string; deadline_text?: string;
                   days_overdue: number; text?: string }[];
  overdue_total?: number;
}
export interface Briefing {
  program?: { id: number; number: string | null; title: string | null };
  at: string;
  period: (Period | DocumentPeriod) | null;
  headline?: string;
  headline_counts: Partial<HeadlineCounts> | null;
  reporting: { period?: string | null; counts?: Partial<Counts>; text?: string } | null;
  areas: BriefingArea[];
}

// ── issue 18: the plan's life over the year (units' own programs, amendments, versions) ──

/** A unit's own program as the Ministry's list shows it (GET /programs/{id}/unit-programs). */
export type UnitProgramStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export type UnitProgramState = 'not_due' | 'missing' | UnitProgramStatus;

export interface UnitProgramSummary {
  unit: UnitRef;
  id: number | null;
  status: UnitProgramState;
  late: boolean;
  first_submitted_at: string | null;
  submitted_at?: string | null;
  tasks: number;
  version: number;
}
export interface UnitProgramList { due: string | null; items: UnitProgramSummary[] }

export interface PersonRef { id: number; username: string; display_name: string }

/** One task of a unit's program ("u:57"): which Ministry item it serves, who leads it (one of the
 * unit's accounts, or a part or person as written), when, and what it produces. */
export interface UnitTask {
  id: string;
  ord: number;
  serves: string;
  text: string;
  responsible: { user: PersonRef | null; name: string } | null;
  start: string | null;
  due: string | null;
  output: string;
  carried_from?: string | null;
  dropped_from?: string | null;
}

export type UnitItemRole = 'lead' | 'coordinate' | 'reports' | 'consolidates';
export interface UnitProgramItem {
  key: string;                    // "II.2.1", "II.2.1#3", "target:17"
  kind: 'section' | 'task' | 'target';
  title: string;
  role: UnitItemRole;
  allocation: { value: string; uom: string } | null;
  tasks: UnitTask[];
}

export interface UnitTargetRow {
  ord: number; target_id: number | null; indicator_code: string | null; name: string; uom: string;
  value: string | null; comparator: string; serves: string;
}

export interface UnitProgramHistoryItem {
  version: number;
  action: 'save' | 'import' | 'submit' | 'return' | 'accept' | 'reopen' | string;
  at: string;
  by: string | { username: string; display_name?: string } | null;
  comment: string;
}

export interface UnitProgramView {
  id: number | null;
  program_id: number;
  unit: UnitRef;
  status: UnitProgramStatus | 'missing' | 'not_due';
  version: number;
  due: string | null;
  late: boolean;
  first_submitted_at?: string | null;
  decision: { number: string; date: string | null; signer: string } | null;
  comment: string;
  items: UnitProgramItem[];
  unassigned: UnitTask[];
  targets: UnitTargetRow[];
  history: UnitProgramHistoryItem[];
  /** The unit's accounts, to name one as a task's lead. */
  accounts?: PersonRef[];
  accepted_version?: number | null;
  obligation?: string | null;
}

/** PUT /programs/{id}/unit-programs/{unit}: a task as sent. */
export interface UnitTaskInput {
  id?: string; serves: string; text: string; responsible_user_id?: number | null; responsible_name?: string;
  start?: string | null; due?: string | null; output?: string; carried_from?: string; dropped_from?: string;
}

/** POST …/unit-programs/{unit}/import: the draft it made and what could not be placed. */
export interface UnitProgramImport {
  program: UnitProgramView;
  diagnostics: Diagnostic[];
  proposed: { tasks: number; matched: number; unassigned: number };
}

export type AmendmentStatus = 'draft' | 'submitted' | 'returned' | 'forwarded' | 'approved' | 'refused' | 'withdrawn';
export type ChangeKind = 'target_value' | 'deadline' | 'lead' | 'task_add' | 'task_drop';
export type AmendmentAction = 'submit' | 'withdraw' | 'return' | 'forward' | 'approve' | 'refuse';

export interface AmendmentChange {
  kind: ChangeKind; locator: string; label: string; before: string | null; after: string | null; value?: string;
}

type Who = string | { id?: number; username: string; display_name?: string; title?: string } | null;

/** A request to change the published program (GET /amendments/{id}). */
export interface Amendment {
  id: number;
  program_id?: number;
  unit: UnitRef | null;
  status: AmendmentStatus;
  version: number;
  effective_from: string;
  reason: string;
  changes: AmendmentChange[];
  submitted: { at: string; by: Who } | null;
  forwarded: { at: string; by: Who; opinion: string } | null;
  decided: { at: string; by: Who; delegation_id: number | null; decision_number: string; comment: string } | null;
  program_version: number | null;
  created_at?: string;
  updated_at?: string;
  /** What the signed-in user may do with it now, as the server says ("edit", "submit", …). */
  actions?: string[];
}

/** One version of a program: 1 is the decision as published (GET /programs/{id}/versions). */
export interface ProgramVersion {
  version: number; effective_from: string; amendment_id: number | null; approved_at: string | null;
  approved_by: Who; changes?: AmendmentChange[];
}

export interface BaselineStep {
  version: number; effective_from: string; before: string | null; after: string | null; reason: string;
  amendment_id: number | null; proposed_by: { unit_id?: number | null; unit: UnitRef | string | null } | null;
  forwarded_by: (Exclude<Who, string | null> & { opinion?: string }) | string | null;
  approved_by: Who; approved_at: string | null; decision_number: string | null;
}

export interface BaselineItem {
  kind: 'target' | 'task' | 'deadline' | 'lead' | string;
  locator?: string;   // "target:17", "deadline:3", "section:II.2.1", "task:II.2.1#4"
  id: string | number;
  section: string;
  name: string;
  mentions?: string[] | { section: string }[];
  original: string | null;
  current: string | null;
  status: 'changed' | 'added' | 'dropped';
  uom?: string;
  steps: BaselineStep[];
}

/** GET /programs/{id}/baseline?at=: the decision as published beside what is in force on a date. */
/** Issue 18: a draft started from last year's program (GET /programs/{id}/next-year). */
export interface NextYearDraft {
  id: number; from: number; year: number; revision: number; matrix_from: string;
  decision_name: string | null; reconciled_at: string | null;
  targets: { key: string; target_id: number; indicator_code: string; section: string; name: string; uom: string;
    carried_value: string; carried_from: string; status: string; decision: string | null }[];
  tasks: { id: string; section: string; text: string; carried_from: string; note: string; decision: string | null }[];
}
/** One proposal of a reconciliation with next year's decision. */
export interface ReconcileItem {
  key: string; kind: 'target' | 'task'; match: 'matched' | 'new' | 'carried_only' | null; section: string; name: string;
  indicator_code: string | null; carried_from: string | null; carried: string | null; decided_2013: string | null;
  proposal: string | null; why: string; takes: string[]; decision: string | null;
}
export interface Reconcile { program_id: number; revision: number; decision_name: string | null; reconciled_at: string | null; items: ReconcileItem[] }
export interface Baseline { at: string; version_in_force: number; version_from?: string | null; items: BaselineItem[] }

// The dashboard's rows when the target was amended (absent from older servers).
export interface TargetMeasure {
  target_original?: number | null;
  target_from?: string | null;
  target_version?: number | null;
}

// A program's targets with the values of a date (…/targets?at=).
export interface ProgramTarget {
  value_original?: number | string | null;
  changed_in?: number | null;
  changed_from?: string | null;
}

/** A task of a report form: the Ministry's, or the unit's own (kind "unit", "u:57") under the
 * Ministry item it serves, with its lead, dates and expected output. */
export type FormTask = ReportForm['tasks'][number] & {
  kind?: 'ministry' | 'unit' | string;
  serves?: string;
  responsible?: { user: PersonRef | null; name: string } | string | null;
  start?: string | null;
  due?: string | null;
  output_expected?: string;
};

/** A unit's own task on the board, under the Ministry task it serves (issue 18). */
export interface BoardUnitTask {
  id: string;
  unit?: UnitRef;
  text: string;
  responsible?: { user: PersonRef | null; name: string } | string | null;
  start?: string | null;
  due?: string | null;
  status?: string | null;
  percent?: number | null;
  output?: string;
  overdue?: boolean;
}
export interface TaskStatusRow { unit_tasks?: BoardUnitTask[] }
