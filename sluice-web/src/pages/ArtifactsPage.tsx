import { ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { GrantsPanel } from '../artifacts/GrantsPanel';
import { fieldError, type ArtifactSummary, type ArtifactVersion, type FunctionView } from '../artifacts/types';
import { VersionFacts, VersionFunctions } from '../artifacts/VersionFunctions';
import { ErrorAlert } from '../components/ErrorAlert';

/** Artifacts (UDF jars) and the functions registered from them, one tab each (`?tab=functions`). */
export function ArtifactsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'functions' ? 'functions' : 'artifacts';
  return (
    <div data-testid="artifacts-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        Artifacts
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(t) => setParams(t === 'functions' ? { tab: t } : {}, { replace: true })}
        items={[
          { key: 'artifacts', label: <span data-testid="artifacts-tab-artifacts">Artifacts</span>, children: tab === 'artifacts' ? <ArtifactList /> : null },
          { key: 'functions', label: <span data-testid="artifacts-tab-functions">Functions</span>, children: tab === 'functions' ? <FunctionList /> : null },
        ]}
      />
    </div>
  );
}

function ArtifactList() {
  const me = useMe();
  const [project, setProject] = useState<string | undefined>(undefined);
  const [artifacts, setArtifacts] = useState<ArtifactSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setArtifacts(await api.get<ArtifactSummary[]>('/api/v1/artifacts' + (project ? '?project=' + seg(project) : '')));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [project]);
  useEffect(() => {
    load();
  }, [load]);
  const projects = me?.projects.map((p) => p.project) ?? [];
  const uploadable = projects.filter((p) => hasRole(me, p, 'developer'));
  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="every project"
          style={{ width: 200 }}
          value={project}
          onChange={setProject}
          options={projects.map((p) => ({ value: p, label: p }))}
          data-testid="artifact-project-filter"
        />
        <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload" />
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<ArtifactSummary>
        rowKey="name"
        size="middle"
        loading={artifacts === null && !error}
        dataSource={artifacts ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: 'No artifact' }}
        onRow={(a) => ({ 'data-testid': 'artifact-row', 'data-name': a.name } as React.HTMLAttributes<HTMLElement>)}
        expandable={{ expandedRowRender: (a) => <VersionFunctions v={a.latest} /> }}
        columns={[
          { title: 'Name', dataIndex: 'name', render: (n: string) => <Link to={'/artifacts/' + seg(n)}>{n}</Link> },
          { title: 'Project', dataIndex: 'project' },
          { title: 'Latest', key: 'latest', render: (_, a) => `v${a.latest.version} of ${a.versions}` },
          { title: 'File', key: 'file', render: (_, a) => <span className="mono">{a.latest.fileName}</span> },
          { title: 'Version', key: 'facts', render: (_, a) => <VersionFacts v={a.latest} /> },
          { title: 'Functions', key: 'functions', render: (_, a) => a.latest.functions.length },
        ]}
      />
      {uploadable.length > 0 && <UploadForm projects={uploadable} onUploaded={load} />}
    </div>
  );
}

interface UploadValues {
  name: string;
  project?: string;
  comment?: string;
}

