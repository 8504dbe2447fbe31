import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Popconfirm, Result, Space, Spin, Tabs, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, seg } from '../api/client';
import { formatDuration, useJob } from '../api/jobs';
import { hasRole, useMe } from '../api/session';
import type { ClusterView, Job, Savepoint } from '../api/types';
import { DeployDialog } from '../components/DeployDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { StateTag } from '../components/StateTag';
import { AdviceTab } from '../detail/AdviceTab';
import { CheckpointsTab } from '../detail/CheckpointsTab';
import { ExceptionsTab } from '../detail/ExceptionsTab';
import { FunctionsTab } from '../detail/FunctionsTab';
import { LineageTab } from '../detail/LineageTab';
import { MetricsTab } from '../detail/MetricsTab';
import { SavepointsTab } from '../detail/SavepointsTab';
import { failureSummary, formatTime, type JobExceptions } from '../detail/types';
import { RecoveryTab } from '../detail/RecoveryTab';
import { usePolled } from '../detail/usePolled';
import { VersionsTab } from '../detail/VersionsTab';

/** States in which the job changes by itself, so the page keeps asking. */
export const ACTIVE_STATES = new Set(['RUNNING', 'RESTARTING', 'SUBMITTING', 'DEPLOYING', 'INITIALIZING', 'STOPPING', 'CANCELLING', 'FAILING']);

/** The Flink web UI's page of the job, on the cluster the job runs on. */
export function flinkUiUrl(job: Pick<Job, 'cluster' | 'flinkJobId'>, clusters: ClusterView[] | null): string | null {
  if (!job.flinkJobId || !clusters) return null;
  const cluster = clusters.find((c) => c.name === job.cluster);
  if (!cluster?.restUrl) return null;
  return `${cluster.restUrl.replace(/\/+$/, '')}/#/job/running/${job.flinkJobId}/overview`;
}

const TABS = ['checkpoints', 'metrics', 'savepoints', 'exceptions', 'recovery', 'advice', 'versions', 'functions', 'lineage'] as const;
const TAB_LABELS: Record<(typeof TABS)[number], string> = {
  checkpoints: 'Checkpoints',
  metrics: 'Metrics',
  savepoints: 'Savepoints',
  exceptions: 'Exceptions',
  recovery: 'Events & recovery',
  advice: 'Advice',
  versions: 'Versions',
  functions: 'Functions',
  lineage: 'Lineage',
};

