import dagre from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  direction?: 'LR' | 'TB';
  nodeGap?: number;
  rankGap?: number;
}

/**
 * Places a graph's nodes with dagre, sources on the left (or top): the top-left corner of each node,
 * so that the result can be handed to xyflow as it is. Edges naming unknown nodes are ignored.
 */
export function layoutGraph(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions = {}): Record<string, Position> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.direction ?? 'LR', nodesep: options.nodeGap ?? 40, ranksep: options.rankGap ?? 90, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  edges.forEach((e, i) => {
    if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, String(i));
  });
  dagre.layout(g);
  const out: Record<string, Position> = {};
  for (const n of nodes) {
    const placed = g.node(n.id);
    out[n.id] = { x: Math.round(placed.x - n.width / 2), y: Math.round(placed.y - n.height / 2) };
  }
  return out;
}
