// A small cross-job graph: `ingest` copies the orders topic into the orders table; `totals` sums the
// table's amounts per customer into a topic; `audit` reads the orders topic on its own.
import type { Lineage, LineageDataset } from '../detail/lineage';
import type { DatasetView, Impact, LineageStep, Walk } from './model';

export const ORDERS = 'kafka://broker:9092/orders';
export const TABLE = 'postgres://db:5432/shop.public.orders';
export const TOTALS = 'kafka://broker:9092/totals';

export function dataset(id: string, fields: [string, string][] = []): LineageDataset {
  const cut = id.indexOf('/', id.indexOf('://') + 3);
  return { id, namespace: id.slice(0, cut), name: id.slice(cut + 1), connector: id.startsWith('kafka') ? 'kafka' : 'jdbc', table: null, fields: fields.map(([name, type]) => ({ name, type })) };
}

export const views: DatasetView[] = [
  { dataset: dataset(ORDERS, [['id', 'BIGINT'], ['amount', 'DECIMAL(10, 2)'], ['customer', 'STRING']]), writers: [], readers: ['audit', 'ingest'] },
  { dataset: dataset(TABLE, [['id', 'BIGINT'], ['amount', 'DECIMAL(10, 2)'], ['customer', 'STRING']]), writers: ['ingest'], readers: ['totals'] },
  { dataset: dataset(TOTALS, [['customer', 'STRING'], ['total', 'DECIMAL(38, 2)']]), writers: ['totals'], readers: [] },
];

export function step(from: string, fromColumn: string, to: string, toColumn: string, job: string, subtype: string, distance: number): LineageStep {
  const direct = ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION'].includes(subtype);
  return { fromDataset: from, fromColumn, toDataset: to, toColumn, job, version: 1, statement: 1, type: direct ? 'DIRECT' : 'INDIRECT', subtype, distance };
}

/** Upstream of the table's amount: the topic's amount through ingest. */
export const upAmount: Walk = {
  dataset: TABLE,
  column: 'amount',
  direction: 'upstream',
  depth: 50,
  datasets: [views[1], views[0]],
  edges: [step(ORDERS, 'amount', TABLE, 'amount', 'ingest', 'IDENTITY', 1)],
};

/** What depends on the table's amount: the totals' total, summed by totals. */
export const impactAmount: Impact = {
  dataset: TABLE,
  column: 'amount',
  jobs: ['totals'],
  sinkColumns: [step(TABLE, 'amount', TOTALS, 'total', 'totals', 'AGGREGATION', 1)],
};

/** The current versions' lineage of the three jobs. */
export const lineages: Record<string, Lineage> = {
  ingest: {
    datasets: [views[0].dataset, views[1].dataset],
    statements: [
      {
        statement: 1,
        name: null,
        sink: TABLE,
        sources: [ORDERS],
        columns: ['id', 'amount', 'customer'].map((c) => ({ column: c, status: 'DERIVED' as const, expression: null, origins: [{ dataset: ORDERS, column: c, type: 'DIRECT' as const, subtype: 'IDENTITY' }], reason: null })),
        conditions: [],
        functions: [],
      },
    ],
  },
  totals: {
    datasets: [views[1].dataset, views[2].dataset],
    statements: [
      {
        statement: 1,
        name: null,
        sink: TOTALS,
        sources: [TABLE],
        columns: [
          { column: 'customer', status: 'DERIVED', expression: null, origins: [{ dataset: TABLE, column: 'customer', type: 'DIRECT', subtype: 'IDENTITY' }], reason: null },
          { column: 'total', status: 'DERIVED', expression: 'SUM(orders.amount)', origins: [{ dataset: TABLE, column: 'amount', type: 'DIRECT', subtype: 'AGGREGATION' }], reason: null },
        ],
        conditions: [{ dataset: TABLE, column: 'customer', type: 'INDIRECT', subtype: 'GROUP_BY' }],
        functions: [],
      },
    ],
  },
  audit: {
    datasets: [views[0].dataset],
    statements: [],
  },
};
