import { Alert, App, Button, Card, Descriptions, Empty, Input, InputNumber, Popconfirm, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
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

/** One window of a scaling policy's schedule: the default parallelism from `from` (inclusive) to `to`. */
export interface ScheduleWindow {
  from: string;
  to: string;
  parallelism: number;
}

/** GET and PUT /api/v1/jobs/{id}/scaling-policy */
export interface ScalingPolicyView {
  jobId: number;
  job: string;
  source: 'job' | 'tier' | string;
  auto: boolean;
  minParallelism: number;
  /** 0: up to each vertex's max parallelism. */
  maxParallelism: number;
  coolDown: string;
  scaleDownDelay: string;
  utilization: number;
  catchUp: string;
  zone: string;
  schedule: ScheduleWindow[];
  lastScaledAt: string | null;
  scaleDownSince: string | null;
}

/** What the form edits; a number left empty is sent as null so the server names the field. */
export interface ScalingForm {
  auto: boolean;
  minParallelism: number | null;
  maxParallelism: number | null;
  coolDown: string;
  scaleDownDelay: string;
  utilization: number | null;
  catchUp: string;
  zone: string;
  schedule: { from: string; to: string; parallelism: number | null }[];
}

const SCALAR_FIELDS = ['auto', 'minParallelism', 'maxParallelism', 'coolDown', 'scaleDownDelay', 'utilization', 'catchUp', 'zone'] as const;

function formOf(p: ScalingPolicyView): ScalingForm {
  return { ...Object.fromEntries(SCALAR_FIELDS.map((k) => [k, p[k]])), schedule: p.schedule.map((w) => ({ ...w })) } as ScalingForm;
}

/** The body of PUT /scaling-policy: only the fields that differ from the policy shown; the schedule whole when any window differs. */
export function scalingChanges(current: ScalingPolicyView, form: ScalingForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of SCALAR_FIELDS) if (form[key] !== current[key]) body[key] = form[key];
  const same =
    form.schedule.length === current.schedule.length &&
    form.schedule.every((w, i) => w.from === current.schedule[i].from && w.to === current.schedule[i].to && w.parallelism === current.schedule[i].parallelism);
  if (!same) body.schedule = form.schedule.map((w) => ({ from: w.from, to: w.to, parallelism: w.parallelism }));
  return body;
}

export const parallelismBounds = (p: Pick<ScalingPolicyView, 'minParallelism' | 'maxParallelism'>) =>
  `${p.minParallelism}–${p.maxParallelism === 0 ? "each vertex's max" : p.maxParallelism}`;

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
const when = (t: string | null) => (t ? new Date(t).toLocaleString() : '–');

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
      <ScalingPolicyCard job={job} live={live} mayOperate={mayOperate} />
    </div>
  );
}

