import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import { formatDuration } from '../api/jobs';
import { hasRole, useMe } from '../api/session';
import type { Job } from '../api/types';
import { DeployDialog } from '../components/DeployDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { StateTag } from '../components/StateTag';

const ACTIVE = new Set(['RUNNING', 'RESTARTING', 'SUBMITTING', 'STOPPING']);

const NEW_SCRIPT = `-- A new job: declare its tables, then INSERT INTO a sink.
CREATE TABLE source_rows (
  id BIGINT,
  amount DECIMAL(10, 2)
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '5'
);

CREATE TABLE sink_rows (
  id BIGINT,
  amount DECIMAL(10, 2)
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO sink_rows SELECT id, amount FROM source_rows;
`;

function lastPart(path: string | null): string {
  if (!path) return '';
  const parts = path.replace(/\/+$/, '').split('/');
  return parts.slice(-2).join('/');
}

export function JobsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [deploying, setDeploying] = useState<Job | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const search = params.get('q') ?? '';
  const stateFilter = params.get('state') ?? '';

  const load = useCallback(async () => {
    try {
      const list = await api.get<Job[]>('/api/v1/jobs');
      // The list holds stored states; running ones are asked for their live state (restarts, checkpoint).
      const live = await Promise.all(
        list.map((j) =>
          ACTIVE.has(j.state) || j.desiredState === 'RUNNING'
            ? api.get<Job>('/api/v1/jobs/' + j.id).catch(() => j)
            : Promise.resolve(j),
        ),
      );
      setJobs(live);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    load();
    const t = setInterval(() => {
      load();
      setNow(Date.now());
    }, 5000);
    return () => clearInterval(t);
  }, [load]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const act = async (job: Job, label: string, call: () => Promise<unknown>) => {
    setBusy(job.name + ':' + label);
    try {
      await call();
      message.success(`${job.name}: ${label} done`);
    } catch (e) {
      message.error(`${job.name}: ${e instanceof ApiError ? e.message : String(e)}`, 8);
    } finally {
      setBusy(null);
      load();
    }
  };

  const stop = (job: Job) =>
    act(job, 'stop', () => api.post('/api/v1/jobs/' + job.id + '/stop', { savepoint: true, drain: false }));

  const restart = (job: Job) =>
    act(job, 'restart', async () => {
      await api.post('/api/v1/jobs/' + job.id + '/stop', { savepoint: true, drain: false });
      await api.post('/api/v1/jobs/' + job.id + '/deploy', { restore: 'latest' });
    });

  const states = useMemo(() => Array.from(new Set((jobs ?? []).map((j) => j.state))).sort(), [jobs]);
  const shown = useMemo(
    () =>
      (jobs ?? []).filter(
        (j) =>
          (!search || j.name.toLowerCase().includes(search.toLowerCase()) || j.project.includes(search)) &&
          (!stateFilter || j.state === stateFilter),
      ),
    [jobs, search, stateFilter],
  );

  const columns: ColumnsType<Job> = [
    {
      title: 'Job',
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string) => (
        <Link to={'/jobs/' + seg(name)} data-testid="job-link">
          {name}
        </Link>
      ),
    },
    { title: 'Project', dataIndex: 'project', sorter: (a, b) => a.project.localeCompare(b.project) },
    {
      title: 'State',
      key: 'state',
      render: (_, j) => <StateTag state={j.state} desired={j.desiredState} />,
      sorter: (a, b) => a.state.localeCompare(b.state),
    },
    { title: 'Cluster', dataIndex: 'cluster' },
    {
      title: 'Flink job',
      dataIndex: 'flinkJobId',
      render: (id: string | null) => (id ? <span className="mono">{id.slice(0, 8)}…</span> : ''),
    },
    {
      title: 'Uptime',
      key: 'uptime',
      render: (_, j) =>
        j.startedAt && ACTIVE.has(j.state) ? formatDuration(now - new Date(j.startedAt).getTime()) : '',
    },
    {
      title: 'Last checkpoint',
      dataIndex: 'lastCheckpoint',
      render: (p: string | null) => (
        <Tooltip title={p}>
          <span className="mono">{lastPart(p)}</span>
        </Tooltip>
      ),
    },
    { title: 'Restarts', dataIndex: 'restarts', render: (r: number | null) => (r == null ? '' : r) },
    { title: 'Version', key: 'version', render: (_, j) => `v${j.currentVersion}${j.deployedVersion && j.deployedVersion !== j.currentVersion ? ` (running v${j.deployedVersion})` : ''}` },
    {
      title: '',
      key: 'actions',
      render: (_, j) => {
        const operator = hasRole(me, j.project, 'operator');
        const running = ACTIVE.has(j.state);
        return (
          <Space size="small">
            <Link to={'/jobs/' + seg(j.name) + '/edit'}>Edit</Link>
            {operator && !running && (
              <Button size="small" type="primary" onClick={() => setDeploying(j)} data-testid="row-start">
                Start
              </Button>
            )}
            {operator && running && (
              <Popconfirm title={`Stop ${j.name} with a savepoint?`} onConfirm={() => stop(j)}>
                <Button size="small" loading={busy === j.name + ':stop'} data-testid="row-stop">
                  Stop
                </Button>
              </Popconfirm>
            )}
            {operator && running && (
              <Popconfirm title={`Stop ${j.name} with a savepoint and start it again from it?`} onConfirm={() => restart(j)}>
                <Button size="small" loading={busy === j.name + ':restart'}>
                  Restart
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  const developerProjects = (me?.projects ?? []).filter((p) => hasRole(me, p.project, 'developer')).map((p) => p.project);

  const create = async (values: { name: string; project: string }) => {
    setCreateError(null);
    try {
      await api.post('/api/v1/jobs', { name: values.name, type: 'SQL', project: values.project, script: NEW_SCRIPT, comment: 'created in the studio' });
      setCreating(false);
      navigate('/jobs/' + seg(values.name) + '/edit');
    } catch (e) {
      setCreateError(e);
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Typography.Title level={3} style={{ margin: 0 }}>
            Jobs
          </Typography.Title>
          <Input.Search
            allowClear
            placeholder="Search jobs"
            defaultValue={search}
            onSearch={(v) => setParam('q', v)}
            onChange={(e) => setParam('q', e.target.value)}
            style={{ width: 260 }}
            data-testid="job-search"
          />
          <Select
            allowClear
            placeholder="Any state"
            value={stateFilter || undefined}
            onChange={(v) => setParam('state', v ?? '')}
            style={{ width: 160 }}
            options={states.map((s) => ({ value: s, label: s }))}
          />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload" />
        </Space>
        {developerProjects.length > 0 && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-job">
            New job
          </Button>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<Job>
        rowKey="id"
        size="middle"
        loading={jobs === null && !error}
        columns={columns}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: jobs && jobs.length > 0 ? 'No job matches' : 'No jobs yet: create one with New job' }}
      />
      {deploying && (
        <DeployDialog
          job={deploying}
          open
          onClose={() => setDeploying(null)}
          onDeployed={() => {
            setDeploying(null);
            load();
          }}
        />
      )}
      <Modal open={creating} title="New SQL job" onCancel={() => setCreating(false)} footer={null} destroyOnHidden>
        <ErrorAlert error={createError} style={{ marginBottom: 12 }} />
        <Form layout="vertical" onFinish={create} initialValues={{ project: developerProjects[0] }}>
          <Form.Item
            label="Name"
            name="name"
            rules={[{ required: true, message: 'A job needs a name' }, { pattern: /^[A-Za-z][A-Za-z0-9_.-]*$/, message: 'Letters, digits, _ . - ; starting with a letter' }]}
          >
            <Input autoFocus data-testid="new-job-name" />
          </Form.Item>
          <Form.Item label="Project" name="project" rules={[{ required: true }]}>
            <Select options={developerProjects.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="new-job-create">
            Create and edit
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
