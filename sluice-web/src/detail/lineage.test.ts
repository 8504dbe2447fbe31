import { describe, expect, it } from 'vitest';
import { conditionLabels, lineageToGraph, type Lineage } from './lineage';

const orders = 'kafka://broker:9092/orders';
const merchants = 'postgres://db:5432/shop.public.merchants';
const totals = 'sluice://job/totals/default_catalog.default_database.totals';

const lineage: Lineage = {
  datasets: [
    {
      id: orders, namespace: 'kafka://broker:9092', name: 'orders', connector: 'kafka', table: 'default_catalog.default_database.orders',
      fields: [{ name: 'id', type: 'BIGINT' }, { name: 'merchant_id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(10, 2)' }, { name: 'status', type: 'STRING' }],
    },
    { id: merchants, namespace: 'postgres://db:5432', name: 'shop.public.merchants', connector: 'jdbc', table: 'default_catalog.default_database.merchants', fields: [{ name: 'id', type: 'BIGINT' }, { name: 'name', type: 'STRING' }] },
    { id: totals, namespace: 'sluice://job/totals', name: 'default_catalog.default_database.totals', connector: 'print', table: 'default_catalog.default_database.totals', fields: [] },
  ],
  statements: [
    {
      statement: 3, name: null, sink: totals, sources: [orders, merchants],
      columns: [
        { column: 'merchant', status: 'DERIVED', expression: 'merchants.name', origins: [{ dataset: merchants, column: 'name', type: 'DIRECT', subtype: 'IDENTITY' }], reason: null },
        {
          column: 'total', status: 'DERIVED', expression: 'SUM(orders.amount)',
          origins: [
            { dataset: orders, column: 'amount', type: 'DIRECT', subtype: 'AGGREGATION' },
            { dataset: orders, column: 'status', type: 'INDIRECT', subtype: 'CONDITIONAL' },
          ],
          reason: null,
        },
        { column: 'at', status: 'CONSTANT', expression: 'PROCTIME()', origins: [], reason: null },
      ],
      conditions: [
        { dataset: orders, column: 'merchant_id', type: 'INDIRECT', subtype: 'JOIN' },
        { dataset: merchants, column: 'id', type: 'INDIRECT', subtype: 'JOIN' },
      ],
      functions: [],
    },
  ],
};

describe('lineageToGraph', () => {
  it('makes one node per table with its columns and one labelled edge per origin', () => {
    const g = lineageToGraph(lineage);
    expect(g.tables.map((t) => [t.id, t.label, t.sink, t.columns.map((c) => c.name)])).toEqual([
      [totals, 'totals', true, ['merchant', 'total', 'at']],
      [merchants, 'merchants', false, ['name']],
      [orders, 'orders', false, ['amount', 'status']],
    ]);
    expect(g.tables[0].columns).toEqual([
      { name: 'merchant', status: 'DERIVED', note: 'merchants.name' },
      { name: 'total', status: 'DERIVED', note: 'SUM(orders.amount)' },
      { name: 'at', status: 'CONSTANT', note: 'PROCTIME()' },
    ]);
    expect(g.edges.map((e) => [e.source, e.sourceColumn, e.target, e.targetColumn, e.label, e.direct])).toEqual([
      [merchants, 'name', totals, 'merchant', 'IDENTITY', true],
      [orders, 'amount', totals, 'total', 'AGGREGATION: SUM(orders.amount)', true],
      [orders, 'status', totals, 'total', 'CONDITIONAL', false],
    ]);
    expect(g.edges[1].id).toBe(`3:${orders}.amount->${totals}.total:AGGREGATION`);
  });

  it('orders columns only read as their table declares them, and keeps one edge for a repeated origin', () => {
    const twice: Lineage = {
      ...lineage,
      statements: [
        {
          ...lineage.statements[0],
          columns: [
            { column: 'x', status: 'DERIVED', expression: 'orders.status', origins: [{ dataset: orders, column: 'status', type: 'DIRECT', subtype: 'IDENTITY' }, { dataset: orders, column: 'status', type: 'DIRECT', subtype: 'IDENTITY' }], reason: null },
            { column: 'y', status: 'UNKNOWN', expression: null, origins: [{ dataset: orders, column: 'id', type: 'DIRECT', subtype: 'IDENTITY' }], reason: 'a UDTF the walk cannot follow' },
          ],
        },
      ],
    };
    const g = lineageToGraph(twice);
    expect(g.tables.find((t) => t.id === orders)!.columns.map((c) => c.name)).toEqual(['id', 'status']);
    expect(g.tables[0].columns[1]).toEqual({ name: 'y', status: 'UNKNOWN', note: 'a UDTF the walk cannot follow' });
    expect(g.edges).toHaveLength(2);
  });

  it('names the conditions of a statement by table and column', () => {
    expect(conditionLabels(lineage, lineage.statements[0])).toEqual(['JOIN orders.merchant_id', 'JOIN merchants.id']);
  });
});
