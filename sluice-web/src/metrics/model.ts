// The metric builder's form state (a draft) and the definition the server reads, both ways. The draft
// keeps the definition's shape, so that a server error's path (`metrics[2].windows[0].slide`) is the
// path of the form field that holds the value; only an enrichment's key map is a list of pairs, which
// a form can edit. Nothing a definition holds is dropped on the way in or out.

import type { Definition, DerivedDef, EnrichDef, FieldDef, KafkaDef, MetricDef, SinkDef, SourceDef, WindowDef } from './types';

export interface KeyPair {
  field: string;
  column: string;
}

export interface EnrichDraft extends Omit<EnrichDef, 'key' | 'cache'> {
  key: KeyPair[];
  cache: { rows?: number; ttl?: string };
}

export interface Draft {
  name: string;
  description: string;
  timeZone: string;
  layout: 'fused' | 'per_metric';
  sources: SourceDef[];
  eventTime: { field: string; lateness: string };
  preprocess: { derived: DerivedDef[]; filters: string[]; enrich: EnrichDraft[] };
  keys: string[];
  metrics: MetricDef[];
  derived: DerivedDef[];
  sinks: SinkDef[];
  references: string[];
}

export const AGGREGATIONS = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'var_pop',
  'var_samp',
  'stddev_pop',
  'stddev_samp',
  'count_distinct',
  'approx_count_distinct',
  'percentile',
  'first_value',
  'last_value',
  'last_k',
] as const;

export const WINDOW_TYPES = ['tumble', 'hop', 'cumulate', 'session', 'unbounded'] as const;

export const SINK_TYPES = ['kafka', 'jdbc', 'paimon', 'print', 'blackhole'] as const;

export const FIELD_TYPES = ['STRING', 'BOOLEAN', 'INT', 'BIGINT', 'DOUBLE', 'DECIMAL(18, 2)', 'TIMESTAMP', 'TIMESTAMP_LTZ'];

/** The parameters each window type takes, in the order the form shows them. */
export const WINDOW_PARAMS: Record<WindowDef['type'], ('size' | 'slide' | 'step' | 'gap')[]> = {
  tumble: ['size'],
  hop: ['size', 'slide'],
  cumulate: ['size', 'step'],
  session: ['gap'],
  unbounded: [],
};

/** The settings each sink type takes. */
export const SINK_PARAMS: Record<SinkDef['type'], (keyof SinkDef)[]> = {
  kafka: ['bootstrapServers', 'topic'],
  jdbc: ['url', 'table', 'username', 'password'],
  paimon: ['warehouse', 'table'],
  print: [],
  blackhole: [],
};

