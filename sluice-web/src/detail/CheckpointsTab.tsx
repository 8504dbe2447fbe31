import { Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { formatBytes } from '../api/jobs';
import type { Job } from '../api/types';
import { EChart } from '../charts/EChart';
import { hasPoints, metricSeries, rangeQuery, timeChartOption, type MetricHistory } from '../charts/series';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime, isSavepoint, type Checkpoint, type JobCheckpoints } from './types';
import { usePolled } from './usePolled';

export const RANGES: Record<string, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

export function formatMillis(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

const STATUS_COLOUR: Record<string, string> = { COMPLETED: 'green', FAILED: 'red', IN_PROGRESS: 'blue' };

/** The cluster's checkpoint statistics for the running Flink job and the duration and size over time. */
export function CheckpointsTab({ job, live }: { job: Job; live: boolean }) {
  const stats = usePolled<JobCheckpoints>(() => api.get(`/api/v1/jobs/${job.id}/checkpoints`), `cp:${job.id}:${job.flinkJobId}:${job.state}`, live ? 5000 : null);
  const [range, setRange] = useState('1h');
  const metrics = usePolled<MetricHistory>(
    () => api.get(`/api/v1/jobs/${job.id}/metrics?` + rangeQuery(['checkpoint_duration', 'checkpoint_size'], RANGES[range], Date.now())),
    `cpm:${job.id}:${range}`,
    live ? 15000 : null,
  );
  const series = useMemo(
    () => [
      ...metricSeries(metrics.data, 'checkpoint_duration', { label: () => 'duration' }),
      ...metricSeries(metrics.data, 'checkpoint_size', { label: () => 'state size', yAxisIndex: 1 }),
    ],
    [metrics.data],
  );
  const option = useMemo(
    () =>
      timeChartOption(series, [
        { name: 'duration', format: formatMillis },
        { name: 'size', format: (v) => formatBytes(v) },
      ], metrics.data ? { from: metrics.data.from, to: metrics.data.to } : undefined),
    [series, metrics.data],
  );

  const columns: ColumnsType<Checkpoint> = [
    { title: 'ID', dataIndex: 'id', width: 70 },
    {
      title: 'Status',
      key: 'status',
      render: (_, c) => (
        <Space size={4}>
          <Tag color={STATUS_COLOUR[c.status] ?? 'default'}>{c.status}</Tag>
          {isSavepoint(c) && <Tag color="purple">savepoint</Tag>}
        </Space>
      ),
    },
    { title: 'Triggered', dataIndex: 'triggerTimestamp', render: (t: number | null) => formatTime(t) },
    { title: 'Duration', dataIndex: 'endToEndDurationMs', render: (d: number | null) => formatMillis(d) },
    { title: 'State size', dataIndex: 'stateSizeBytes', render: (b: number | null) => formatBytes(b) },
    { title: 'Checkpointed', dataIndex: 'checkpointedSizeBytes', render: (b: number | null) => formatBytes(b) },
    {
      title: 'Path / failure',
      key: 'path',
      ellipsis: true,
      render: (_, c) =>
        c.failureMessage ? (
          <Tooltip title={c.failureMessage}>
            <Typography.Text type="danger">{c.failureMessage}</Typography.Text>
          </Tooltip>
        ) : (
          <Tooltip title={c.externalPath}>
            <span className="mono">{c.externalPath}</span>
          </Tooltip>
        ),
    },
  ];

  const d = stats.data;
  const noFlinkJob = d && !d.state;
  return (
    <div data-testid="checkpoints">
      <ErrorAlert error={stats.error} style={{ marginBottom: 12 }} />
      {d && !noFlinkJob && (
        <Row gutter={16} style={{ marginBottom: 12 }}>
          <Col span={4}><Statistic title="Completed" value={d.counts.completed} /></Col>
          <Col span={4}><Statistic title="Failed" value={d.counts.failed} /></Col>
          <Col span={4}><Statistic title="In progress" value={d.counts.inProgress} /></Col>
          <Col span={4}><Statistic title="Restored" value={d.counts.restored} /></Col>
          <Col span={8} data-testid="latest-checkpoint">
            <Statistic
              title="Latest completed"
              value={d.latest.completed ? `#${d.latest.completed.id}, ${formatMillis(d.latest.completed.endToEndDurationMs)}, ${formatBytes(d.latest.completed.stateSizeBytes)}` : 'none'}
              styles={{ content: { fontSize: 16 } }}
            />
          </Col>
        </Row>
      )}
      {d?.latest.restored && (
        <Typography.Paragraph type="secondary">
          Started from {d.latest.restored.isSavepoint ? 'savepoint' : 'checkpoint'} #{d.latest.restored.id}{' '}
          <span className="mono">{d.latest.restored.externalPath}</span>
        </Typography.Paragraph>
      )}
      {noFlinkJob ? (
        <Empty description="Not running: the cluster has no checkpoint statistics of this job" data-testid="checkpoints-empty" />
      ) : (
        <Table<Checkpoint>
          rowKey="id"
          size="small"
          loading={stats.loading && !d}
          columns={columns}
          dataSource={d?.history ?? []}
          pagination={false}
          locale={{ emptyText: 'No checkpoint yet' }}
          data-testid="checkpoint-table"
        />
      )}
      <Card
        size="small"
        style={{ marginTop: 16 }}
        title="Duration and size of the last completed checkpoint"
        extra={<Segmented size="small" options={Object.keys(RANGES)} value={range} onChange={(v) => setRange(String(v))} />}
      >
        <ErrorAlert error={metrics.error} style={{ marginBottom: 8 }} />
        <EChart
          option={option}
          height={260}
          data-testid="checkpoint-chart"
          empty={metrics.loading && !metrics.data ? 'Loading…' : hasPoints(series) ? null : 'No checkpoint yet in this time range'}
        />
      </Card>
    </div>
  );
}
