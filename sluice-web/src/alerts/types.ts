// Shapes of the alert rules' and channels' JSON (docs/operations.md, "Alerts" and "Channels").

export type Severity = 'P0' | 'P1' | 'P2';

/** A condition as a rule shows it: job_state values as state names, durations as "10m". */
export interface ConditionView {
  metric: string;
  op: string;
  value: number | string;
  vertex?: string;
  over?: string;
}

/** A rule as GET /api/v1/alert-rules lists it; null severity: the job's tier, null channels: the severity's. */
export interface RuleView {
  id: number;
  name: string;
  project: string;
  job: string | null;
  tier: Severity | null;
  severity: Severity | null;
  for: string;
  match: 'all' | 'any';
  conditions: ConditionView[];
  channels: string[] | null;
  repeatInterval: string | null;
  description: string | null;
  template: string | null;
  summary: string;
  author?: string;
  createdAt?: string;
  updatedAt?: string;
}

export type ChannelType = 'webhook' | 'email' | 'dingtalk' | 'feishu' | 'wecom';

/** A channel as GET /api/v1/channels lists it (empty fields left out; credentials are references). */
export interface ChannelView {
  name: string;
  project: string;
  type: ChannelType | string;
  url?: string;
  headers?: Record<string, string>;
  secret?: string;
  format?: string;
  host?: string;
  port?: number;
  from?: string;
  to?: string[];
  username?: string;
  password?: string;
  starttls?: boolean;
  tiers: Severity[];
  author?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** One notification through one channel, with every attempt. */
export interface Delivery {
  id: number;
  channel: string;
  project: string;
  alertId: number;
  status: string;
  summary: string;
  recipient: string;
  state: 'pending' | 'delivered' | 'failed' | string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  log: { attempt?: number; at: string; delivered?: boolean; detail: string }[];
}

/** The metrics a condition may name (docs/operations.md, "Metrics"). */
export const METRICS = [
  'input_rate',
  'output_rate',
  'records_in_rate',
  'records_out_rate',
  'kafka_lag',
  'pending_records',
  'backpressure',
  'busy',
  'idle',
  'event_time_lag',
  'checkpoint_age',
  'checkpoint_duration',
  'checkpoint_size',
  'checkpoints_completed',
  'checkpoints_failed',
  'restarts',
  'job_state',
  'taskmanagers',
  'tm_heap_used',
  'tm_gc_time',
  'tm_cpu',
  'dq_rows',
  'dq_null_ratio',
  'dq_out_of_range_ratio',
  'dq_duplicate_key_ratio',
  'dq_freshness',
  'dq_volume_vs_previous_day',
] as const;

export const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;

export const SEVERITIES: Severity[] = ['P0', 'P1', 'P2'];

export const SEVERITY_COLOURS: Record<string, string> = { P0: 'magenta', P1: 'volcano', P2: 'gold' };
