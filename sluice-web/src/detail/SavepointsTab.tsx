import { App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import type { Savepoint } from '../api/types';
import { formatTime } from './types';
import { usePolled } from './usePolled';

export interface SavepointsTabProps {
  job: Job;
  live: boolean;
  mayOperate: boolean;
  /** Opens the deploy dialog for a restore from this savepoint. */
  onRestore: (savepoint: Savepoint) => void;
}

/** Savepoints and retained checkpoints the job can restore from; take one while it runs. */
export function SavepointsTab({ job, live, mayOperate, onRestore }: SavepointsTabProps) {
  const { message } = App.useApp();
  const list = usePolled<Savepoint[]>(() => api.get(`/api/v1/jobs/${job.id}/savepoints`), `sp:${job.id}:${job.state}:${job.flinkJobId}`, live ? 5000 : null);
  const [taking, setTaking] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const take = async () => {
    setTaking(true);
    setError(null);
    try {
      const sp = await api.post<Savepoint>(`/api/v1/jobs/${job.id}/savepoints`);
      message.success(`Savepoint taken: ${sp.path}`);
      await list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setTaking(false);
    }
  };

  const columns: ColumnsType<Savepoint> = [
    { title: 'Taken', dataIndex: 'createdAt', render: (t: string) => formatTime(t), width: 180 },
    { title: 'Kind', dataIndex: 'kind', render: (k: string) => <Tag color={k === 'SAVEPOINT' ? 'purple' : 'default'}>{k.toLowerCase()}</Tag>, width: 110 },
    { title: 'Version', dataIndex: 'jobVersion', render: (v: number) => `v${v}`, width: 80 },
    {
      title: 'Path',
      dataIndex: 'path',
      ellipsis: true,
      render: (p: string) => (
        <Tooltip title={p}>
          <Typography.Text className="mono" copyable={{ text: p }}>
            {p}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: 'Flink job',
      dataIndex: 'flinkJobId',
      width: 110,
      render: (id: string | null) => (id ? <span className="mono">{id.slice(0, 8)}…</span> : ''),
    },
    {
      title: '',
      key: 'restore',
      width: 190,
      render: (_, sp) =>
        mayOperate ? (
          <Tooltip title={live ? 'Stop the job first: a running job is not deployed again' : undefined}>
            <Button size="small" onClick={() => onRestore(sp)} disabled={live} data-testid="restore-savepoint">
              Restore from this one
            </Button>
          </Tooltip>
        ) : null,
    },
  ];

  return (
    <div data-testid="savepoints">
      <Space style={{ marginBottom: 12 }}>
        {mayOperate && (
          <Tooltip title={live ? undefined : 'A savepoint is taken of a running job'}>
            <Button type="primary" onClick={take} loading={taking} disabled={!live} data-testid="take-savepoint">
              Take savepoint
            </Button>
          </Tooltip>
        )}
        <Typography.Text type="secondary">Newest first. A deploy can restore from any of them.</Typography.Text>
      </Space>
      <ErrorAlert error={error ?? list.error} style={{ marginBottom: 12 }} />
      <Table<Savepoint>
        rowKey="id"
        size="small"
        loading={list.loading && !list.data}
        columns={columns}
        dataSource={[...(list.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: 'No savepoint yet' }}
      />
    </div>
  );
}
