import { Handle, MarkerType, MiniMap, Position, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { ReadOnlyFlow } from '../components/ReadOnlyFlow';
import { useEffect, useMemo } from 'react';
import { layoutGraph } from '../graph/layout';
import './lineage.css';
import type { ExplorerGraph as Graph, ExplorerNode, Highlight } from './model';

const SIZE = { dataset: { width: 240, height: 48 }, job: { width: 180, height: 32 } };

type State = 'selected' | 'highlighted' | 'dimmed' | 'plain';
type ExplorerNodeType = Node<{ node: ExplorerNode; state: State; selected: boolean }, 'explorer'>;

function ExplorerNodeView({ data }: NodeProps<ExplorerNodeType>) {
  const n = data.node;
  const cls = ['lx-node', n.kind, data.selected ? 'selected' : '', data.state === 'highlighted' ? 'highlighted' : '', data.state === 'dimmed' ? 'dimmed' : ''];
  return (
    <div
      className={cls.filter(Boolean).join(' ')}
      style={SIZE[n.kind]}
      data-testid={n.kind === 'dataset' ? `lineage-node-${n.key}` : `lineage-job-${n.key}`}
      data-kind={n.kind}
      data-selected={data.selected ? 'true' : 'false'}
      data-highlighted={data.state === 'highlighted' ? 'true' : 'false'}
      data-dimmed={data.state === 'dimmed' ? 'true' : 'false'}
      title={n.kind === 'dataset' ? n.key : n.key + ' (job)'}
    >
      <Handle type="target" position={Position.Left} />
      <div className="lx-name">{n.label}</div>
      {n.kind === 'dataset' && <div className="lx-detail">{n.detail}</div>}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

const nodeTypes = { explorer: ExplorerNodeView };

export interface ExplorerGraphProps {
  graph: Graph;
  /** What a selected column or expansion lights up; the rest is dimmed. Null: nothing dimmed. */
  highlight: Highlight | null;
  /** Node ids matching the search, the others dimmed; null when not searching. */
  matches: Set<string> | null;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
  /** A node to centre, with a count that changes on every request. */
  focus: { id: string; n: number } | null;
  height?: number | string;
}

function Focus({ focus }: { focus: ExplorerGraphProps['focus'] }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (focus) void flow.fitView({ nodes: [{ id: focus.id }], duration: 300, maxZoom: 1.2, padding: 0.6 });
  }, [focus, flow]);
  return null;
}

/** The cross-job graph, datasets and jobs left to right, pannable and zoomable with a minimap. */
export function ExplorerGraph({ graph, highlight, matches, selected, onSelect, focus, height = 620 }: ExplorerGraphProps) {
  const shape = graph.nodes.map((n) => n.id).join(',') + '|' + graph.edges.map((e) => e.id).join(',');
  const positions = useMemo(
    () => layoutGraph(graph.nodes.map((n) => ({ id: n.id, ...SIZE[n.kind] })), graph.edges, { rankGap: 80, nodeGap: 24 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shape],
  );
  const stateOf = (id: string): State => {
    if (matches) return matches.has(id) ? 'highlighted' : 'dimmed';
    if (highlight) return highlight.nodes.has(id) ? 'highlighted' : 'dimmed';
    return 'plain';
  };
  const nodes: ExplorerNodeType[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'explorer',
    position: positions[n.id] ?? { x: 0, y: 0 },
    data: { node: n, state: stateOf(n.id), selected: n.id === selected },
    selected: n.id === selected,
  }));
  const edges: Edge[] = graph.edges.map((e) => {
    const lit = highlight?.edges.has(e.id) ?? false;
    const dim = (highlight && !lit) || (matches && !(matches.has(e.source) || matches.has(e.target)));
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      className: lit ? 'lx-edge-hl' : dim ? 'lx-edge-dim' : undefined,
      markerEnd: { type: MarkerType.ArrowClosed, color: lit ? '#1668dc' : undefined },
    };
  });
  return (
    <ReactFlowProvider>
      <ReadOnlyFlow testId="lineage-explorer-graph" height={height} shape={shape} nodes={nodes} edges={edges} nodeTypes={nodeTypes} padding={0.1} minZoom={0.05} onSelect={onSelect}>
        <MiniMap pannable zoomable />
        <Focus focus={focus} />
      </ReadOnlyFlow>
    </ReactFlowProvider>
  );
}
