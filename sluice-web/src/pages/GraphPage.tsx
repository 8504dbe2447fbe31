import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, seg } from '../api/client';
import { useJob } from '../api/jobs';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { StateTag } from '../components/StateTag';
import { usePolled } from '../detail/usePolled';
import { JobGraph } from '../graph/JobGraph';
import { planToGraph, runningToGraph, type GraphModel } from '../graph/model';
import { overridesByVertex } from '../graph/parallelism';
import { ParallelismPanel } from '../graph/ParallelismPanel';
import type { ParallelismSettings, PlanResult, RunningGraph } from '../graph/types';

const LIVE = new Set(['RUNNING', 'RESTARTING', 'SUBMITTING', 'STOPPING']);
type Mode = 'plan' | 'running';

/** The job graph of the current script, or of the running Flink job with live load per vertex. */
export function GraphPage() {
  const { name } = useParams();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { job, error: jobError, loading: jobLoading } = useJob(name);
  const asked = params.get('mode');
  const mode: Mode = asked === 'plan' || asked === 'running' ? asked : job && LIVE.has(job.state) ? 'running' : 'plan';
  const setMode = (m: Mode) => {
    const next = new URLSearchParams(params);
    next.set('mode', m);
    setParams(next, { replace: true });
  };
  const [selected, setSelected] = useState<string | null>(null);
  const [settings, setSettings] = useState<ParallelismSettings | null>(null);
  const [settingsError, setSettingsError] = useState<unknown>(null);

  const jobId = job?.id;
  const plan = usePolled<PlanResult>(
    jobId != null && mode === 'plan' ? () => api.get<PlanResult>(`/api/v1/jobs/${jobId}/plan`) : null,
    `plan:${jobId}:${mode}`,
    null,
  );
  const running = usePolled<RunningGraph>(
    jobId != null && mode === 'running' ? () => api.get<RunningGraph>(`/api/v1/jobs/${jobId}/vertices`) : null,
    `running:${jobId}:${mode}`,
    mode === 'running' ? 5000 : null,
  );

  useEffect(() => {
    if (jobId == null) return;
    let alive = true;
    api
      .get<ParallelismSettings>(`/api/v1/jobs/${jobId}/parallelism`)
      .then((s) => alive && (setSettings(s), setSettingsError(null)))
      .catch((e) => alive && setSettingsError(e));
    return () => {
      alive = false;
    };
  }, [jobId]);

  useEffect(() => setSelected(null), [mode]);

  const graph: GraphModel | null = useMemo(() => {
    if (mode === 'plan') return plan.data ? planToGraph(plan.data.graph) : null;
    return running.data ? runningToGraph(running.data) : null;
  }, [mode, plan.data, running.data]);
  const overrides = useMemo(() => (graph ? overridesByVertex(graph, settings) : {}), [graph, settings]);

  if (jobLoading && !job) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!job) return <ErrorAlert error={jobError} />;

  const current = mode === 'plan' ? plan : running;
  const vertex = graph?.vertices.find((v) => v.id === selected) ?? null;
  const mayEdit = hasRole(me, job.project, 'operator');

  let body;
  if (current.loading && !graph) {
    body = <Spin style={{ display: 'block', margin: 48 }} data-testid="graph-loading" />;
  } else if (current.error && !graph) {
    body = <ErrorAlert error={current.error} />;
  } else if (!graph || graph.vertices.length === 0) {
    body =
      mode === 'running' ? (
        <Result
          status="info"
          title="Not running"
          subTitle="The cluster runs no Flink job of this job: the script's plan shows the graph it would run."
          extra={<Button onClick={() => setMode('plan')}>Show the script plan</Button>}
          data-testid="graph-empty"
        />
      ) : (
        <Empty description="The plan has no vertices" data-testid="graph-empty" />
      );
  } else {
    body = (
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <JobGraph graph={graph} selected={selected} onSelect={setSelected} overrides={overrides} height="calc(100vh - 200px)" />
        </div>
        <div style={{ width: 320, flex: 'none', maxHeight: 'calc(100vh - 200px)', overflow: 'auto' }}>
          <ParallelismPanel
            jobId={job.id}
            vertex={vertex}
            settings={settings}
            settingsError={settingsError}
            mayEdit={mayEdit}
            onSaved={(s) => {
              setSettings(s);
              if (mode === 'plan') plan.reload();
            }}
          />
        </div>
      </div>
    );
  }

  return (
    <div data-testid="graph-page">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            <Link to={'/jobs/' + seg(job.name)}>{job.name}</Link> · graph
          </Typography.Title>
          <StateTag state={job.state} desired={job.desiredState} />
          <Space.Compact>
            <Button type={mode === 'plan' ? 'primary' : 'default'} onClick={() => setMode('plan')} data-testid="graph-mode-plan">
              Script plan
            </Button>
            <Button type={mode === 'running' ? 'primary' : 'default'} onClick={() => setMode('running')} data-testid="graph-mode-running">
              Running job
            </Button>
          </Space.Compact>
          <Button icon={<ReloadOutlined />} aria-label="reload" onClick={() => current.reload()} />
        </Space>
        <Space>
          {mode === 'running' && running.data?.flinkJobId && (
            <Typography.Text type="secondary">
              Flink job <span className="mono">{running.data.flinkJobId}</span>
              {running.data.state ? <Tag style={{ marginLeft: 8 }}>{running.data.state}</Tag> : null}
              {running.data.at ? ` at ${new Date(running.data.at).toLocaleTimeString()}` : ''}
            </Typography.Text>
          )}
          {mode === 'plan' && <Typography.Text type="secondary">v{job.currentVersion}, as it would be deployed</Typography.Text>}
        </Space>
      </Space>
      {current.error && graph ? <ErrorAlert error={current.error} style={{ marginBottom: 12 }} /> : null}
      {body}
    </div>
  );
}
