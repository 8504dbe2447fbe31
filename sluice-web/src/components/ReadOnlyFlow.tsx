import { Background, Controls, ReactFlow, type Edge, type Node, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

/**
 * A graph to look at, not to edit (a job's vertices, its lineage, the lineage explorer): laid out by
 * the caller, fitted to its box, with zoom controls; nodes neither move nor connect. A click on a node
 * selects it and a click beside the nodes clears the selection, where `onSelect` is given.
 */
export function ReadOnlyFlow<N extends Node>({
  testId,
  height,
  shape,
  nodes,
  edges,
  nodeTypes,
  padding,
  minZoom = 0.1,
  onSelect,
  children,
}: {
  testId: string;
  height: number | string;
  /** Changes when the layout does: the graph is fitted to its box again. */
  shape?: string;
  nodes: N[];
  edges: Edge[];
  nodeTypes: NodeTypes;
  padding?: number;
  minZoom?: number;
  onSelect?: (id: string | null) => void;
  children?: React.ReactNode;
}) {
  return (
    <div style={{ height, border: '1px solid #f0f0f0', borderRadius: 4 }}>
      <ReactFlow
        data-testid={testId}
        key={shape}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={padding === undefined ? undefined : { padding }}
        minZoom={minZoom}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={onSelect !== undefined}
        onNodeClick={onSelect && ((_, n) => onSelect(n.id))}
        onPaneClick={onSelect && (() => onSelect(null))}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
        {children}
      </ReactFlow>
    </div>
  );
}
