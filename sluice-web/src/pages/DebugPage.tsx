import { Badge, Button, Descriptions, Empty, Result, Segmented, Space, Spin, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import { formatDuration } from '../api/jobs';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ChangelogKind } from '../debug/ChangelogKind';
import { appendRows, cellText, cellValue, ENDED_COLOURS } from '../debug/rows';
import type { Job } from '../api/types';
import type { Column, RowView, RunView, StepView } from '../debug/types';

const PAGE = 500;
/** Pages read in one poll: a step far behind catches up over a few seconds without one huge burst. */
const PAGES_PER_POLL = 20;

type View = 'changelog' | 'table';

interface TableRow {
  key: number;
  values: unknown;
}

function valueColumns(columns: Column[]): ColumnsType<{ values: unknown }> {
  return columns.map((c, i) => ({
    title: (
      <span>
        {c.name} <Typography.Text type="secondary" style={{ fontSize: 11, fontWeight: 'normal' }}>{c.type}</Typography.Text>
      </span>
    ),
    key: 'c' + i,
    render: (_: unknown, r: { values: unknown }) => {
      const v = cellValue(r.values, columns, i);
      return v === null || v === undefined ? <Typography.Text type="secondary">NULL</Typography.Text> : <span className="mono">{cellText(v)}</span>;
    },
  }));
}

/** How a debug run is shown: which step, newest rows first, changelog or current table. */
export interface DebugRunSettings {
  step: string | null;
  order: string | null;
  view: string | null;
}

