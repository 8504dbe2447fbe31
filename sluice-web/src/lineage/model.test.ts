import { describe, expect, it } from 'vitest';
import { buildGraph, datasetColumns, highlightOf, impactAsWalk, impactRows, mergeWalks, searchNodes, type Walk } from './model';
import { dataset, impactAmount, lineages, ORDERS, step, TABLE, TOTALS, upAmount, views } from './testData';

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('buildGraph', () => {
  it('makes a node per dataset and job, and read and write edges', () => {
    const g = buildGraph(views);
    expect(ids(g.nodes)).toEqual([`dataset:${ORDERS}`, `dataset:${TABLE}`, `dataset:${TOTALS}`, 'job:audit', 'job:ingest', 'job:totals']);
    expect(g.nodes[0]).toEqual({ id: `dataset:${ORDERS}`, kind: 'dataset', key: ORDERS, label: 'orders', detail: 'kafka://broker:9092' });
    expect(g.nodes[3]).toEqual({ id: 'job:audit', kind: 'job', key: 'audit', label: 'audit', detail: 'job' });
    expect(g.edges.map((e) => [e.id, e.kind])).toEqual([
      [`dataset:${ORDERS}->job:audit`, 'reads'],
      [`dataset:${ORDERS}->job:ingest`, 'reads'],
      [`dataset:${TABLE}->job:totals`, 'reads'],
      [`job:ingest->dataset:${TABLE}`, 'writes'],
      [`job:totals->dataset:${TOTALS}`, 'writes'],
    ]);
    expect(g.edges[0]).toEqual({ id: `dataset:${ORDERS}->job:audit`, source: `dataset:${ORDERS}`, target: 'job:audit', kind: 'reads' });
  });

  it('is empty without datasets', () => {
    expect(buildGraph([])).toEqual({ nodes: [], edges: [] });
  });
});

describe('mergeWalks', () => {
  it('adds the datasets and jobs a walk found, each once', () => {
    const archive = 'file/archive/totals';
    const walk: Walk = {
      dataset: TOTALS,
      column: null,
      direction: 'downstream',
      depth: 1,
      datasets: [views[2]],
      edges: [{ ...step(TOTALS, 'total', archive, 'total', 'archiver', 'IDENTITY', 1) }],
    };
    const merged = mergeWalks(views, [walk, walk]);
    expect(merged.map((v) => [v.dataset.id, v.writers, v.readers])).toEqual([
      [ORDERS, [], ['audit', 'ingest']],
      [TABLE, ['ingest'], ['totals']],
      [TOTALS, ['totals'], ['archiver']],
      [archive, ['archiver'], []],
    ]);
    expect(merged[3].dataset).toEqual({ id: archive, namespace: 'file', name: 'archive/totals', connector: null, table: null, fields: [] });
    const g = buildGraph(merged);
    expect(ids(g.nodes)).toEqual([`dataset:${ORDERS}`, `dataset:${TABLE}`, `dataset:${TOTALS}`, `dataset:${archive}`, 'job:archiver', 'job:audit', 'job:ingest', 'job:totals']);
    expect(ids(g.edges)).toContain(`job:archiver->dataset:${archive}`);
    expect(ids(g.edges)).toContain(`dataset:${TOTALS}->job:archiver`);
    expect(g.edges).toHaveLength(7);
  });

  it('keeps the list as it is without walks', () => {
    expect(mergeWalks(views, [])).toEqual(views);
  });
});

describe('highlightOf', () => {
  it('lights the nodes and edges on a column’s upstream and downstream walks', () => {
    const h = highlightOf([upAmount, impactAsWalk(impactAmount)], TABLE);
    expect([...h.nodes].sort()).toEqual([`dataset:${ORDERS}`, `dataset:${TOTALS}`, `dataset:${TABLE}`, 'job:ingest', 'job:totals']);
    expect([...h.edges].sort()).toEqual([`dataset:${ORDERS}->job:ingest`, `dataset:${TABLE}->job:totals`, `job:ingest->dataset:${TABLE}`, `job:totals->dataset:${TOTALS}`]);
  });

  it('lights only the dataset when no step leads anywhere', () => {
    const h = highlightOf([{ ...impactAsWalk({ ...impactAmount, dataset: TOTALS, column: 'total', sinkColumns: [], jobs: [] }) }], TOTALS);
    expect([...h.nodes]).toEqual([`dataset:${TOTALS}`]);
    expect([...h.edges]).toEqual([]);
  });

  it('lights every edge of the graph that a highlighted path uses, and only those', () => {
    const g = buildGraph(views);
    const h = highlightOf([upAmount], TABLE);
    expect(g.edges.filter((e) => h.edges.has(e.id)).map((e) => e.id)).toEqual([`dataset:${ORDERS}->job:ingest`, `job:ingest->dataset:${TABLE}`]);
  });
});

describe('datasetColumns', () => {
  it('lists declared fields in order, then lineage-only columns, with their writers and readers', () => {
    const withNested = {
      ...lineages.totals,
      statements: [{ ...lineages.totals.statements[0], conditions: [...lineages.totals.statements[0].conditions, { dataset: TABLE, column: 'meta.region', type: 'INDIRECT' as const, subtype: 'FILTER' }] }],
    };
    const cols = datasetColumns(views[1].dataset, [
      { job: 'ingest', lineage: lineages.ingest },
      { job: 'totals', lineage: withNested },
    ]);
    expect(cols).toEqual([
      { name: 'id', type: 'BIGINT', writtenBy: ['ingest'], readBy: [] },
      { name: 'amount', type: 'DECIMAL(10, 2)', writtenBy: ['ingest'], readBy: ['totals'] },
      { name: 'customer', type: 'STRING', writtenBy: ['ingest'], readBy: ['totals'] },
      { name: 'meta.region', type: null, writtenBy: [], readBy: ['totals'] },
    ]);
  });

  it('takes the columns from lineage alone when the dataset declares none', () => {
    expect(datasetColumns(dataset(TOTALS), [{ job: 'totals', lineage: lineages.totals }])).toEqual([
      { name: 'customer', type: null, writtenBy: ['totals'], readBy: [] },
      { name: 'total', type: null, writtenBy: ['totals'], readBy: [] },
    ]);
  });
});

describe('searchNodes', () => {
  it('finds datasets and jobs by name or id, any case', () => {
    const g = buildGraph(views);
    expect(ids(searchNodes(g, 'TOTAL'))).toEqual([`dataset:${TOTALS}`, 'job:totals']);
    expect(ids(searchNodes(g, 'postgres://'))).toEqual([`dataset:${TABLE}`]);
    expect(searchNodes(g, '  ')).toEqual([]);
  });
});

describe('impactRows', () => {
  it('lists each sink column once, nearest first, with how it is made', () => {
    const far = step(TOTALS, 'total', 'file/archive', 'total', 'archiver', 'IDENTITY', 2);
    const rows = impactRows({ ...impactAmount, jobs: ['archiver', 'totals'], sinkColumns: [far, ...impactAmount.sinkColumns, ...impactAmount.sinkColumns] });
    expect(rows.map(({ dataset: d, column, job, from, type, distance }) => [d, column, job, from, type, distance])).toEqual([
      [TOTALS, 'total', 'totals', `${TABLE}.amount`, 'DIRECT AGGREGATION', 1],
      ['file/archive', 'total', 'archiver', `${TOTALS}.total`, 'DIRECT IDENTITY', 2],
    ]);
  });
});