export function emptyDraft(): Draft {
  return {
    name: '',
    description: '',
    timeZone: 'UTC',
    layout: 'fused',
    sources: [],
    eventTime: { field: '', lateness: '5s' },
    preprocess: { derived: [], filters: [], enrich: [] },
    keys: [],
    metrics: [],
    derived: [],
    sinks: [],
    references: [],
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** A definition (as saved, possibly written by hand in YAML) as the form edits it. */
export function fromDefinition(d: Partial<Definition>): Draft {
  const pre = d.preprocess ?? {};
  return {
    name: text(d.name),
    description: text(d.description),
    timeZone: text(d.timeZone) || 'UTC',
    layout: d.layout === 'per_metric' ? 'per_metric' : 'fused',
    sources: (d.sources ?? []).map((s) => ({
      ...s,
      kafka: { ...(s.kafka ?? { topic: '', bootstrapServers: '' }) },
      fields: (s.fields ?? []).map((f) => ({ ...f })),
    })),
    eventTime: { field: text(d.eventTime?.field), lateness: text(d.eventTime?.lateness) },
    preprocess: {
      derived: (pre.derived ?? []).map((x) => ({ ...x })),
      filters: [...(pre.filters ?? [])],
      enrich: (pre.enrich ?? []).map((e) => ({
        ...e,
        jdbc: { ...e.jdbc },
        key: Object.entries(e.key ?? {}).map(([field, column]) => ({ field, column })),
        fields: (e.fields ?? []).map((f) => ({ ...f })),
        cache: { ...(e.cache ?? {}) },
      })),
    },
    keys: [...(d.keys ?? [])],
    metrics: (d.metrics ?? []).map((m) => ({ ...m, windows: (m.windows ?? []).map((w) => ({ ...w })) })),
    derived: (d.derived ?? []).map((x) => ({ ...x })),
    sinks: (d.sinks ?? []).map((s) => ({ ...s })),
    references: [...(d.references ?? [])],
  };
}

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | ''): void {
  if (value !== undefined && value !== '') target[key] = value as T[K];
}

function trimmed(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function field(f: FieldDef): FieldDef {
  // Key order as the docs write a field: name, path, type, unit.
  const out: FieldDef = { name: f.name.trim() } as FieldDef;
  put(out, 'path', trimmed(f.path));
  out.type = f.type.trim();
  if (f.unit && /^TIMESTAMP/i.test(out.type)) out.unit = f.unit;
  return out;
}

function kafka(k: KafkaDef): KafkaDef {
  const out: KafkaDef = { topic: k.topic.trim(), bootstrapServers: k.bootstrapServers.trim() };
  put(out, 'startFrom', k.startFrom);
  put(out, 'stopAt', k.stopAt);
  if (k.properties && Object.keys(k.properties).length > 0) out.properties = { ...k.properties };
  return out;
}

/** Only the parameters the window's type takes: a hop's slide is not sent once it becomes a tumble. */
export function cleanWindow(w: WindowDef): WindowDef {
  const out: WindowDef = { type: w.type };
  for (const p of WINDOW_PARAMS[w.type] ?? []) put(out, p, trimmed(w[p]));
  return out;
}

function metric(m: MetricDef): MetricDef {
  // Key order as the docs write a metric: name, description, aggregation, input, its parameter, filter, windows.
  const out = { name: m.name.trim() } as MetricDef;
  put(out, 'description', trimmed(m.description));
  out.aggregation = m.aggregation;
  put(out, 'input', trimmed(m.input));
  if (m.aggregation === 'percentile' && m.percentile !== undefined && m.percentile !== null) out.percentile = m.percentile;
  if (m.aggregation === 'last_k' && m.k !== undefined && m.k !== null) out.k = m.k;
  put(out, 'filter', trimmed(m.filter));
  out.windows = m.windows.map(cleanWindow);
  return out;
}

function sink(s: SinkDef): SinkDef {
  const out: SinkDef = { type: s.type };
  put(out, 'name', trimmed(s.name));
  for (const p of SINK_PARAMS[s.type] ?? []) put(out, p, trimmed(s[p] as string | undefined) as never);
  return out;
}

function enrich(e: EnrichDraft): EnrichDef {
  const jdbc: EnrichDef['jdbc'] = { url: e.jdbc.url.trim(), table: e.jdbc.table.trim() };
  put(jdbc, 'username', trimmed(e.jdbc.username));
  put(jdbc, 'password', trimmed(e.jdbc.password));
  const key: Record<string, string> = {};
  for (const p of e.key) if (p.field.trim()) key[p.field.trim()] = p.column.trim();
  const out: EnrichDef = { name: e.name.trim(), jdbc, key, fields: e.fields.map(field) };
  const cache: NonNullable<EnrichDef['cache']> = {};
  if (e.cache.rows !== undefined && e.cache.rows !== null) cache.rows = e.cache.rows;
  put(cache, 'ttl', trimmed(e.cache.ttl));
  if (Object.keys(cache).length > 0) out.cache = cache;
  return out;
}

/**
 * The definition the server reads. Items are never dropped, even empty ones, so that the indices in
 * the server's error paths stay those of the form's rows; empty optional settings are left out.
 */
export function toDefinition(d: Draft): Definition {
  const out: Definition = {
    name: d.name.trim(),
    sources: [],
    eventTime: { field: d.eventTime.field.trim() },
    metrics: [],
    sinks: [],
  };
  put(out, 'description', trimmed(d.description));
  put(out, 'timeZone', trimmed(d.timeZone));
  if (d.layout !== 'fused') out.layout = d.layout;
  out.sources = d.sources.map((s) => ({ name: s.name.trim(), kafka: kafka(s.kafka), fields: s.fields.map(field) }));
  put(out.eventTime, 'lateness', trimmed(d.eventTime.lateness));
  const pre: NonNullable<Definition['preprocess']> = {};
  if (d.preprocess.derived.length > 0) pre.derived = d.preprocess.derived.map((x) => ({ name: x.name.trim(), expr: x.expr.trim() }));
  if (d.preprocess.filters.length > 0) pre.filters = d.preprocess.filters.map((f) => f.trim());
  if (d.preprocess.enrich.length > 0) pre.enrich = d.preprocess.enrich.map(enrich);
  if (Object.keys(pre).length > 0) out.preprocess = pre;
  if (d.keys.length > 0) out.keys = d.keys.map((k) => k.trim());
  out.metrics = d.metrics.map(metric);
  if (d.derived.length > 0) out.derived = d.derived.map((x) => ({ name: x.name.trim(), expr: x.expr.trim() }));
  out.sinks = d.sinks.map(sink);
  if (d.references.length > 0) out.references = d.references.map((r) => r.trim());
  // The order the docs write a definition in.
  const { name, description, timeZone, layout, sources, eventTime, preprocess, keys, metrics, derived, sinks, references } = out;
  return JSON.parse(
    JSON.stringify({ name, description, timeZone, layout, sources, eventTime, preprocess, keys, metrics, derived, sinks, references }),
  ) as Definition;
}

type Path = (string | number)[];

/** `metrics[2].windows[0].slide` → ['metrics', 2, 'windows', 0, 'slide']. */
export function parsePath(path: string): Path {
  const out: Path = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** A copy of `root` with the value at `path` replaced; objects and arrays on the way are copied. */
export function setAt<T>(root: T, path: string, value: unknown): T {
  const keys = parsePath(path);
  const go = (node: unknown, i: number): unknown => {
    if (i === keys.length) return value;
    const k = keys[i];
    if (typeof k === 'number') {
      const arr = Array.isArray(node) ? [...node] : [];
      arr[k] = go(arr[k], i + 1);
      return arr;
    }
    const obj = node && typeof node === 'object' ? { ...(node as Record<string, unknown>) } : {};
    obj[k] = go(obj[k], i + 1);
    return obj;
  };
  return go(root, 0) as T;
}

export function getAt(root: unknown, path: string): unknown {
  let node = root;
  for (const k of parsePath(path)) {
    if (node == null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}

/** A copy of the list at `path` with `item` appended, or the item at `index` removed. */
export function appendAt<T>(root: T, path: string, item: unknown): T {
  const list = (getAt(root, path) as unknown[] | undefined) ?? [];
  return setAt(root, path, [...list, item]);
}

export function removeAt<T>(root: T, path: string, index: number): T {
  const list = (getAt(root, path) as unknown[] | undefined) ?? [];
  return setAt(
    root,
    path,
    list.filter((_, i) => i !== index),
  );
}

/** The names metrics' inputs, filters, keys and expressions may use: fields, derived fields, enrichments' fields. */
export function preparedFields(d: Draft): { name: string; type: string; from: string }[] {
  const out: { name: string; type: string; from: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, type: string, from: string) => {
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push({ name, type, from });
    }
  };
  for (const s of d.sources) for (const f of s.fields) add(f.name, f.type, s.name || 'source');
  for (const x of d.preprocess.derived) add(x.name, 'derived', 'preprocess');
  for (const e of d.preprocess.enrich) for (const f of e.fields) add(f.name, f.type, e.name || 'enrichment');
  return out;
}

/** A metric as a new row: the next free name, a count in a one-minute tumble. */
export function newMetric(d: Draft): MetricDef {
  return { name: freeName('metric', d.metrics.map((m) => m.name)), aggregation: 'count', windows: [{ type: 'tumble', size: '1min' }] };
}

/** A copy of a metric under the next free name. */
export function duplicateMetric(d: Draft, index: number): MetricDef {
  const m = d.metrics[index];
  return {
    ...m,
    name: freeName(m.name + '_copy', d.metrics.map((x) => x.name)),
    windows: m.windows.map((w) => ({ ...w })),
  };
}

export function freeName(base: string, taken: string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}
