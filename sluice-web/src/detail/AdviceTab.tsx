import { Alert, Button, Card, Empty, Input, InputNumber, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePolled } from './usePolled';

/** One vertex of GET /api/v1/jobs/{id}/advice. */
export interface VertexAdvice {
  id: string;
  name: string;
  statement: string | null;
  uid: string | null;
  parallelism: number;
  maxParallelism: number;
  busyPercent: number | null;
  backpressuredPercent: number | null;
  inputRate: number | null;
  trueProcessingRate: number | null;
  targetRate: number | null;
  pendingRecords: number | null;
  partitions: number | null;
  recommendedParallelism: number;
  action: 'scale-up' | 'scale-down' | 'keep' | 'unknown' | string;
  reason: string;
}

/** One TaskManager of GET /api/v1/jobs/{id}/advice. */
export interface MemoryAdvice {
  taskManager: string;
  heapUsedPercent: number | null;
  gcTimeMsPerSecond: number | null;
  managedUsedPercent: number | null;
  action: 'raise-heap' | 'raise-managed' | 'lower-managed' | 'keep' | string;
  reason: string;
}

/** GET /api/v1/jobs/{id}/advice */
export interface TuningAdvice {
  job: string;
  jobId: number;
  flinkJobId: string | null;
  at: string;
  targetUtilization: number;
  catchUp: string;
  changes: boolean;
  vertices: VertexAdvice[];
  taskManagers: MemoryAdvice[];
}

/** POST /api/v1/jobs/{id}/advice/apply */
export interface AppliedAdvice {
  parallelism: Record<string, number>;
  operators: Record<string, number>;
  savepoint: string;
  restorePlan: {
    savepoint?: string;
    statements: { statement: string; label: string | null; number?: number; status: string; droppedOperators?: number }[];
  };
}

const ACTION_COLOURS: Record<string, string> = {
  'scale-up': 'red',
  'scale-down': 'blue',
  keep: 'green',
  unknown: 'default',
  'raise-heap': 'red',
  'raise-managed': 'orange',
  'lower-managed': 'blue',
};

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const num = (v: number | null | undefined) => (v == null ? '–' : numbers.format(v));
const pct = (v: number | null | undefined) => (v == null ? '–' : `${numbers.format(v)}%`);

/** The vertices whose parallelism the advice changes, as the apply body's `vertices`. */
export function advisedChanges(advice: TuningAdvice): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of advice.vertices) if (v.recommendedParallelism !== v.parallelism) out[v.id] = v.recommendedParallelism;
  return out;
}

