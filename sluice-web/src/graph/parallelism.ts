import type { GraphModel, VertexData } from './model';
import type { JobGraphView, ParallelismChange, ParallelismSettings } from './types';

/**
 * The uids of the chain a vertex runs, head first. A running vertex knows its head uid only; the
 * compiled plan names the rest.
 */
export function chainUids(vertex: VertexData, plan: JobGraphView | undefined): string[] {
  if (vertex.uids.length > 1 || !vertex.uid || !plan) return vertex.uids;
  const match = plan.vertices.find((pv) => pv.operators.some((o) => o.uid === vertex.uid));
  if (!match) return vertex.uids;
  const all = match.operators.map((o) => o.uid).filter((u): u is string => !!u);
  return [vertex.uid, ...all.filter((u) => u !== vertex.uid)];
}

/** The override that applies to a vertex: the first of its chain's uids that has one. */
export function overrideOf(uids: string[], settings: ParallelismSettings | null): number | null {
  if (!settings) return null;
  for (const u of uids) if (settings.operators[u] != null) return settings.operators[u];
  return null;
}

/**
 * The PUT body that sets one vertex's parallelism and keeps every other setting: the server replaces
 * the overrides as a whole, and chained operators must agree, so the chain's other overrides go and
 * its head carries the value.
 */
export function parallelismChange(settings: ParallelismSettings, uids: string[], parallelism: number): ParallelismChange {
  const operators: Record<string, number> = {};
  for (const [uid, p] of Object.entries(settings.operators)) if (!uids.includes(uid)) operators[uid] = p;
  if (uids.length > 0) operators[uids[0]] = parallelism;
  return { defaultParallelism: settings.defaultParallelism, maxParallelism: settings.maxParallelism, operators };
}

/** Overrides by vertex id, for the graph's nodes. */
export function overridesByVertex(graph: GraphModel, settings: ParallelismSettings | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!settings) return out;
  for (const v of graph.vertices) {
    const o = overrideOf(chainUids(v, settings.plan?.graph), settings);
    if (o != null) out[v.id] = o;
  }
  return out;
}
