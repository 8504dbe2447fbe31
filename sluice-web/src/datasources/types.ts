// Shapes of the data sources endpoints (/api/v1/datasources).
import { ApiError } from '../api/client';

export interface DataSource {
  id: number;
  name: string;
  project: string;
  type: string;
  typeLabel: string;
  host: string;
  port: number | null;
  database: string;
  username: string;
  /** The project secret holding the password; never the password itself. */
  passwordSecret: string | null;
  description: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DataSourceType {
  id: string;
  label: string;
  defaultPort: number | null;
  supported: boolean;
  cdcConnector: string | null;
  note: string | null;
}

export interface DataSourceBody {
  name: string;
  project?: string;
  type: string;
  host: string;
  port?: number;
  database: string;
  username: string;
  password?: string;
  description?: string;
}

export interface ConnectionTest {
  ok: boolean;
  product: string;
  version: string;
  millis: number;
  message?: string | null;
}

export interface SchemaInfo {
  name: string;
  tables: number;
}

export interface TableInfo {
  schema: string;
  name: string;
  type: string;
  rowEstimate: number | null;
  primaryKey: string[];
}

export interface ColumnInfo {
  name: string;
  position: number;
  type: string;
  flinkType: string | null;
  nullable: boolean;
  defaultValue: string | null;
  primaryKey: boolean;
  comment: string | null;
}

export interface TableDetail extends TableInfo {
  columns: ColumnInfo[];
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  severity: 'error' | 'warning' | string;
  actual: string | null;
  expected: string | null;
  message: string;
  fix: string | null;
}

export interface Readiness {
  ready: boolean;
  type: string;
  checks: ReadinessCheck[];
  notes: string[];
}

/** One column of a planned table: its type in the source, as Flink reads it and in the target. */
export interface SyncPlanColumn {
  name: string;
  sourceType: string;
  /** Null when Flink cannot read the column. */
  flinkType: string | null;
  /** Null when the target has no type for it. */
  targetType: string | null;
  /** Whether a value may change on the way (rounded, cut, its zone dropped). */
  lossy: boolean;
  note: string | null;
}

export interface SyncPlanTable {
  /** `schema.table` */
  source: string;
  /** The topic or table it is written to. */
  target: string;
  primaryKey: string[];
  rowEstimate: number | null;
  columns: SyncPlanColumn[];
  problems: string[];
  warnings: string[];
}

/** What a sync definition would do with the source as it is now (POST /datasources/{id}/sync-plan). */
export interface SyncPlan {
  source: string;
  target: string;
  ready: boolean;
  tables: SyncPlanTable[];
  /** Tables the patterns matched that `exclude` took out. */
  excluded: string[];
  /** Patterns of `tables` that matched no table. */
  unmatched: string[];
  problems: string[];
  warnings: string[];
}

/** The host, port and database as one address: `localhost:5432/crm`. */
export function address(d: Pick<DataSource, 'host' | 'port' | 'database'>): string {
  return `${d.host}${d.port != null ? ':' + d.port : ''}/${d.database}`;
}

/** A row estimate as people read it: 950, 1.2K, 3.4M, 5.6B; unknown when the database has none. */
export function formatRows(n: number | null): string {
  if (n == null) return 'unknown';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}K`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  return `${(n / 1_000_000_000).toFixed(1)}B`;
}

/**
 * The field errors of a 400 problem, by field: from its `errors` items naming a field, or from a
 * detail that starts with one ("name: already taken"). Empty when the problem names no field.
 */
export function fieldErrors(e: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(e instanceof ApiError) || e.status !== 400) return out;
  for (const item of e.errors) if (item.field) (out[item.field] ??= []).push(item.message);
  if (Object.keys(out).length === 0) {
    const m = e.detail.match(/^([A-Za-z][\w.]*): ([\s\S]*)$/);
    if (m) out[m[1]] = [m[2]];
  }
  return out;
}
