import { Card, Col, Row, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { EChart } from '../charts/EChart';
import { hasPoints, metricSeries, rangeQuery, timeChartOption, type MetricHistory } from '../charts/series';
import { ErrorAlert } from '../components/ErrorAlert';
import { RANGES } from './CheckpointsTab';
import { usePolled } from './usePolled';

interface ChartSpec {
  metric: string;
  title: string;
  unit: string;
  scale?: number;
  max?: number;
}

// busy and backpressure come in ms per second (0-1000): shown as percent of time.
const CHARTS: ChartSpec[] = [
  { metric: 'input_rate', title: 'Input (records/s, sources)', unit: 'records/s' },
  { metric: 'output_rate', title: 'Output (records/s, sinks)', unit: 'records/s' },
  { metric: 'busy', title: 'Busy (% of time, busiest vertex)', unit: '%', scale: 0.1, max: 100 },
  { metric: 'backpressure', title: 'Back-pressured (% of time, most back-pressured vertex)', unit: '%', scale: 0.1, max: 100 },
  { metric: 'kafka_lag', title: 'Kafka consumer lag (records)', unit: 'records' },
];

function MetricChart({ spec, history, loading }: { spec: ChartSpec; history: MetricHistory | null; loading: boolean }) {
  const series = useMemo(() => metricSeries(history, spec.metric, { scale: spec.scale, label: () => spec.unit }), [history, spec]);
  const option = useMemo(
    () => timeChartOption(series, [{ name: spec.unit, max: spec.max }], history ? { from: history.from, to: history.to } : undefined),
    [series, spec, history],
  );
  return (
    <Card size="small" title={spec.title} data-testid={`metric-${spec.metric}`}>
      <EChart option={option} height={180} empty={loading && !history ? 'Loading…' : hasPoints(series) ? null : 'No samples in this time range'} />
    </Card>
  );
}

/** The job's collected metrics over a time range, one small chart each. */
export function MetricsTab({ job, live }: { job: Job; live: boolean }) {
  const [range, setRange] = useState('1h');
  const history = usePolled<MetricHistory>(
    () => api.get(`/api/v1/jobs/${job.id}/metrics?` + rangeQuery(CHARTS.map((c) => c.metric), RANGES[range], Date.now())),
    `m:${job.id}:${range}`,
    live ? 15000 : null,
  );
  return (
    <div data-testid="metrics">
      <Space style={{ marginBottom: 12 }}>
        <Segmented options={Object.keys(RANGES)} value={range} onChange={(v) => setRange(String(v))} />
        <Typography.Text type="secondary">Collected by the server every 15 s while the job runs.</Typography.Text>
      </Space>
      <ErrorAlert error={history.error} style={{ marginBottom: 12 }} />
      <Row gutter={[12, 12]}>
        {CHARTS.map((c) => (
          <Col span={12} key={c.metric}>
            <MetricChart spec={c} history={history.data} loading={history.loading} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