/** The job's scaling policy (automatic mode and schedule), shown whether or not the job runs; an operator changes it. */
function ScalingPolicyCard({ job, live, mayOperate }: { job: Job; live: boolean; mayOperate: boolean }) {
  const { message } = App.useApp();
  const policy = usePolled<ScalingPolicyView>(() => api.get(`/api/v1/jobs/${job.id}/scaling-policy`), `sp:${job.id}:${job.state}`, live ? 15000 : null);
  // The PUT's answer, shown until a newer GET replaces what it was saved over.
  const [saved, setSaved] = useState<{ over: ScalingPolicyView | null; value: ScalingPolicyView } | null>(null);
  const [draft, setDraft] = useState<ScalingForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const p = saved && saved.over === policy.data ? saved.value : policy.data;

  const set = <K extends keyof ScalingForm>(key: K, value: ScalingForm[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const setWindow = (i: number, change: Partial<ScalingForm['schedule'][number]>) =>
    setDraft((d) => (d ? { ...d, schedule: d.schedule.map((w, j) => (j === i ? { ...w, ...change } : w)) } : d));

  const save = async () => {
    if (!p || !draft) return;
    const body = scalingChanges(p, draft);
    if (Object.keys(body).length === 0) {
      setDraft(null);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const value = await api.put<ScalingPolicyView>(`/api/v1/jobs/${job.id}/scaling-policy`, body);
      setSaved({ over: policy.data, value });
      setDraft(null);
      message.success('Scaling policy saved');
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const field = (label: string, control: React.ReactNode) => (
    <Space size={6}>
      <span>{label}</span>
      {control}
    </Space>
  );

  return (
    <Card
      size="small"
      data-testid="scaling-policy"
      style={{ marginTop: 16 }}
      loading={policy.loading && !p && !policy.error}
      title={
        <Space>
          Scaling policy
          {p && <Tag data-testid="scaling-source">{p.source === 'job' ? 'own policy' : 'tier default'}</Tag>}
        </Space>
      }
      extra={
        p && mayOperate && !draft ? (
          <Button
            size="small"
            data-testid="scaling-change"
            onClick={() => {
              setSaveError(null);
              setDraft(formOf(p));
            }}
          >
            Change
          </Button>
        ) : null
      }
    >
      {!p ? (
        <ErrorAlert error={policy.error} />
      ) : !draft ? (
        <>
          <Descriptions
            size="small"
            column={3}
            items={[
              {
                key: 'auto',
                label: 'Automatic mode',
                children: (
                  <span data-testid="scaling-auto" data-auto={String(p.auto)}>
                    {p.auto ? 'on' : 'off'}
                  </span>
                ),
              },
              { key: 'bounds', label: 'Parallelism', children: <span data-testid="scaling-bounds">{parallelismBounds(p)}</span> },
              { key: 'sizing', label: 'Sized for', children: `${numbers.format(p.utilization * 100)}% busy, backlog caught up in ${p.catchUp}` },
              { key: 'coolDown', label: 'Cool-down', children: p.coolDown },
              { key: 'scaleDownDelay', label: 'Scale-down delay', children: p.scaleDownDelay },
              { key: 'zone', label: 'Zone', children: p.zone },
              { key: 'lastScaledAt', label: 'Last scaled', children: p.lastScaledAt ? when(p.lastScaledAt) : 'never' },
              { key: 'scaleDownSince', label: 'Scale-down pending since', span: 2, children: p.scaleDownSince ? when(p.scaleDownSince) : 'none pending' },
            ]}
          />
          <Typography.Text strong style={{ display: 'block', margin: '8px 0 4px' }}>
            Schedule
          </Typography.Text>
          <Table<ScheduleWindow & { i: number }>
            rowKey="i"
            size="small"
            pagination={false}
            style={{ maxWidth: 480 }}
            dataSource={p.schedule.map((w, i) => ({ ...w, i }))}
            locale={{ emptyText: 'No schedule: the default parallelism changes only by the advice' }}
            onRow={(w) => ({ 'data-testid': `scaling-window-${w.i}` } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: 'From', dataIndex: 'from' },
              { title: 'To', dataIndex: 'to' },
              { title: 'Default parallelism', dataIndex: 'parallelism' },
            ]}
          />
        </>
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {saveError ? (
            <div data-testid="scaling-error">
              <ErrorAlert error={saveError} />
            </div>
          ) : null}
          <Space wrap size={[16, 8]}>
            {field('Automatic mode', <Switch aria-label="Automatic mode" data-testid="scaling-auto-switch" checked={draft.auto} onChange={(v) => set('auto', v)} />)}
            {field(
              'Parallelism from',
              <InputNumber aria-label="Minimum parallelism" min={1} value={draft.minParallelism} onChange={(v) => set('minParallelism', v)} style={{ width: 80 }} />,
            )}
            {field(
              'to (0: each vertex’s max)',
              <InputNumber aria-label="Maximum parallelism" min={0} value={draft.maxParallelism} onChange={(v) => set('maxParallelism', v)} style={{ width: 80 }} />,
            )}
            {field(
              'Busy target',
              <InputNumber aria-label="Utilisation" min={0.05} max={1} step={0.05} value={draft.utilization} onChange={(v) => set('utilization', v)} style={{ width: 80 }} />,
            )}
            {field('Catch up in', <Input aria-label="Catch up in" value={draft.catchUp} onChange={(e) => set('catchUp', e.target.value)} style={{ width: 80 }} />)}
            {field('Cool-down', <Input aria-label="Cool-down" value={draft.coolDown} onChange={(e) => set('coolDown', e.target.value)} style={{ width: 80 }} />)}
            {field(
              'Scale-down delay',
              <Input aria-label="Scale-down delay" value={draft.scaleDownDelay} onChange={(e) => set('scaleDownDelay', e.target.value)} style={{ width: 80 }} />,
            )}
            {field('Zone', <Input aria-label="Zone" value={draft.zone} onChange={(e) => set('zone', e.target.value)} style={{ width: 160 }} />)}
          </Space>
          <div>
            <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
              Schedule
            </Typography.Text>
            {draft.schedule.length === 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                No windows: saving with none clears the schedule.
              </Typography.Text>
            )}
            {draft.schedule.map((w, i) => (
              <Space key={i} size={6} style={{ display: 'flex', marginBottom: 6 }} data-testid={`scaling-window-${i}`}>
                <span>From</span>
                <Input aria-label={`Window ${i + 1} from`} placeholder="08:00" value={w.from} onChange={(e) => setWindow(i, { from: e.target.value })} style={{ width: 80 }} />
                <span>to</span>
                <Input aria-label={`Window ${i + 1} to`} placeholder="20:00" value={w.to} onChange={(e) => setWindow(i, { to: e.target.value })} style={{ width: 80 }} />
                <span>parallelism</span>
                <InputNumber aria-label={`Window ${i + 1} parallelism`} min={1} value={w.parallelism} onChange={(v) => setWindow(i, { parallelism: v })} style={{ width: 80 }} />
                <Button
                  size="small"
                  aria-label={`Remove window ${i + 1}`}
                  data-testid={`scaling-remove-window-${i}`}
                  onClick={() => set('schedule', draft.schedule.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </Space>
            ))}
            <Button size="small" data-testid="scaling-add-window" onClick={() => set('schedule', [...draft.schedule, { from: '', to: '', parallelism: 1 }])}>
              Add window
            </Button>
          </div>
          <Space>
            <Button type="primary" loading={saving} onClick={save} data-testid="scaling-save">
              Save
            </Button>
            <Button onClick={() => setDraft(null)} data-testid="scaling-cancel">
              Cancel
            </Button>
          </Space>
        </div>
      )}
    </Card>
  );
}
