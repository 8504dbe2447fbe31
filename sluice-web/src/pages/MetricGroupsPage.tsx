import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import type { VersionView } from '../metrics/types';

/** Every metric group the caller may read, with its latest version. */
export function MetricGroupsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [groups, setGroups] = useState<VersionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    api.get<VersionView[]>('/api/v1/metric-groups').then(setGroups).catch(setError);
  }, []);
  const shown = useMemo(() => (groups ?? []).filter((g) => !filter || g.name.includes(filter.toLowerCase()) || g.project.includes(filter)), [groups, filter]);
  const mayCreate = me?.admin || (me?.projects ?? []).some((p) => hasRole(me, p.project, 'developer'));
  return (
    <div data-testid="metric-groups-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Metric groups
        </Typography.Title>
        <Space>
          <Input.Search allowClear placeholder="name or project" value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 240 }} />
          {mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="mg-new" onClick={() => navigate('/metric-groups/new')}>
              New metric group
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">
        Real-time metrics built in forms: sources, preprocessing, metrics with windows and dimensions; each group compiles to one Flink SQL job,
        metrics.&lt;name&gt;.
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      <Table<VersionView>
        rowKey="name"
        size="small"
        loading={groups === null && !error}
        dataSource={shown}
        onRow={(g) => ({ 'data-testid': 'mg-row', 'data-name': g.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Group', key: 'name', render: (_, g) => <Link to={'/metric-groups/' + seg(g.name)}>{g.name}</Link> },
          { title: 'Project', dataIndex: 'project' },
          { title: 'Version', dataIndex: 'version', width: 90 },
          { title: 'Windows', key: 'windows', render: (_, g) => Object.keys(g.windows ?? {}).join(', ') },
          { title: 'Saved', key: 'at', render: (_, g) => `${new Date(g.createdAt).toLocaleString()} by ${g.author}` },
          { title: 'Job', key: 'job', render: (_, g) => <Link to={'/jobs/' + seg('metrics.' + g.name)}>metrics.{g.name}</Link> },
        ]}
        locale={{ emptyText: 'No metric groups yet' }}
      />
    </div>
  );
}
