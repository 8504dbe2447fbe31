import { describe, expect, it } from 'vitest';
import { formatRate, loadColour, planToGraph, runningToGraph } from './model';
import type { JobGraphView, RunningGraph } from './types';

const plan: JobGraphView = {
  vertices: [
    {
      id: 'cbc357ccb763df2852fee8c4fc7d55f2',
      name: 'Source: orders[1] -> Calc[2]',
      parallelism: 2,
      maxParallelism: 128,
      operators: [
        { id: 'op1', name: 'Source: orders[1]', uid: 'source:default_catalog.default_database.orders', statement: 'source:default_catalog.default_database.orders' },
        { id: 'op2', name: 'Calc[2]', uid: 'stmt:totals#ab12:calc1', statement: 'default_catalog.default_database.totals#ab12' },
      ],
    },
    {
      id: '90bea66de1c231edf33913ecd54406c1',
      name: 'GroupAggregate[4] -> Sink: totals[5]',
      parallelism: 4,
      maxParallelism: 128,
      operators: [
        { id: 'op3', name: 'GroupAggregate[4]', uid: 'stmt:totals#ab12:agg1', statement: 'default_catalog.default_database.totals#ab12' },
        { id: 'op4', name: 'Sink: totals[5]', uid: null, statement: 'default_catalog.default_database.totals#ab12' },
      ],
    },
  ],
  edges: [{ source: 'cbc357ccb763df2852fee8c4fc7d55f2', target: '90bea66de1c231edf33913ecd54406c1', shipStrategy: 'HASH' }],
};

describe('planToGraph', () => {
  it('keeps every operator, names the head uid and the statements, and labels edges with the ship strategy', () => {
    const g = planToGraph(plan);
    expect(g.vertices.map((v) => [v.id, v.name, v.parallelism, v.uid, v.statements, v.uids])).toEqual([
      [
        'cbc357ccb763df2852fee8c4fc7d55f2',
        'Source: orders[1] -> Calc[2]',
        2,
        'source:default_catalog.default_database.orders',
        ['source:default_catalog.default_database.orders', 'default_catalog.default_database.totals#ab12'],
        ['source:default_catalog.default_database.orders', 'stmt:totals#ab12:calc1'],
      ],
      [
        '90bea66de1c231edf33913ecd54406c1',
        'GroupAggregate[4] -> Sink: totals[5]',
        4,
        'stmt:totals#ab12:agg1',
        ['default_catalog.default_database.totals#ab12'],
        ['stmt:totals#ab12:agg1'],
      ],
    ]);
    expect(g.vertices[1].operators.map((o) => o.name)).toEqual(['GroupAggregate[4]', 'Sink: totals[5]']);
    expect(g.vertices.every((v) => v.rates === null)).toBe(true);
    expect(g.edges).toEqual([
      {
        id: 'cbc357ccb763df2852fee8c4fc7d55f2->90bea66de1c231edf33913ecd54406c1',
        source: 'cbc357ccb763df2852fee8c4fc7d55f2',
        target: '90bea66de1c231edf33913ecd54406c1',
        label: 'HASH',
      },
    ]);
  });
});

describe('runningToGraph', () => {
  const running: RunningGraph = {
    flinkJobId: 'f00d',
    state: 'RUNNING',
    at: '2026-12-02T02:40:00Z',
    vertices: [
      {
        id: 'v1', name: 'Source: orders', parallelism: 1, maxParallelism: 128, status: 'RUNNING',
        operators: ['Source: orders', 'Calc'], statement: 'source:orders', uid: 'source:orders', inputs: [],
        recordsInPerSecond: 120.5, recordsOutPerSecond: 120.5, busyPercent: 12, backpressuredPercent: 0, idlePercent: 88,
      },
      {
        id: 'v2', name: 'Join', parallelism: 2, maxParallelism: 128, status: 'RUNNING', operators: ['Join'],
        statement: null, uid: null,
        inputs: [{ id: 'v1', shipStrategy: 'HASH' }, { id: 'v1', shipStrategy: 'HASH' }, { id: 'gone', shipStrategy: 'FORWARD' }],
        recordsInPerSecond: null, recordsOutPerSecond: null, busyPercent: null, backpressuredPercent: null, idlePercent: null,
      },
    ],
  };

  it('turns inputs into edges to the vertex and carries the live rates', () => {
    const g = runningToGraph(running);
    expect(g.edges).toEqual([
      { id: 'v1->v2', source: 'v1', target: 'v2', label: 'HASH' },
      { id: 'v1->v2#1', source: 'v1', target: 'v2', label: 'HASH' },
    ]);
    expect(g.vertices[0]).toMatchObject({
      operators: [
        { name: 'Source: orders', uid: null, statement: null },
        { name: 'Calc', uid: null, statement: null },
      ],
      statements: ['source:orders'],
      uid: 'source:orders',
      uids: ['source:orders'],
      status: 'RUNNING',
      rates: { recordsIn: 120.5, recordsOut: 120.5, busy: 12, backpressured: 0, idle: 88 },
    });
    expect(g.vertices[1]).toMatchObject({ statements: [], uid: null, uids: [], rates: { recordsIn: null, busy: null } });
  });

  it('gives an empty graph for a job that is not running', () => {
    expect(runningToGraph({ flinkJobId: null, state: null, at: null, vertices: [] })).toEqual({ vertices: [], edges: [] });
  });
});

describe('loadColour', () => {
  it('goes from blue when idle to red when busy, darker when back-pressured', () => {
    expect(loadColour(0, 0)).toBe('hsl(210, 80%, 50%)');
    expect(loadColour(50, 0)).toBe('hsl(105, 80%, 50%)');
    expect(loadColour(100, 0)).toBe('hsl(0, 80%, 50%)');
    expect(loadColour(0, 100)).toBe('hsl(210, 80%, 20%)');
    expect(loadColour(150, -5)).toBe('hsl(0, 80%, 50%)');
  });

  it('has no colour without measurements', () => {
    expect(loadColour(null, null)).toBeNull();
    expect(loadColour(undefined)).toBeNull();
    expect(loadColour(null, 40)).toBe('hsl(210, 80%, 38%)');
  });
});

describe('formatRate', () => {
  it('shortens large rates', () => {
    expect([formatRate(0), formatRate(0.42), formatRate(35.4), formatRate(1234), formatRate(2_500_000), formatRate(null)]).toEqual([
      '0/s', '0.4/s', '35/s', '1.2k/s', '2.5M/s', '–',
    ]);
  });
});
