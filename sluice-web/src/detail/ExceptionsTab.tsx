import { Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { failureSummary, formatTime, type Failure, type JobExceptions } from './types';

export interface ExceptionsTabProps {
  job: Job;
  exceptions: JobExceptions | null;
  error: unknown;
  loading: boolean;
}

/** The failures of the job's Flink job, newest first; a row opens to its stack trace. */
export function ExceptionsTab({ exceptions, error, loading }: ExceptionsTabProps) {
  const columns: ColumnsType<Failure & { key: number }> = [
    { title: 'Time', dataIndex: 'timestamp', width: 180, render: (t: number | null) => formatTime(t) },
    { title: 'Task', dataIndex: 'taskName', ellipsis: true, render: (t: string | null) => t ?? <Typography.Text type="secondary">the job</Typography.Text> },
    { title: 'Location', dataIndex: 'location', width: 170, render: (l: string | null) => (l ? <span className="mono">{l}</span> : '') },
    {
      title: 'Exception',
      key: 'exception',
      render: (_, f) => (
        <span data-testid="exception-summary">
          {failureSummary(f)}
          {f.concurrentExceptions > 0 ? <Typography.Text type="secondary"> (+{f.concurrentExceptions} concurrent)</Typography.Text> : null}
        </span>
      ),
    },
  ];
  if (exceptions && !exceptions.state && exceptions.history.length === 0) {
    return <Empty description="Not running: the cluster knows no Flink job of this job" data-testid="exceptions-empty" />;
  }
  return (
    <div data-testid="exceptions">
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Table<Failure & { key: number }>
        size="small"
        loading={loading && !exceptions}
        columns={columns}
        dataSource={(exceptions?.history ?? []).map((f, i) => ({ ...f, key: i }))}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (f) => (
            <pre className="mono" style={{ margin: 0, whiteSpace: 'pre-wrap', maxHeight: 400, overflow: 'auto' }} data-testid="exception-stack">
              {f.stacktrace ?? [f.exceptionName, f.message].filter(Boolean).join(': ')}
            </pre>
          ),
        }}
        locale={{ emptyText: 'No exceptions: the job has not failed' }}
      />
      {exceptions?.truncated && <Typography.Text type="secondary">The cluster keeps more failures than shown.</Typography.Text>}
    </div>
  );
}
