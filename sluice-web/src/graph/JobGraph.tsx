import { MarkerType, type Edge } from '@xyflow/react';
import { ReadOnlyFlow } from '../components/ReadOnlyFlow';
import { useMemo } from 'react';
import './graph.css';
import { layoutGraph } from './layout';
import { NODE_WIDTH, vertexHeight, type GraphModel } from './model';
import { VertexNode, type VertexNodeType } from './VertexNode';

const nodeTypes = { vertex: VertexNode };

export interface JobGraphProps {
  graph: GraphModel;
  selected: string | null;
  onSelect: (vertexId: string | null) => void;
  /** Parallelism overrides by vertex id, shown beside the current parallelism. */
  overrides?: Record<string, number>;
  height?: number | string;
}

/** The job graph laid out left to right, pannable and zoomable, one node per vertex. */
export function JobGraph({ graph, selected, onSelect, overrides, height = 560 }: JobGraphProps) {
  // The layout depends on the graph's shape only, so live rates do not move the nodes.
  const shape = graph.vertices.map((v) => v.id + ':' + vertexHeight(v)).join(',') + '|' + graph.edges.map((e) => e.id).join(',');
  const positions = useMemo(
    () => layoutGraph(graph.vertices.map((v) => ({ id: v.id, width: NODE_WIDTH, height: vertexHeight(v) })), graph.edges),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shape],
  );
  const nodes: VertexNodeType[] = graph.vertices.map((v) => ({
    id: v.id,
    type: 'vertex',
    position: positions[v.id] ?? { x: 0, y: 0 },
    data: { vertex: v, override: overrides?.[v.id] ?? null },
    selected: v.id === selected,
  }));
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    label: e.label,
    labelBgPadding: [4, 2],
    labelStyle: { fontSize: 11 },
    markerEnd: { type: MarkerType.ArrowClosed },
    animated: e.label !== 'FORWARD' && graph.vertices.some((v) => v.rates),
  }));
  return (
    <ReadOnlyFlow testId="graph" height={height} shape={shape} nodes={nodes} edges={edges} nodeTypes={nodeTypes} padding={0.15} onSelect={onSelect} />
  );
}
