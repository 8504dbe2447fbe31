import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import { DatasourceForm } from '../datasources/DatasourceForm';
import { address, type DataSource } from '../datasources/types';
import { formatTime } from '../detail/types';

/** The databases jobs read from, of the projects the caller can read; an operator adds one. */
export function DatasourcesPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [project, setProject] = useState<string | undefined>(undefined);
  const [sources, setSources] = useState<DataSource[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(async () => {
    try {
      setSources(await api.get<DataSource[]>('/api/v1/datasources' + (project ? '?project=' + seg(project) : '')));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [project]);
  useEffect(() => {
    load();
  }, [load]);
  const projects = me?.projects.map((p) => p.project) ?? [];
  const operated = projects.filter((p) => hasRole(me, p, 'operator'));
  return (
    <div data-testid="datasources-page">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Data sources
        </Typography.Title>
        <Space>
          <Select
            allowClear
            placeholder="every project"
            style={{ width: 200 }}
            value={project}
            onChange={setProject}
            options={projects.map((p) => ({ value: p, label: p }))}
            data-testid="datasource-project-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload" />
          <Gated allowed={operated.length > 0} why="Adding a data source needs the operator role in a project">
            <Button type="primary" icon={<PlusOutlined />} disabled={operated.length === 0} onClick={() => setCreating(true)} data-testid="new-datasource">
              New data source
            </Button>
          </Gated>
        </Space>
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<DataSource>
        rowKey="id"
        size="middle"
        loading={sources === null && !error}
        dataSource={sources ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: 'No data source' }}
        onRow={(d) => ({ 'data-testid': 'datasource-row', 'data-name': d.name } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: 'Name', dataIndex: 'name', render: (n: string) => <Link to={'/datasources/' + seg(n)}>{n}</Link> },
          { title: 'Project', dataIndex: 'project' },
          { title: 'Type', dataIndex: 'typeLabel', render: (t: string) => <Tag>{t}</Tag> },
          { title: 'Address', key: 'address', render: (_, d) => <span className="mono">{address(d)}</span> },
          { title: 'Username', dataIndex: 'username', render: (u: string) => <span className="mono">{u}</span> },
          {
            title: 'Password secret',
            dataIndex: 'passwordSecret',
            render: (s: string | null) => (s ? <span className="mono">{s}</span> : <Typography.Text type="secondary">none</Typography.Text>),
          },
          { title: 'Updated', dataIndex: 'updatedAt', render: (t: string) => formatTime(t) },
        ]}
      />
      {creating && (
        <DatasourceForm
          projects={operated}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            navigate('/datasources/' + seg(saved.name));
          }}
        />
      )}
    </div>
  );
}
