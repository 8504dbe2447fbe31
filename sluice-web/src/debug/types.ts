// Shapes of the debug API's JSON (docs/debug.md; the server's DebugService views) and of the
// tables a draft declares (POST /api/v1/sql/tables).

export interface Column {
  name: string;
  type: string;
  /** PHYSICAL, COMPUTED or METADATA, as the server's tables answer says. */
  kind?: 'PHYSICAL' | 'COMPUTED' | 'METADATA' | string;
}

/** A table or view a script declares, as POST /api/v1/sql/tables reports it. */
export interface DeclaredTable {
  name: string;
  identifier?: string;
  kind: 'TABLE' | 'TEMPORARY_TABLE' | 'VIEW' | 'TEMPORARY_VIEW' | string;
  /** 1-based number of the declaring statement; 0 for a catalog's table. */
  statement: number;
  line: number;
  column?: number;
  connector?: string | null;
  columns: Column[];
}

/** A column of a source table, with what the script says about it. */
export interface SourceColumn extends Column {
  /** `name AS expr`: computed by the source, never part of a sample row. */
  computed: boolean;
  /** `METADATA [FROM ..]`: sample rows may set it like an ordinary column. */
  metadata: boolean;
}

/** A table the script reads and never writes: the ones a debug run can feed. */
export interface SourceTable {
  name: string;
  statement: number;
  line: number;
  connector: string | null;
  columns: SourceColumn[];
}

export type StepKind = 'VIEW' | 'CTE' | 'INSERT' | string;

export interface StepView {
  name: string;
  kind: StepKind;
  statement: number;
  columns: Column[];
  rows: number;
}

export type RunStatus = 'RUNNING' | 'FINISHED' | 'STOPPED' | 'LIMIT' | 'TIMEOUT' | 'IDLE' | 'FAILED' | string;

export interface RunView {
  id: string;
  project: string;
  live: boolean;
  jobId: number | null;
  status: RunStatus;
  reason: string | null;
  flinkJobId: string | null;
  maxRowsPerStep: number;
  maxSeconds: number;
  idleSeconds: number;
  createdAt: string;
  endedAt: string | null;
  steps: StepView[];
}

export type ChangeKind = '+I' | '-U' | '+U' | '-D';

/** A row of a step: `values` in the step's column order (an array), or keyed by column name. */
export interface RowView {
  seq: number;
  kind: ChangeKind | string;
  values: unknown[] | Record<string, unknown>;
}

/** The body of POST /api/v1/debug-runs (DebugService.Start). */
export interface DebugStart {
  jobId?: number;
  script?: string;
  project?: string;
  samples?: Record<string, { format: 'json' | 'csv'; rows: unknown[] }>;
  live?: Record<string, { from: string }>;
  maxRowsPerStep?: number;
  maxSeconds?: number;
  idleSeconds?: number;
  cluster?: string;
}

/** The run limits: defaults and the largest values the server accepts (docs/debug.md, DebugService). */
export const LIMITS = {
  maxRowsPerStep: { default: 1000, max: 100_000, label: 'Rows per step', unit: 'rows' },
  maxSeconds: { default: 180, max: 3600, label: 'Run for at most', unit: 's' },
  idleSeconds: { default: 60, max: 3600, label: 'End when not read for', unit: 's' },
} as const;

export type LimitName = keyof typeof LIMITS;
