import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { formatPercent, formatRate, loadColour, NODE_WIDTH, type VertexData } from './model';

export type VertexNodeType = Node<{ vertex: VertexData; override: number | null }, 'vertex'>;

/** One vertex of the job graph: its chain of operators, statements, uid, parallelism and live load. */
export function VertexNode({ data, selected }: NodeProps<VertexNodeType>) {
  const v = data.vertex;
  const colour = v.rates ? loadColour(v.rates.busy, v.rates.backpressured) : null;
  return (
    <div
      className={'vertex-node' + (selected ? ' selected' : '')}
      data-testid="vertex"
      data-vertex-id={v.id}
      data-parallelism={v.parallelism}
      style={{ width: NODE_WIDTH, borderColor: colour ?? undefined }}
    >
      <Handle type="target" position={Position.Left} />
      <div className="vertex-head" style={colour ? { background: colour, color: '#fff' } : undefined} title={v.name}>
        <span className="vertex-name">{v.name}</span>
        <span className="vertex-par" title="parallelism">
          ×{v.parallelism}
          {data.override != null && data.override !== v.parallelism ? ` → ${data.override}` : ''}
        </span>
      </div>
      <div className="vertex-body">
        {v.operators.map((o, i) => (
          <div key={i} className="vertex-op" title={o.name}>
            {o.name}
          </div>
        ))}
        {v.statements.map((s) => (
          <div key={s} className="vertex-meta" title={s}>
            <span className="vertex-key">stmt</span> {s}
          </div>
        ))}
        {v.uid && (
          <div className="vertex-meta mono" title={v.uid}>
            <span className="vertex-key">uid</span> {v.uid}
          </div>
        )}
        <div className="vertex-meta">
          <span className="vertex-key">max</span> {v.maxParallelism > 0 ? v.maxParallelism : '–'}
          {v.status ? <span className="vertex-status"> · {v.status}</span> : null}
        </div>
        {v.rates && (
          <div className="vertex-rates" data-testid="vertex-rates" data-records-in={v.rates.recordsIn ?? ''} data-records-out={v.rates.recordsOut ?? ''}>
            <span title="records in per second">in {formatRate(v.rates.recordsIn)}</span>
            <span title="records out per second">out {formatRate(v.rates.recordsOut)}</span>
            <span title="busy time">busy {formatPercent(v.rates.busy)}</span>
            <span title="back-pressured time">bp {formatPercent(v.rates.backpressured)}</span>
          </div>
        )}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