export function JobDetailPage() {
  const { name } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { job, error, loading, reload } = useJob(name);
  const active = !!job && ACTIVE_STATES.has(job.state);
  // Also while the server is to bring the job where it is wanted (a deploy or stop under way).
  const polling = active || (!!job && job.desiredState === 'RUNNING' && job.state !== 'RUNNING');
  const [now, setNow] = useState(Date.now());
  const [deploying, setDeploying] = useState(false);
  const [restoreFrom, setRestoreFrom] = useState<string | undefined>(undefined);
  const [stopping, setStopping] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [clusters, setClusters] = useState<ClusterView[] | null>(null);

  useEffect(() => {
    if (!polling) return;
    const t = setInterval(() => {
      reload();
      setNow(Date.now());
    }, 5000);
    return () => clearInterval(t);
  }, [polling, reload]);

  useEffect(() => {
    let alive = true;
    api
      .get<ClusterView[]>('/api/v1/clusters')
      .then((c) => alive && setClusters(c))
      .catch(() => alive && setClusters([]));
    return () => {
      alive = false;
    };
  }, []);

  const jobId = job?.id;
  const exceptions = usePolled<JobExceptions>(
    jobId != null ? () => api.get<JobExceptions>(`/api/v1/jobs/${jobId}/exceptions`) : null,
    `ex:${jobId}:${job?.flinkJobId}:${job?.state}`,
    active ? 5000 : null,
  );

  if (loading && !job) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!job) return error?.status === 404 ? <Result status="404" title={`No job named '${name}'`} extra={<Link to="/jobs">Jobs</Link>} /> : <ErrorAlert error={error} />;

  const mayOperate = hasRole(me, job.project, 'operator');
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'checkpoints';
  const setTab = (t: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', t);
    setParams(next, { replace: true });
  };
  const flinkUi = flinkUiUrl(job, clusters);
  const rootCause = exceptions.data?.rootCause ?? null;

  const stop = async () => {
    setStopping(true);
    setActionError(null);
    try {
      const r = await api.post<{ savepointPath: string | null }>(`/api/v1/jobs/${job.id}/stop`, { savepoint: true, drain: false });
      message.success(r?.savepointPath ? `Stopped with savepoint ${r.savepointPath}` : 'Stopped');
    } catch (e) {
      setActionError(e);
    } finally {
      setStopping(false);
      reload();
    }
  };

  const restore = (sp: Savepoint) => {
    setRestoreFrom(sp.path);
    setDeploying(true);
  };
  const closeDeploy = () => {
    setDeploying(false);
    setRestoreFrom(undefined);
  };

  const panes: Record<(typeof TABS)[number], React.ReactNode> = {
    checkpoints: <CheckpointsTab job={job} live={active} />,
    metrics: <MetricsTab job={job} live={active} />,
    savepoints: <SavepointsTab job={job} live={active} mayOperate={mayOperate} onRestore={restore} />,
    exceptions: <ExceptionsTab job={job} exceptions={exceptions.data} error={exceptions.error} loading={exceptions.loading} />,
    recovery: <RecoveryTab job={job} live={polling} mayOperate={mayOperate} />,
    advice: <AdviceTab job={job} live={polling} mayOperate={mayOperate} />,
    versions: <VersionsTab job={job} />,
    functions: <FunctionsTab job={job} mayDevelop={hasRole(me, job.project, 'developer')} onUpgraded={reload} />,
    lineage: <LineageTab job={job} />,
  };

  return (
    <div data-testid="job-detail" data-job-id={job.id}>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {job.name}
          </Typography.Title>
          <StateTag state={job.state} desired={job.desiredState} />
          <Button icon={<ReloadOutlined />} aria-label="reload" onClick={() => { reload(); exceptions.reload(); setNow(Date.now()); }} />
        </Space>
        <Space wrap>
          <Link to={`/jobs/${seg(job.name)}/edit`}>
            <Button data-testid="edit-job">Edit</Button>
          </Link>
          <Link to={`/jobs/${seg(job.name)}/graph`}>
            <Button data-testid="graph-job">Graph</Button>
          </Link>
          {flinkUi && (
            <a href={flinkUi} target="_blank" rel="noreferrer" data-testid="flink-ui-link">
              <Button>Flink UI</Button>
            </a>
          )}
          {mayOperate && (
            <Tooltip title={active ? 'Stop the job first: a running job is not deployed again' : undefined}>
              <Button type={active ? 'default' : 'primary'} onClick={() => { setRestoreFrom(undefined); setDeploying(true); }} disabled={active} data-testid="deploy-job">
                Deploy
              </Button>
            </Tooltip>
          )}
          {mayOperate && active && (
            <Popconfirm title={`Stop ${job.name} with a savepoint?`} onConfirm={stop} okButtonProps={{ 'data-testid': 'stop-job-confirm' } as React.ComponentProps<typeof Button>}>
              <Button danger loading={stopping} data-testid="stop-job">
                Stop with savepoint
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <ErrorAlert error={actionError} style={{ marginBottom: 12 }} />
      {error && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }} data-testid="job-status" data-state={job.state}>
        <Descriptions.Item label="State">
          <StateTag state={job.state} desired={job.desiredState} />
          {!job.clusterReachable && <Typography.Text type="warning"> cluster unreachable</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="Flink job">
          {job.flinkJobId ? <Typography.Text className="mono" copyable>{job.flinkJobId}</Typography.Text> : 'none'}
          {job.flinkState && job.flinkState !== job.state ? ` (${job.flinkState})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="Cluster">{job.cluster}</Descriptions.Item>
        <Descriptions.Item label="Started">{job.startedAt ? formatTime(job.startedAt) : '–'}</Descriptions.Item>
        <Descriptions.Item label="Uptime">
          {job.startedAt && active ? formatDuration(Math.max(now, Date.now()) - new Date(job.startedAt).getTime()) || '0s' : '–'}
        </Descriptions.Item>
        <Descriptions.Item label="Restarts">{job.restarts ?? '–'}</Descriptions.Item>
        <Descriptions.Item label="Version">
          v{job.currentVersion} current
          {job.deployedVersion != null ? `, v${job.deployedVersion} deployed` : ', never deployed'}
        </Descriptions.Item>
        <Descriptions.Item label="Project">{job.project}</Descriptions.Item>
        <Descriptions.Item label="Last savepoint">
          <span className="mono" style={{ wordBreak: 'break-all' }}>{job.lastSavepoint ?? '–'}</span>
        </Descriptions.Item>
      </Descriptions>
      {(rootCause || job.lastError) && (
        <Alert
          type={job.state === 'RUNNING' ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="last-error"
          title={rootCause ? `Last failure: ${failureSummary(rootCause)}` : `Last error: ${job.lastError}`}
          description={
            <div>
              {rootCause && (
                <div>
                  {formatTime(rootCause.timestamp)}
                  {rootCause.taskName ? ` in ${rootCause.taskName}` : ''}
                  {rootCause.location ? ` on ${rootCause.location}` : ''}{' '}
                  <a onClick={() => setTab('exceptions')}>stack trace</a>
                </div>
              )}
              {rootCause && job.lastError && <div>Server: {job.lastError}</div>}
            </div>
          }
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={TABS.map((t) => ({
          key: t,
          label: <span data-testid={`tab-${t}`}>{TAB_LABELS[t]}</span>,
          children: tab === t ? panes[t] : null,
        }))}
      />
      {deploying && (
        <DeployDialog
          job={job}
          open
          initialRestore={restoreFrom}
          onClose={closeDeploy}
          onDeployed={() => {
            closeDeploy();
            reload();
          }}
        />
      )}
    </div>
  );
}
