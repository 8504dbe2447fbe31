// The job graph as the studio draws it, made from either the compiled plan or the running job.
import type { JobGraphView, RunningGraph } from './types';

export interface VertexOperator {
  name: string;
  uid: string | null;
  statement: string | null;
}

export interface VertexRates {
  recordsIn: number | null;
  recordsOut: number | null;
  busy: number | null;
  backpressured: number | null;
  idle: number | null;
}

export interface VertexData {
  id: string;
  name: string;
  parallelism: number;
  maxParallelism: number;
  operators: VertexOperator[];
  /** The statements the vertex's operators belong to, in operator order, each once. */
  statements: string[];
  /** The stable uid of the head operator (the one a parallelism override names). */
  uid: string | null;
  /** Every uid of the chain, head first. */
  uids: string[];
  status: string | null;
  /** Only for a running job. */
  rates: VertexRates | null;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export interface GraphModel {
  vertices: VertexData[];
  edges: GraphEdge[];
}

function distinct(values: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

function edgeIds(pairs: { source: string; target: string; label: string }[]): GraphEdge[] {
  const seen = new Map<string, number>();
  return pairs.map((p) => {
    const base = `${p.source}->${p.target}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { id: n === 0 ? base : `${base}#${n}`, ...p };
  });
}

export function planToGraph(graph: JobGraphView): GraphModel {
  const vertices = graph.vertices.map((v): VertexData => {
    const operators = v.operators.map((o) => ({ name: o.name, uid: o.uid ?? null, statement: o.statement ?? null }));
    const uids = distinct(operators.map((o) => o.uid));
    return {
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism,
      operators,
      statements: distinct(operators.map((o) => o.statement)),
      uid: uids[0] ?? null,
      uids,
      status: null,
      rates: null,
    };
  });
  const edges = edgeIds(graph.edges.map((e) => ({ source: e.source, target: e.target, label: e.shipStrategy })));
  return { vertices, edges };
}

export function runningToGraph(running: RunningGraph): GraphModel {
  const vertices = running.vertices.map(
    (v): VertexData => ({
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism,
      operators: v.operators.map((name) => ({ name, uid: null, statement: null })),
      statements: distinct([v.statement]),
      uid: v.uid ?? null,
      uids: distinct([v.uid]),
      status: v.status ?? null,
      rates: {
        recordsIn: v.recordsInPerSecond ?? null,
        recordsOut: v.recordsOutPerSecond ?? null,
        busy: v.busyPercent ?? null,
        backpressured: v.backpressuredPercent ?? null,
        idle: v.idlePercent ?? null,
      },
    }),
  );
  const known = new Set(vertices.map((v) => v.id));
  const edges = edgeIds(
    running.vertices.flatMap((v) =>
      v.inputs.filter((i) => known.has(i.id)).map((i) => ({ source: i.id, target: v.id, label: i.shipStrategy })),
    ),
  );
  return { vertices, edges };
}

/**
 * The colour of a running vertex, as Flink's web UI shows load: blue when idle, through green and
 * yellow to red when busy; back-pressure darkens it towards black. Null when nothing is measured.
 */
export function loadColour(busyPercent: number | null | undefined, backpressuredPercent?: number | null): string | null {
  if (busyPercent == null && backpressuredPercent == null) return null;
  const clamp = (v: number | null | undefined) => Math.min(100, Math.max(0, Number.isFinite(v) ? (v as number) : 0));
  const busy = clamp(busyPercent);
  const bp = clamp(backpressuredPercent);
  const hue = Math.round(210 * (1 - busy / 100));
  const lightness = Math.round(50 - bp * 0.3);
  return `hsl(${hue}, 80%, ${lightness}%)`;
}

/** Records per second as "1.2k/s", "35/s", "0.4/s"; empty when unknown. */
export function formatRate(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e6) return (value / 1e6).toFixed(1) + 'M/s';
  if (abs >= 1e3) return (value / 1e3).toFixed(1) + 'k/s';
  if (abs >= 10 || value === 0) return Math.round(value) + '/s';
  return value.toFixed(1) + '/s';
}

/** Percent as "42%"; a dash when unknown. */
export function formatPercent(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return Math.round(value) + '%';
}

/** The node size the layout reserves; the node component renders within it. */
export const NODE_WIDTH = 300;

export function vertexHeight(v: VertexData): number {
  const header = 34;
  const operators = 18 * v.operators.length;
  const meta = 18 * (v.statements.length + (v.uid ? 1 : 0)) + 20;
  const rates = v.rates ? 44 : 0;
  return header + operators + meta + rates + 12;
}
