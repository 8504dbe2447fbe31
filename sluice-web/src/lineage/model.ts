// The cross-job lineage graph (GET /api/v1/lineage/...) as nodes and edges: one node per dataset and
// per job, an edge from each dataset to each job reading it and from each job to each dataset it
// writes. Pure functions, so that what the explorer draws and highlights is tested on its own.
import type { Lineage, LineageDataset } from '../detail/lineage';

/** A dataset with the jobs (by name) whose current version writes and reads it. */
export interface DatasetView {
  dataset: LineageDataset;
  writers: string[];
  readers: string[];
}

/** One step of a walk: a source (column) to a sink (column) through one statement of one job. */
export interface LineageStep {
  fromDataset: string;
  fromColumn: string | null;
  toDataset: string;
  toColumn: string | null;
  job: string;
  version: number;
  statement: number;
  type: 'DIRECT' | 'INDIRECT' | null;
  subtype: string | null;
  distance: number;
}

export interface Walk {
  dataset: string;
  column: string | null;
  direction: 'upstream' | 'downstream';
  depth: number;
  datasets: DatasetView[];
  edges: LineageStep[];
}

export interface Impact {
  dataset: string;
  column: string;
  jobs: string[];
  sinkColumns: LineageStep[];
}

export interface ExplorerNode {
  id: string;
  kind: 'dataset' | 'job';
  /** The dataset id, or the job name. */
  key: string;
  label: string;
  detail: string;
}

export interface ExplorerEdge {
  id: string;
  source: string;
  target: string;
  kind: 'reads' | 'writes';
}

export interface ExplorerGraph {
  nodes: ExplorerNode[];
  edges: ExplorerEdge[];
}

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
}

/** The server's deepest walk: the walks behind a column's highlight go all the way. */
export const MAX_DEPTH = 50;

export const datasetNode = (id: string) => 'dataset:' + id;
export const jobNode = (name: string) => 'job:' + name;
const edgeId = (source: string, target: string) => `${source}->${target}`;

/**
 * The datasets list with what walks found merged in: datasets not listed yet, and the jobs each walk
 * step says read its source and write its sink. Order: the list's, then new datasets as found.
 */
export function mergeWalks(datasets: DatasetView[], walks: Walk[]): DatasetView[] {
  const out = new Map<string, { dataset: LineageDataset; writers: Set<string>; readers: Set<string> }>();
  const add = (v: DatasetView) => {
    const cur = out.get(v.dataset.id);
    if (!cur) out.set(v.dataset.id, { dataset: v.dataset, writers: new Set(v.writers), readers: new Set(v.readers) });
    else {
      v.writers.forEach((w) => cur.writers.add(w));
      v.readers.forEach((r) => cur.readers.add(r));
    }
  };
  datasets.forEach(add);
  for (const w of walks) {
    w.datasets.forEach(add);
    for (const e of w.edges) {
      add({ dataset: stub(e.fromDataset), writers: [], readers: [e.job] });
      add({ dataset: stub(e.toDataset), writers: [e.job], readers: [] });
    }
  }
  return [...out.values()].map((v) => ({ dataset: v.dataset, writers: [...v.writers].sort(), readers: [...v.readers].sort() }));
}

/** A dataset known only by its id (`namespace/name`, the namespace may hold `://`). */
function stub(id: string): LineageDataset {
  const cut = id.indexOf('/', id.indexOf('://') >= 0 ? id.indexOf('://') + 3 : 0);
  const namespace = cut >= 0 ? id.slice(0, cut) : '';
  const name = cut >= 0 ? id.slice(cut + 1) : id;
  return { id, namespace, name, connector: null, table: null, fields: [] };
}

/** Dataset nodes in the list's order, then job nodes by name; read and write edges, each once. */
export function buildGraph(datasets: DatasetView[]): ExplorerGraph {
  const nodes: ExplorerNode[] = [];
  const edges: ExplorerEdge[] = [];
  const jobs = new Set<string>();
  const seen = new Set<string>();
  const edge = (source: string, target: string, kind: ExplorerEdge['kind']) => {
    const id = edgeId(source, target);
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source, target, kind });
  };
  for (const v of datasets) {
    const d = v.dataset;
    nodes.push({ id: datasetNode(d.id), kind: 'dataset', key: d.id, label: d.name, detail: d.namespace });
    for (const r of v.readers) {
      jobs.add(r);
      edge(datasetNode(d.id), jobNode(r), 'reads');
    }
    for (const w of v.writers) {
      jobs.add(w);
      edge(jobNode(w), datasetNode(d.id), 'writes');
    }
  }
  for (const j of [...jobs].sort()) nodes.push({ id: jobNode(j), kind: 'job', key: j, label: j, detail: 'job' });
  return { nodes, edges };
}

