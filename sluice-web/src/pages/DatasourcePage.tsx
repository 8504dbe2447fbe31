import { ApiOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Popconfirm, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import { DatasourceForm } from '../datasources/DatasourceForm';
import { ReadinessTab } from '../datasources/ReadinessTab';
import { SyncPlanTab } from '../datasources/SyncPlanTab';
import { TablesTab } from '../datasources/TablesTab';
import type { ConnectionTest, DataSource } from '../datasources/types';
import { formatTime } from '../detail/types';

const TABS = ['overview', 'tables', 'readiness', 'sync'] as const;
type Tab = (typeof TABS)[number];

/**
 * One data source: its settings and a connection test, its tables and columns, its CDC readiness
 * and the plan of a sync from it (`?tab=`).
 */
export function DatasourcePage() {
  const { name = '' } = useParams();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'overview';
  const tables = (params.get('tables') ?? '').split(',').filter((t) => t.length > 0);
  const [ds, setDs] = useState<DataSource | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setDs(await api.get<DataSource>(`/api/v1/datasources/${seg(name)}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [name]);
  useEffect(() => {
    load();
  }, [load]);

  /** Changes the tab or the ticked tables and keeps the rest of the address. */
  const update = (key: 'tab' | 'tables', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  if (!ds && !error) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!ds) {
    return error instanceof ApiError && error.status === 404 ? (
      <Result status="404" title={`No data source named '${name}'`} extra={<Link to="/datasources">Data sources</Link>} />
    ) : (
      <ErrorAlert error={error} />
    );
  }
  const mayDevelop = hasRole(me, ds.project, 'developer');
  return (
    <div data-testid="datasource-page">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {ds.name}
        </Typography.Title>
        <Tag>{ds.typeLabel}</Tag>
        <Typography.Text type="secondary">project {ds.project}</Typography.Text>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(t) => update('tab', t === 'overview' ? null : t)}
        items={[
          {
            key: 'overview',
            label: <span data-testid="datasource-tab-overview">Overview</span>,
            children: tab === 'overview' ? <Overview ds={ds} onChanged={load} /> : null,
          },
          {
            key: 'tables',
            label: <span data-testid="datasource-tab-tables">Tables</span>,
            children:
              tab === 'tables' ? (
                mayDevelop ? (
                  <TablesTab ds={ds} selected={tables} onSelect={(t) => update('tables', t.join(','))} />
                ) : (
                  <Alert type="info" showIcon title={`Browsing tables needs the developer role in project ${ds.project}`} />
                )
              ) : null,
          },
          {
            key: 'readiness',
            label: <span data-testid="datasource-tab-readiness">Readiness</span>,
            children: tab === 'readiness' ? <ReadinessTab ds={ds} tables={tables} mayCheck={mayDevelop} /> : null,
          },
          {
            key: 'sync',
            label: <span data-testid="datasource-tab-sync">Sync plan</span>,
            children: tab === 'sync' ? <SyncPlanTab ds={ds} tables={tables} mayPlan={mayDevelop} /> : null,
          },
        ]}
      />
    </div>
  );
}

function Overview({ ds, onChanged }: { ds: DataSource; onChanged: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [testing, setTesting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const mayDevelop = hasRole(me, ds.project, 'developer');
  const mayOperate = hasRole(me, ds.project, 'operator');

  const runTest = async () => {
    setTest(null);
    setTestError(null);
    setTesting(true);
    try {
      setTest(await api.post<ConnectionTest>(`/api/v1/datasources/${seg(ds.id)}/test`));
    } catch (e) {
      setTestError(e);
    } finally {
      setTesting(false);
    }
  };
  const remove = async () => {
    setActionError(null);
    try {
      await api.del(`/api/v1/datasources/${seg(ds.id)}`);
      navigate('/datasources');
    } catch (e) {
      setActionError(e);
    }
  };
  const operatorWhy = `Needs the operator role in project ${ds.project}`;
  return (
    <div data-testid="datasource-overview">
      <Space style={{ marginBottom: 12 }} wrap>
        <Gated allowed={mayDevelop} why={`Testing needs the developer role in project ${ds.project}`}>
          <Button icon={<ApiOutlined />} onClick={runTest} loading={testing} disabled={!mayDevelop} data-testid="test-connection">
            Test connection
          </Button>
        </Gated>
        <Gated allowed={mayOperate} why={operatorWhy}>
          <Button onClick={() => setEditing(true)} disabled={!mayOperate} data-testid="edit-datasource">
            Edit
          </Button>
        </Gated>
        <Gated allowed={mayOperate} why={operatorWhy}>
          <Popconfirm
            title={`Delete data source ${ds.name}?`}
            onConfirm={remove}
            disabled={!mayOperate}
            okButtonProps={{ 'data-testid': 'delete-datasource-confirm' } as never}
          >
            <Button danger disabled={!mayOperate} data-testid="delete-datasource">
              Delete
            </Button>
          </Popconfirm>
        </Gated>
      </Space>
      {test && (
        <Alert
          type={test.ok ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="test-ok"
          title={`Connected to ${test.product} ${test.version} in ${test.millis} ms`}
          description={test.message || undefined}
        />
      )}
      {testError != null && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="test-failed"
          title={testError instanceof ApiError ? testError.title : String(testError)}
          description={testError instanceof ApiError && testError.detail ? <span data-testid="test-failed-detail">{testError.detail}</span> : undefined}
        />
      )}
      <ErrorAlert error={actionError} style={{ marginBottom: 12 }} />
      <Descriptions bordered size="small" column={1} data-testid="datasource-settings">
        <Descriptions.Item label="Type">{ds.typeLabel}</Descriptions.Item>
        <Descriptions.Item label="Host">
          <span className="mono">{ds.host}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Port">{ds.port ?? ''}</Descriptions.Item>
        <Descriptions.Item label={ds.type === 'oracle' ? 'Service name' : 'Database'}>
          <span className="mono">{ds.database}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Username">
          <span className="mono">{ds.username}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Password secret">
          {ds.passwordSecret ? <span className="mono" data-testid="password-secret">{ds.passwordSecret}</span> : ''}
        </Descriptions.Item>
        <Descriptions.Item label="Description">{ds.description ?? ''}</Descriptions.Item>
        <Descriptions.Item label="Created">
          {formatTime(ds.createdAt)} by {ds.createdBy}
        </Descriptions.Item>
        <Descriptions.Item label="Updated">{formatTime(ds.updatedAt)}</Descriptions.Item>
      </Descriptions>
      {editing && (
        <DatasourceForm
          existing={ds}
          projects={[ds.project]}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
