import { describe, expect, it } from 'vitest';
import { layoutGraph, type LayoutNode } from './layout';

function overlap(a: LayoutNode & { x: number; y: number }, b: LayoutNode & { x: number; y: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layoutGraph', () => {
  it('places a chain from left to right', () => {
    const nodes = [
      { id: 'sink', width: 300, height: 120 },
      { id: 'source', width: 300, height: 80 },
      { id: 'agg', width: 300, height: 100 },
    ];
    const pos = layoutGraph(nodes, [
      { source: 'source', target: 'agg' },
      { source: 'agg', target: 'sink' },
    ]);
    expect(Object.keys(pos).sort()).toEqual(['agg', 'sink', 'source']);
    // a whole rank gap (90) between consecutive nodes, none above another
    expect(pos.agg.x - (pos.source.x + 300)).toBe(90);
    expect(pos.sink.x - (pos.agg.x + 300)).toBe(90);
    const centres = nodes.map((n) => pos[n.id].y + n.height / 2);
    expect(new Set(centres).size).toBe(1);
  });

  it('keeps nodes of one rank apart and ignores edges to unknown nodes', () => {
    const nodes: LayoutNode[] = [
      { id: 'a', width: 300, height: 100 },
      { id: 'b', width: 300, height: 140 },
      { id: 'c', width: 300, height: 60 },
      { id: 'd', width: 300, height: 100 },
      { id: 'e', width: 200, height: 100 },
    ];
    const pos = layoutGraph(nodes, [
      { source: 'a', target: 'd' },
      { source: 'b', target: 'd' },
      { source: 'c', target: 'd' },
      { source: 'd', target: 'e' },
      { source: 'd', target: 'nowhere' },
      { source: 'a', target: 'a' },
    ]);
    const placed = nodes.map((n) => ({ ...n, ...pos[n.id] }));
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(overlap(placed[i], placed[j]), `${placed[i].id} overlaps ${placed[j].id}`).toBe(false);
    expect(pos.a.x).toBe(pos.b.x);
    expect(pos.b.x).toBe(pos.c.x);
    expect(pos.d.x).toBeGreaterThan(pos.a.x + 300);
    expect(pos.e.x).toBeGreaterThan(pos.d.x + 300);
  });

  it('lays a graph out top to bottom on request', () => {
    const pos = layoutGraph(
      [
        { id: 'x', width: 100, height: 50 },
        { id: 'y', width: 100, height: 50 },
      ],
      [{ source: 'x', target: 'y' }],
      { direction: 'TB', rankGap: 30 },
    );
    expect(pos.x.x).toBe(pos.y.x);
    expect(pos.y.y - (pos.x.y + 50)).toBe(30);
  });
});