/** One debug run, on its own page: the settings live in the URL, so that a view can be shared. */
export function DebugPage() {
  const { runId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const setParam = useCallback(
    (key: keyof DebugRunSettings, value: string | null) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );
  return <DebugRunView runId={runId} settings={{ step: params.get('step'), order: params.get('order'), view: params.get('view') }} onSetting={setParam} />;
}

/** One debug run: its status and limits, and per step the rows its tap posted, as they arrive. */
export function DebugRunView({
  runId,
  settings,
  onSetting,
  embedded,
}: {
  runId: string;
  settings: DebugRunSettings;
  onSetting: (key: keyof DebugRunSettings, value: string | null) => void;
  /** Shown inside another page: no title of its own. */
  embedded?: boolean;
}) {
  const me = useMe();
  const [run, setRun] = useState<RunView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rows, setRows] = useState<Record<string, RowView[]>>({});
  const [table, setTable] = useState<{ step: string; rows: unknown[] } | null>(null);
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<unknown>(null);
  const [kick, setKick] = useState(0);
  const [jobName, setJobName] = useState<string | null>(null);
  const cursors = useRef<Record<string, number>>({});
  /** Steps read to their end after the run ended: nothing more will come. */
  const complete = useRef<Set<string>>(new Set());
  const newestFirst = settings.order === 'newest';
  const view: View = settings.view === 'table' ? 'table' : 'changelog';
  const chosen = settings.step;
  const step = run ? (run.steps.find((s) => s.name === chosen) ?? run.steps[0])?.name : chosen;

  useEffect(() => {
    cursors.current = {};
    complete.current = new Set();
    setRun(null);
    setRows({});
    setError(null);
  }, [runId]);

  // The job the run debugs, for a way back to its editor.
  const jobId = run?.jobId ?? null;
  useEffect(() => {
    if (jobId == null) return;
    let alive = true;
    api
      .get<Job>('/api/v1/jobs/' + jobId)
      .then((j) => alive && setJobName(j.name))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [jobId]);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const readRows = async (name: string) => {
      for (let page = 0; page < PAGES_PER_POLL; page++) {
        const after = cursors.current[name] ?? -1;
        const got = await api.get<RowView[]>(
          `/api/v1/debug-runs/${seg(runId)}/steps/${seg(name)}/rows?after=${after}&limit=${PAGE}`,
        );
        if (!alive) return false;
        if (got.length > 0) {
          cursors.current[name] = got[got.length - 1].seq;
          setRows((all) => ({ ...all, [name]: appendRows(all[name] ?? [], got) }));
        }
        if (got.length < PAGE) return true;
      }
      return false;
    };

    const tick = async () => {
      try {
        const r = await api.get<RunView>('/api/v1/debug-runs/' + seg(runId));
        if (!alive) return;
        setRun(r);
        setError(null);
        const name = (r.steps.find((s) => s.name === chosen) ?? r.steps[0])?.name;
        const running = r.status === 'RUNNING';
        let caughtUp = true;
        if (name && !complete.current.has(name)) {
          caughtUp = await readRows(name);
          if (!alive) return;
          if (!running && caughtUp) complete.current.add(name);
        }
        if (name && view === 'table') {
          const current = await api.get<unknown[]>(`/api/v1/debug-runs/${seg(runId)}/steps/${seg(name)}/table`);
          if (!alive) return;
          setTable({ step: name, rows: current });
        }
        if (running || !caughtUp) timer = setTimeout(tick, 1000);
      } catch (e) {
        if (!alive) return;
        setError(e);
        if (!(e instanceof ApiError && (e.status === 404 || e.status === 403))) timer = setTimeout(tick, 2000);
      }
    };
    tick();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [runId, chosen, view, kick]);

  const setParam = onSetting;

  const stop = async () => {
    setStopping(true);
    setStopError(null);
    try {
      setRun(await api.post<RunView>(`/api/v1/debug-runs/${seg(runId)}/stop`));
      setKick((k) => k + 1);
    } catch (e) {
      setStopError(e);
    } finally {
      setStopping(false);
    }
  };

  const current: StepView | undefined = run?.steps.find((s) => s.name === step);
  const changelogColumns = useMemo<ColumnsType<RowView>>(
    () => [
      { title: '#', dataIndex: 'seq', width: 70, render: (s: number) => <span className="mono">{s}</span> },
      { title: 'kind', dataIndex: 'kind', width: 70, render: (k: string) => <ChangelogKind kind={k} /> },
      ...(valueColumns(current?.columns ?? []) as ColumnsType<RowView>),
    ],
    [current],
  );
  const tableColumns = useMemo(() => valueColumns(current?.columns ?? []) as ColumnsType<TableRow>, [current]);

  if (error instanceof ApiError && (error.status === 404 || error.status === 403) && !run) {
    return <Result status="404" title="No such debug run" subTitle={error.detail} extra={<Link to="/jobs">Jobs</Link>} />;
  }
  if (!run) {
    return (
      <div data-testid="debug-run" style={{ textAlign: 'center', padding: 48 }}>
        {error ? <ErrorAlert error={error} /> : <Spin />}
      </div>
    );
  }

  const running = run.status === 'RUNNING';
  const stepRows = (step && rows[step]) || [];
  const ran = (run.endedAt ? new Date(run.endedAt).getTime() : Date.now()) - new Date(run.createdAt).getTime();

  return (
    <div data-testid="debug-run" data-run={run.id}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="start">
        <Space align="center">
          <Typography.Title level={embedded ? 5 : 3} style={{ margin: 0 }}>
            Debug run
          </Typography.Title>
          <span data-testid="debug-status" data-status={run.status}>
            <Tag color={ENDED_COLOURS[run.status] ?? 'default'}>{run.status}</Tag>
          </span>
          {run.live && <Tag color="volcano">live input</Tag>}
          {jobName && (
            <Link to={'/jobs/' + seg(jobName) + '/edit'} data-testid="debug-job">
              {jobName}
            </Link>
          )}
        </Space>
        {running && hasRole(me, run.project, 'developer') && (
          // No confirmation: stopping loses nothing, the rows so far are kept.
          <Button danger loading={stopping} data-testid="debug-stop" onClick={stop}>
            Stop
          </Button>
        )}
      </Space>
      <Descriptions
        size="small"
        column={4}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'id', label: 'Run', children: <span className="mono">{run.id}</span> },
          { key: 'project', label: 'Project', children: run.project },
          { key: 'started', label: 'Started', children: new Date(run.createdAt).toLocaleString() },
          { key: 'ran', label: running ? 'Running for' : 'Ran for', children: formatDuration(ran) },
          {
            key: 'limits',
            label: 'Limits',
            span: 4,
            children: (
              <span data-testid="debug-limits">
                {run.maxRowsPerStep} rows per step, {run.maxSeconds} s in all, ends when not read for {run.idleSeconds} s
              </span>
            ),
          },
          ...(run.reason
            ? [{ key: 'reason', label: 'Ended', span: 4, children: <span data-testid="debug-reason">{run.reason}</span> }]
            : []),
        ]}
      />
      <ErrorAlert error={stopError ?? error} style={{ marginBottom: 12 }} />
      {run.steps.length === 0 ? (
        <Empty description="The run has no steps" />
      ) : (
        <Tabs
          activeKey={step ?? undefined}
          onChange={(k) => setParam('step', k)}
          tabBarExtraContent={
            <Space>
              {view === 'changelog' && (
                <Space size={4}>
                  <Switch
                    size="small"
                    data-testid="debug-newest-first"
                    checked={newestFirst}
                    onChange={(on) => setParam('order', on ? 'newest' : null)}
                  />
                  <span>newest first</span>
                </Space>
              )}
            <Segmented<View>
              data-testid="debug-view"
              value={view}
              onChange={(v) => setParam('view', v === 'table' ? 'table' : null)}
              options={[
                { value: 'changelog', label: 'Changelog' },
                { value: 'table', label: 'Current table' },
              ]}
            />
            </Space>
          }
          items={run.steps.map((s) => ({
            key: s.name,
            label: (
              <span data-testid="debug-step-tab" data-step={s.name}>
                <span className="mono">{s.name}</span> <Tag variant="outlined">{s.kind}</Tag>
                <Badge count={s.rows} overflowCount={99999} showZero color={s.rows > 0 ? 'blue' : '#d9d9d9'} />
              </span>
            ),
          }))}
        />
      )}
      {current && view === 'changelog' && (
        <Table<RowView>
          rowKey="seq"
          size="small"
          columns={changelogColumns}
          dataSource={newestFirst ? [...stepRows].reverse() : stepRows}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'debug-row', 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ pageSize: 100, showSizeChanger: true, pageSizeOptions: [50, 100, 500], hideOnSinglePage: true }}
          locale={{ emptyText: running ? 'No rows yet: they show here as the step emits them' : 'The step emitted no rows' }}
        />
      )}
      {current && view === 'table' && (
        <Table<TableRow>
          size="small"
          loading={!table || table.step !== current.name}
          columns={tableColumns}
          dataSource={table && table.step === current.name ? table.rows.map((values, key) => ({ key, values })) : []}
          scroll={{ x: 'max-content' }}
          onRow={() => ({ 'data-testid': 'debug-table-row' }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ pageSize: 100, showSizeChanger: true, hideOnSinglePage: true }}
          locale={{ emptyText: 'The table is empty: every row was retracted, or none came' }}
        />
      )}
    </div>
  );
}
