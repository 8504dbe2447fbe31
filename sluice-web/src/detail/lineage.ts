// A job's column lineage (GET /jobs/{id}/lineage) as a graph: one node per table listing its columns,
// one edge per source column a sink column comes from, labelled with how.

export interface LineageOrigin {
  dataset: string;
  column: string;
  type: 'DIRECT' | 'INDIRECT';
  subtype: string;
}

export interface LineageColumn {
  column: string;
  status: 'DERIVED' | 'CONSTANT' | 'UNKNOWN';
  expression: string | null;
  origins: LineageOrigin[];
  reason: string | null;
}

export interface LineageStatement {
  statement: number;
  name: string | null;
  sink: string;
  sources: string[];
  columns: LineageColumn[];
  conditions: LineageOrigin[];
  functions: { name: string; kind: string; identifier?: string | null }[];
}

export interface LineageDataset {
  id: string;
  namespace: string;
  name: string;
  connector: string | null;
  table: string | null;
  fields: { name: string; type: string }[];
}

export interface Lineage {
  datasets: LineageDataset[];
  statements: LineageStatement[];
}

export interface TableColumn {
  name: string;
  /** For a sink column: DERIVED, CONSTANT or UNKNOWN; null for a column only read. */
  status: string | null;
  /** Why it is UNKNOWN, or its expression. */
  note: string | null;
}

export interface LineageTable {
  id: string;
  label: string;
  connector: string | null;
  sink: boolean;
  columns: TableColumn[];
}

export interface LineageEdge {
  id: string;
  source: string;
  sourceColumn: string;
  target: string;
  targetColumn: string;
  label: string;
  direct: boolean;
}

export interface LineageGraphModel {
  tables: LineageTable[];
  edges: LineageEdge[];
}

/** How a source column makes a sink column, as the edge says it. */
export function originLabel(origin: LineageOrigin, expression: string | null): string {
  if (origin.type === 'DIRECT' && origin.subtype !== 'IDENTITY' && expression) return `${origin.subtype}: ${expression}`;
  return origin.subtype;
}

function tableLabel(ds: LineageDataset | undefined, id: string): string {
  if (ds?.table) return ds.table.split('.').pop() ?? ds.table;
  if (ds?.name) return ds.name;
  return id.slice(id.lastIndexOf('/') + 1);
}

export function lineageToGraph(lineage: Lineage): LineageGraphModel {
  const datasets = new Map(lineage.datasets.map((d) => [d.id, d]));
  const tables = new Map<string, LineageTable>();
  const table = (id: string): LineageTable => {
    let t = tables.get(id);
    if (!t) {
      const ds = datasets.get(id);
      t = { id, label: tableLabel(ds, id), connector: ds?.connector ?? null, sink: false, columns: [] };
      tables.set(id, t);
    }
    return t;
  };
  const column = (t: LineageTable, name: string): TableColumn => {
    let c = t.columns.find((x) => x.name === name);
    if (!c) {
      c = { name, status: null, note: null };
      t.columns.push(c);
    }
    return c;
  };
  const edges: LineageEdge[] = [];
  const seen = new Set<string>();
  for (const s of lineage.statements) {
    const sink = table(s.sink);
    sink.sink = true;
    for (const c of s.columns) {
      const sc = column(sink, c.column);
      sc.status = c.status;
      sc.note = c.status === 'UNKNOWN' ? c.reason : c.expression;
      for (const o of c.origins) {
        column(table(o.dataset), o.column);
        const id = `${s.statement}:${o.dataset}.${o.column}->${s.sink}.${c.column}:${o.subtype}`;
        if (seen.has(id)) continue;
        seen.add(id);
        edges.push({
          id,
          source: o.dataset,
          sourceColumn: o.column,
          target: s.sink,
          targetColumn: c.column,
          label: originLabel(o, c.expression),
          direct: o.type === 'DIRECT',
        });
      }
    }
    for (const src of s.sources) table(src);
  }
  // Columns only read are listed in their table's own order.
  for (const t of tables.values()) {
    const fields = datasets.get(t.id)?.fields.map((f) => f.name) ?? [];
    if (t.sink || fields.length === 0) continue;
    t.columns.sort((a, b) => rank(fields, a.name) - rank(fields, b.name));
  }
  return { tables: [...tables.values()], edges };
}

function rank(fields: string[], name: string): number {
  const exact = fields.indexOf(name);
  if (exact >= 0) return exact;
  const root = fields.indexOf(name.split('.')[0]);
  return root >= 0 ? root + 0.5 : fields.length;
}

/** The statement-level conditions (filters, joins, grouping) as "FILTER orders.status". */
export function conditionLabels(lineage: Lineage, statement: LineageStatement): string[] {
  const datasets = new Map(lineage.datasets.map((d) => [d.id, d]));
  return statement.conditions.map((c) => `${c.subtype} ${tableLabel(datasets.get(c.dataset), c.dataset)}.${c.column}`);
}
