// A metric group definition as the server reads it (sluice-metrics-dsl's metric-group.schema.json),
// and the answers of /api/v1/metric-groups.

export interface FieldDef {
  name: string;
  path?: string;
  type: string;
  unit?: 'milliseconds' | 'seconds';
}

export interface KafkaDef {
  topic: string;
  bootstrapServers: string;
  startFrom?: 'earliest' | 'latest';
  stopAt?: 'latest';
  properties?: Record<string, string>;
}

export interface SourceDef {
  name: string;
  kafka: KafkaDef;
  fields: FieldDef[];
}

export interface DerivedDef {
  name: string;
  expr: string;
}

export interface EnrichDef {
  name: string;
  jdbc: { url: string; table: string; username?: string; password?: string };
  key: Record<string, string>;
  fields: FieldDef[];
  cache?: { rows?: number; ttl?: string };
}

export type WindowType = 'tumble' | 'hop' | 'cumulate' | 'session' | 'unbounded';

export interface WindowDef {
  type: WindowType;
  size?: string;
  slide?: string;
  step?: string;
  gap?: string;
}

export interface MetricDef {
  name: string;
  description?: string;
  aggregation: string;
  input?: string;
  filter?: string;
  percentile?: number;
  k?: number;
  windows: WindowDef[];
}

export interface SinkDef {
  name?: string;
  type: 'print' | 'kafka' | 'jdbc' | 'paimon' | 'blackhole';
  bootstrapServers?: string;
  topic?: string;
  url?: string;
  table?: string;
  username?: string;
  password?: string;
  warehouse?: string;
}

export interface Definition {
  name: string;
  description?: string;
  timeZone?: string;
  layout?: 'fused' | 'per_metric';
  sources: SourceDef[];
  eventTime: { field: string; lateness?: string };
  preprocess?: { derived?: DerivedDef[]; filters?: string[]; enrich?: EnrichDef[] };
  keys?: string[];
  metrics: MetricDef[];
  derived?: DerivedDef[];
  sinks: SinkDef[];
  references?: string[];
}

/** A saved version, as listed. */
export interface VersionView {
  name: string;
  project: string;
  version: number;
  author: string;
  comment: string | null;
  createdAt: string;
  changed: boolean;
  script: string;
  /** The windows with every metric each computes, derived ones too; null when the version no longer resolves. */
  windows: Record<string, string[]> | null;
  /** The metrics the version defines itself: what a reference may name. */
  metrics: string[];
}

export interface Compiled {
  script: string;
  windows: Record<string, string[]>;
}

export interface VersionDiff {
  name: string;
  from: number;
  to: number;
  added: string[];
  removed: string[];
  changed: string[];
  otherChanges: string[];
}