/** Uploads a jar as a new version of an artifact; a 400 naming a field is shown on that field. */
export function UploadForm({ projects, onUploaded }: { projects: string[]; onUploaded: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: UploadValues) => {
    setError(null);
    setFileError(null);
    if (!file) {
      setFileError('file: Choose a jar');
      return;
    }
    const data = new FormData();
    data.append('file', file);
    data.append('name', v.name.trim());
    if (v.project) data.append('project', v.project);
    if (v.comment?.trim()) data.append('comment', v.comment.trim());
    setBusy(true);
    try {
      const saved = await api.postForm<ArtifactVersion>('/api/v1/artifacts', data);
      message.success(`Uploaded ${saved.artifact}:${saved.version}`);
      form.resetFields();
      setFile(null);
      onUploaded();
    } catch (e) {
      const f = fieldError(e);
      if (f?.field === 'file') setFileError(f.message);
      else if (f && (f.field === 'name' || f.field === 'project' || f.field === 'comment')) form.setFields([{ name: f.field, errors: [f.message] }]);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginTop: 24, maxWidth: 560 }} data-testid="upload-form">
      <Typography.Title level={5}>Upload a jar</Typography.Title>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ project: projects[0] }}>
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: 'Name the artifact' }]}>
          <Input data-testid="upload-name" placeholder="udflib" />
        </Form.Item>
        <Form.Item label="Project" name="project">
          <Select options={projects.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item label="Comment" name="comment">
          <Input data-testid="upload-comment" />
        </Form.Item>
        <Form.Item label="Jar file" validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
          <input
            type="file"
            accept=".jar"
            data-testid="upload-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(null);
            }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={busy} data-testid="upload-submit">
          Upload
        </Button>
      </Form>
    </div>
  );
}

/** The registered functions the caller sees: signatures, artifact:version, usable; upgrade, delete, grants. */
export function FunctionList() {
  const me = useMe();
  const [functions, setFunctions] = useState<FunctionView[] | null>(null);
  const [versions, setVersions] = useState<Record<string, number[]>>({});
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setFunctions(await api.get<FunctionView[]>('/api/v1/functions'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  const versionsOf = async (artifact: string) => {
    if (versions[artifact]) return;
    try {
      const list = await api.get<ArtifactVersion[]>(`/api/v1/artifacts/${seg(artifact)}/versions`);
      setVersions((v) => ({ ...v, [artifact]: list.map((x) => x.version) }));
    } catch (e) {
      setError(e);
    }
  };
  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<FunctionView>
        rowKey="name"
        size="middle"
        loading={functions === null && !error}
        dataSource={functions ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: 'No registered function' }}
        onRow={(f) => ({ 'data-testid': 'function-row', 'data-name': f.name } as React.HTMLAttributes<HTMLElement>)}
        expandable={{ expandedRowRender: (f) => <GrantsPanel on="function" name={f.name} mayGrant={hasRole(me, f.project, 'owner')} /> }}
        columns={[
          { title: 'Name', dataIndex: 'name', render: (n: string) => <span className="mono">{n}</span> },
          { title: 'Project', dataIndex: 'project' },
          { title: 'Kind', dataIndex: 'kind', render: (k: string) => <Tag>{k}</Tag> },
          { title: 'Signatures', dataIndex: 'signatures', render: (s: string[]) => s.map((x) => <div key={x} className="mono">{x}</div>) },
          {
            title: 'From',
            key: 'from',
            render: (_, f) => (
              <span>
                <Link to={'/artifacts/' + seg(f.artifact)}>{f.artifact}:{f.version}</Link> <span className="mono">{f.className}</span>
              </span>
            ),
          },
          { title: 'Usable', dataIndex: 'usable', render: (u: boolean) => (u ? <Tag color="green">you may use it</Tag> : <Tag>not granted to you</Tag>) },
          {
            title: '',
            key: 'actions',
            render: (_, f) =>
              hasRole(me, f.project, 'owner') ? (
                <Space>
                  <Select
                    size="small"
                    style={{ width: 130 }}
                    placeholder="upgrade to…"
                    data-testid="function-upgrade"
                    onOpenChange={(open) => open && versionsOf(f.artifact)}
                    options={(versions[f.artifact] ?? []).filter((v) => v !== f.version).map((v) => ({ value: v, label: `${f.artifact}:${v}` }))}
                    value={null}
                    onChange={(v: number) => act(() => api.put(`/api/v1/functions/${seg(f.name)}`, { version: v }))}
                  />
                  <Popconfirm title={`Delete function ${f.name}?`} onConfirm={() => act(() => api.del(`/api/v1/functions/${seg(f.name)}`))}>
                    <Button size="small" danger data-testid="function-delete">
                      Delete
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