/** The nodes and edges on the given walks, and the dataset they start from. */
export function highlightOf(walks: Walk[], dataset: string | null): Highlight {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  if (dataset) nodes.add(datasetNode(dataset));
  for (const w of walks) {
    nodes.add(datasetNode(w.dataset));
    for (const e of w.edges) {
      const from = datasetNode(e.fromDataset);
      const job = jobNode(e.job);
      const to = datasetNode(e.toDataset);
      nodes.add(from).add(job).add(to);
      edges.add(edgeId(from, job)).add(edgeId(job, to));
    }
  }
  return { nodes, edges };
}

/** The impact's steps as the downstream walk they are (impact walks the whole way down). */
export function impactAsWalk(impact: Impact): Walk {
  return { dataset: impact.dataset, column: impact.column, direction: 'downstream', depth: MAX_DEPTH, datasets: [], edges: impact.sinkColumns };
}

export interface ColumnInfo {
  name: string;
  type: string | null;
  /** Jobs whose INSERT writes the column. */
  writtenBy: string[];
  /** Jobs reading the column, for a value or to decide rows. */
  readBy: string[];
}

/**
 * A dataset's columns: its declared fields in order, then the other columns the jobs' lineage names
 * (nested paths such as `payload.card`) by name, each with the jobs that write and read it.
 */
export function datasetColumns(dataset: LineageDataset, lineages: { job: string; lineage: Lineage }[]): ColumnInfo[] {
  const cols = new Map<string, { type: string | null; w: Set<string>; r: Set<string> }>();
  const col = (name: string) => {
    let c = cols.get(name);
    if (!c) cols.set(name, (c = { type: null, w: new Set(), r: new Set() }));
    return c;
  };
  for (const f of dataset.fields) col(f.name).type = f.type;
  const declared = cols.size;
  for (const { job, lineage } of lineages) {
    for (const s of lineage.statements) {
      if (s.sink === dataset.id) s.columns.forEach((c) => col(c.column).w.add(job));
      for (const o of [...s.columns.flatMap((c) => c.origins), ...s.conditions]) {
        if (o.dataset === dataset.id && o.column) col(o.column).r.add(job);
      }
    }
  }
  const all = [...cols.entries()];
  const rest = all.slice(declared).sort((a, b) => a[0].localeCompare(b[0]));
  return [...all.slice(0, declared), ...rest].map(([name, c]) => ({ name, type: c.type, writtenBy: [...c.w].sort(), readBy: [...c.r].sort() }));
}

/** Nodes whose name, namespace or id holds the text (any case); none for blank text. */
export function searchNodes(graph: ExplorerGraph, text: string): ExplorerNode[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  return graph.nodes.filter((n) => n.label.toLowerCase().includes(q) || n.key.toLowerCase().includes(q));
}

export interface ImpactRow {
  key: string;
  dataset: string;
  column: string | null;
  job: string;
  from: string;
  type: string;
  distance: number;
}

/** Each sink column the impact reaches, through which job and how, nearest first. */
export function impactRows(impact: Impact): ImpactRow[] {
  const rows = new Map<string, ImpactRow>();
  for (const e of impact.sinkColumns) {
    const type = [e.type, e.subtype].filter(Boolean).join(' ');
    const key = `${e.toDataset}|${e.toColumn}|${e.job}|${e.fromDataset}.${e.fromColumn}|${type}`;
    if (rows.has(key)) continue;
    rows.set(key, { key, dataset: e.toDataset, column: e.toColumn, job: e.job, from: `${e.fromDataset}.${e.fromColumn}`, type, distance: e.distance });
  }
  return [...rows.values()].sort((a, b) => a.distance - b.distance);
}