export function AdviceTab({ job, live, mayOperate }: { job: Job; live: boolean; mayOperate: boolean }) {
  const [utilization, setUtilization] = useState(0.7);
  const [catchUp, setCatchUp] = useState('5m');
  const [catchUpDraft, setCatchUpDraft] = useState('5m');
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<unknown>(null);
  const [applied, setApplied] = useState<{ result: AppliedAdvice; names: Record<string, string> } | null>(null);

  const query = new URLSearchParams({ utilization: String(utilization), catchUp }).toString();
  const advice = usePolled<TuningAdvice>(() => api.get(`/api/v1/jobs/${job.id}/advice?${query}`), `adv:${job.id}:${job.state}:${query}`, live ? 15000 : null);
  const a = advice.data;
  const notRunning = advice.error instanceof ApiError && advice.error.status === 409 ? advice.error : null;

  const commitCatchUp = () => {
    const c = catchUpDraft.trim();
    if (c && c !== catchUp) setCatchUp(c);
  };

  const apply = async () => {
    if (!a) return;
    setApplying(true);
    setApplyError(null);
    setApplied(null);
    try {
      // What the user was shown, not what the rates say a moment later.
      const result = await api.post<AppliedAdvice>(`/api/v1/jobs/${job.id}/advice/apply`, { utilization, catchUp, vertices: advisedChanges(a) });
      setApplied({ result, names: Object.fromEntries(a.vertices.map((v) => [v.id, v.name])) });
      advice.reload();
    } catch (e) {
      setApplyError(e);
    } finally {
      setApplying(false);
    }
  };

  return (
    <div data-testid="advice">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <span>Target utilisation</span>
          <InputNumber
            aria-label="Target utilisation"
            data-testid="advice-utilization"
            min={0.1}
            max={1}
            step={0.05}
            value={utilization}
            onChange={(v) => {
              if (typeof v === 'number' && v >= 0.1 && v <= 1) setUtilization(v);
            }}
            style={{ width: 90 }}
          />
          <span>Catch up backlog in</span>
          <Input
            aria-label="Catch up"
            data-testid="advice-catchup"
            value={catchUpDraft}
            onChange={(e) => setCatchUpDraft(e.target.value)}
            onBlur={commitCatchUp}
            onPressEnter={commitCatchUp}
            style={{ width: 80 }}
          />
          {a && <Typography.Text type="secondary">as of {new Date(a.at).toLocaleTimeString()}</Typography.Text>}
        </Space>
        {a && a.changes && mayOperate && (
          <Popconfirm
            title="Apply the advice?"
            description={
              <div style={{ maxWidth: 360 }}>
                The job is stopped with a savepoint and restored from it at the advised parallelism, which takes tens of seconds. Nothing is
                applied if any statement would lose state.
              </div>
            }
            okText="Apply"
            onConfirm={apply}
            okButtonProps={{ 'data-testid': 'advice-apply-confirm' } as React.ComponentProps<typeof Button>}
          >
            <Button type="primary" loading={applying} data-testid="advice-apply">
              Apply advice
            </Button>
          </Popconfirm>
        )}
      </Space>
      {applied && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setApplied(null)}
          style={{ marginBottom: 12 }}
          data-testid="advice-applied"
          title="Advice applied: every statement's state kept"
          description={
            <div>
              <div>
                {Object.entries(applied.result.parallelism).map(([id, p]) => (
                  <div key={id} data-testid={`advice-applied-${id}`}>
                    {applied.names[id] ?? id}: parallelism {p}
                  </div>
                ))}
              </div>
              <div>
                Restored from <span className="mono" style={{ wordBreak: 'break-all' }}>{applied.result.savepoint}</span>
              </div>
              <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                {applied.result.restorePlan.statements.map((s) => (
                  <li key={s.statement}>
                    {s.label ?? s.statement} <Tag>{s.status.toLowerCase()}</Tag>
                  </li>
                ))}
              </ul>
            </div>
          }
        />
      )}
      <ErrorAlert error={applyError} style={{ marginBottom: 12 }} />
      {notRunning ? (
        <Alert type="info" showIcon data-testid="advice-not-running" title="Advice needs a running job" description={notRunning.detail || undefined} />
      ) : (
        <>
          <ErrorAlert error={advice.error} style={{ marginBottom: 12 }} />
          {advice.loading && !a ? (
            <Spin style={{ display: 'block', margin: 48 }} />
          ) : (
            a && (
              <>
                {!a.changes && a.vertices.length > 0 && (
                  <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="advice-no-changes" title="Every vertex runs at the parallelism it needs" />
                )}
                <div data-testid="advice-table">
                <Table<VertexAdvice>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={a.vertices}
                  locale={{ emptyText: 'The job has no vertices to advise on' }}
                  onRow={(v) => ({ 'data-testid': `advice-row-${v.id}`, 'data-action': v.action } as React.HTMLAttributes<HTMLElement>)}
                  columns={[
                    {
                      title: 'Vertex',
                      key: 'name',
                      render: (_, v) => (
                        <div>
                          <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>{v.name}</div>
                          <Typography.Text type="secondary" data-testid={`advice-reason-${v.id}`}>
                            {v.reason}
                          </Typography.Text>
                        </div>
                      ),
                    },
                    {
                      title: 'Parallelism',
                      key: 'parallelism',
                      width: 160,
                      render: (_, v) => (
                        <Space size={4}>
                          <span data-testid={`advice-parallelism-${v.id}`}>{`${v.parallelism} → ${v.recommendedParallelism}`}</span>
                          <Tag color={ACTION_COLOURS[v.action]}>{v.action}</Tag>
                        </Space>
                      ),
                    },
                    { title: 'Busy', dataIndex: 'busyPercent', width: 80, render: pct },
                    { title: 'Back-pressured', dataIndex: 'backpressuredPercent', width: 120, render: pct },
                    { title: 'Input rec/s', dataIndex: 'inputRate', width: 100, render: num },
                    { title: 'True rate', dataIndex: 'trueProcessingRate', width: 100, render: num },
                    { title: 'Target rate', dataIndex: 'targetRate', width: 100, render: num },
                    {
                      title: 'Backlog',
                      key: 'backlog',
                      width: 140,
                      render: (_, v) =>
                        v.pendingRecords == null && v.partitions == null
                          ? '–'
                          : [v.pendingRecords != null ? `${num(v.pendingRecords)} records` : null, v.partitions != null ? `${v.partitions} partitions` : null]
                              .filter(Boolean)
                              .join(', '),
                    },
                  ]}
                />
                </div>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  TaskManager memory
                </Typography.Title>
                <div data-testid="advice-taskmanagers" style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
                  {a.taskManagers.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No TaskManager memory measured yet" />
                  ) : (
                    a.taskManagers.map((t) => (
                      <Card
                        key={t.taskManager}
                        size="small"
                        style={{ width: 360 }}
                        data-testid={`advice-tm-${t.taskManager}`}
                        title={<span className="mono">{t.taskManager}</span>}
                        extra={<Tag color={ACTION_COLOURS[t.action]}>{t.action}</Tag>}
                      >
                        <div>
                          Heap {pct(t.heapUsedPercent)}, GC {num(t.gcTimeMsPerSecond)} ms/s, managed {pct(t.managedUsedPercent)}
                        </div>
                        <Typography.Text type="secondary">{t.reason}</Typography.Text>
                      </Card>
                    ))
                  )}
                </div>
              </>
            )
          )}
        </>
      )}
    </div>
  );
}
