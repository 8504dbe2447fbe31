import { Handle, MarkerType, Position, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { ReadOnlyFlow } from '../components/ReadOnlyFlow';
import { Tooltip } from 'antd';
import { useMemo } from 'react';
import '../graph/graph.css';
import { layoutGraph } from '../graph/layout';
import type { LineageGraphModel, LineageTable } from './lineage';

const TABLE_WIDTH = 240;
const ROW = 22;
const HEAD = 30;

type TableNodeType = Node<{ table: LineageTable }, 'table'>;

function TableNode({ data }: NodeProps<TableNodeType>) {
  const t = data.table;
  return (
    <div className={'lineage-table' + (t.sink ? ' sink' : '')} style={{ width: TABLE_WIDTH }} data-testid="lineage-table" data-table-id={t.id}>
      <div className="lineage-table-head" title={t.id}>
        {t.label}
        {t.connector ? <span style={{ fontWeight: 400, color: '#8c8c8c' }}> · {t.connector}</span> : null}
      </div>
      {t.columns.map((c) => (
        <div key={c.name} className="lineage-column" data-testid="lineage-column">
          <Handle type="target" position={Position.Left} id={'in:' + c.name} style={{ top: ROW / 2 }} />
          <Tooltip title={c.note ? `${c.status ?? ''} ${c.note}`.trim() : undefined}>
            <span>
              {c.name}
              {c.status && c.status !== 'DERIVED' ? <span style={{ color: c.status === 'UNKNOWN' ? '#cf1322' : '#8c8c8c' }}> · {c.status.toLowerCase()}</span> : null}
            </span>
          </Tooltip>
          <Handle type="source" position={Position.Right} id={'out:' + c.name} style={{ top: ROW / 2 }} />
        </div>
      ))}
    </div>
  );
}

const nodeTypes = { table: TableNode };

/** Tables with their columns, sources on the left, an edge per column dependency with how it is made. */
export function LineageGraph({ graph, height = 520 }: { graph: LineageGraphModel; height?: number | string }) {
  const positions = useMemo(
    () =>
      layoutGraph(
        graph.tables.map((t) => ({ id: t.id, width: TABLE_WIDTH, height: HEAD + ROW * t.columns.length })),
        graph.edges.map((e) => ({ source: e.source, target: e.target })),
        { rankGap: 220, nodeGap: 30 },
      ),
    [graph],
  );
  const nodes: TableNodeType[] = graph.tables.map((t) => ({ id: t.id, type: 'table', position: positions[t.id], data: { table: t } }));
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: 'out:' + e.sourceColumn,
    targetHandle: 'in:' + e.targetColumn,
    label: e.label,
    labelStyle: { fontSize: 10 },
    labelBgPadding: [3, 1],
    style: e.direct ? undefined : { strokeDasharray: '4 3' },
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return (
    <ReadOnlyFlow testId="lineage-graph" height={height} nodes={nodes} edges={edges} nodeTypes={nodeTypes} />
  );
}
