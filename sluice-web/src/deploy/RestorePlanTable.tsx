import { Checkbox, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatBytes } from '../api/jobs';
import type { RestoreOperator, StatementRestore } from '../api/types';
import { statementTitle, UNATTRIBUTED } from './restore';
import type { RestorePlanView } from './types';

export const STATUS_COLOURS: Record<string, string> = {
  KEPT: 'green',
  CHANGED: 'orange',
  NEW: 'blue',
  REMOVED: 'red',
};

const STATUS_MEANING: Record<string, string> = {
  KEPT: 'all its state is restored',
  CHANGED: 'some of its old state maps to no operator any more and is dropped',
  NEW: 'only in the new version: it starts empty',
  REMOVED: 'only in the savepoint: its state is dropped',
};

type Row = StatementRestore & { unowned?: boolean };

function operatorColumns(): ColumnsType<RestoreOperator> {
  return [
    { title: 'operator', key: 'op', render: (_, o) => <span className="mono">{o.name ?? o.uid ?? o.operatorId}</span> },
    { title: 'uid', dataIndex: 'uid', render: (u: string | null) => <span className="mono">{u ?? '(not in the new job)'}</span> },
    { title: 'state', dataIndex: 'stateBytes', align: 'right', render: (b: number) => formatBytes(b) },
    { title: '', dataIndex: 'restored', render: (r: boolean) => (r ? <Tag color="green">restored</Tag> : <Tag color="red">dropped</Tag>) },
  ];
}

/** The restore plan per statement: status, state restored and dropped, and a tick for each loss. */
export function RestorePlanTable({
  view,
  dropping,
  ticked,
  onTick,
}: {
  view: RestorePlanView;
  dropping: string[];
  ticked: ReadonlySet<string>;
  onTick: (statement: string, on: boolean) => void;
}) {
  const unownedBytes = view.plan.unowned.reduce((sum, o) => sum + o.stateBytes, 0);
  const rows: Row[] = [...view.plan.statements];
  if (view.plan.unowned.length > 0) {
    rows.push({
      statement: UNATTRIBUTED,
      label: 'State no statement owns',
      number: 0,
      status: unownedBytes > 0 ? 'REMOVED' : 'KEPT',
      restoredBytes: 0,
      droppedBytes: unownedBytes,
      droppedOperators: view.plan.unowned.filter((o) => o.stateBytes > 0).length,
      operators: view.plan.unowned,
      unowned: true,
    });
  }
  const columns: ColumnsType<Row> = [
    { title: '#', dataIndex: 'number', width: 48, render: (n: number) => (n > 0 ? n : '') },
    {
      title: 'Statement',
      key: 'statement',
      render: (_, s) => (
        <div>
          {statementTitle(s) === (s.label ?? s.statement) ? (
            <>
              <div>{s.label ?? s.statement}</div>
              {s.label && s.label !== s.statement && (
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 11 }}>
                  {s.statement}
                </Typography.Text>
              )}
            </>
          ) : (
            // A shared source's key is the planner's whole scan description: shown on hover.
            <Tooltip title={<span className="mono">{s.statement}</span>}>
              <span>{statementTitle(s)}</span>
            </Tooltip>
          )}
        </div>
      ),
    },
    {
      title: 'Status',
      dataIndex: 'status',
      width: 100,
      render: (status: string, s) => (
        <Tooltip title={s.unowned ? 'state of operators whose statement is not known' : STATUS_MEANING[status]}>
          <Tag color={STATUS_COLOURS[status] ?? 'default'}>{status}</Tag>
        </Tooltip>
      ),
    },
    { title: 'Restored', dataIndex: 'restoredBytes', align: 'right', width: 100, render: (b: number) => formatBytes(b) },
    {
      title: 'Dropped',
      dataIndex: 'droppedBytes',
      align: 'right',
      width: 130,
      render: (b: number, s) =>
        b > 0 || s.droppedOperators > 0 ? (
          <Typography.Text type="danger" style={{ whiteSpace: 'nowrap' }}>
            {formatBytes(b)}
            {s.droppedOperators > 0 ? ` (${s.droppedOperators} op.)` : ''}
          </Typography.Text>
        ) : (
          formatBytes(b)
        ),
    },
    {
      title: 'Accept the loss',
      key: 'confirm',
      width: 150,
      render: (_, s) =>
        dropping.includes(s.statement) ? (
          <Checkbox
            data-testid="confirm-drop"
            data-statement={s.statement}
            checked={ticked.has(s.statement)}
            onChange={(e) => onTick(s.statement, e.target.checked)}
          >
            <span style={{ whiteSpace: 'nowrap' }}>drop its state</span>
          </Checkbox>
        ) : null,
    },
  ];
  return (
    <div data-testid="restore-plan">
    <Table<Row>
      rowKey="statement"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      onRow={(s) => ({ 'data-testid': 'restore-statement', 'data-status': s.status, 'data-statement': s.statement }) as React.HTMLAttributes<HTMLElement>}
      expandable={{
        rowExpandable: (s) => s.operators.length > 0,
        expandedRowRender: (s) => (
          <Table<RestoreOperator> rowKey="operatorId" size="small" pagination={false} columns={operatorColumns()} dataSource={s.operators} />
        ),
      }}
    />
    </div>
  );
}
