import { describe, expect, it } from 'vitest';
import { planToGraph, runningToGraph } from './model';
import { chainUids, overridesByVertex, parallelismChange } from './parallelism';
import type { JobGraphView, ParallelismSettings } from './types';

const plan: JobGraphView = {
  vertices: [
    { id: 'p1', name: 'Source', parallelism: 1, maxParallelism: 128, operators: [{ id: 'o1', name: 'Source', uid: 'src', statement: 'source:t' }] },
    {
      id: 'p2', name: 'Agg -> Sink', parallelism: 1, maxParallelism: 128,
      operators: [
        { id: 'o2', name: 'Agg', uid: 'agg', statement: 's1' },
        { id: 'o3', name: 'Calc', uid: 'calc', statement: 's1' },
        { id: 'o4', name: 'Sink', uid: null, statement: 's1' },
      ],
    },
  ],
  edges: [{ source: 'p1', target: 'p2', shipStrategy: 'HASH' }],
};

const settings: ParallelismSettings = {
  defaultParallelism: 2,
  maxParallelism: 128,
  operators: { calc: 3, src: 1 },
  plan: { graph: plan, planText: '', connectors: [] },
};

describe('parallelism of a vertex', () => {
  it('sets the head uid and drops the chain’s other overrides, keeping everything else', () => {
    const agg = planToGraph(plan).vertices[1];
    expect(parallelismChange(settings, agg.uids, 4)).toEqual({ defaultParallelism: 2, maxParallelism: 128, operators: { src: 1, agg: 4 } });
  });

  it('finds a running vertex’s chain through the plan', () => {
    const running = runningToGraph({
      flinkJobId: 'f', state: 'RUNNING', at: null,
      vertices: [{
        id: 'r2', name: 'Agg -> Sink', parallelism: 3, maxParallelism: 128, status: 'RUNNING', operators: ['Agg', 'Calc', 'Sink'],
        statement: 's1', uid: 'agg', inputs: [], recordsInPerSecond: 1, recordsOutPerSecond: 1, busyPercent: 1, backpressuredPercent: 0, idlePercent: 99,
      }],
    });
    expect(chainUids(running.vertices[0], plan)).toEqual(['agg', 'calc']);
    expect(overridesByVertex(running, settings)).toEqual({ r2: 3 });
    expect(parallelismChange(settings, chainUids(running.vertices[0], plan), 5).operators).toEqual({ src: 1, agg: 5 });
  });
});
