import { App, Button, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useMe } from '../api/session';
import type { ClusterView } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';

export function ClustersPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [clusters, setClusters] = useState<ClusterView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>(null);

  const load = useCallback(() => {
    api
      .get<ClusterView[]>('/api/v1/clusters')
      .then((c) => {
        setClusters(c);
        setError(null);
      })
      .catch(setError);
  }, []);

  useEffect(() => {
    load();
    const t = setInterval(load, 10000);
    return () => clearInterval(t);
  }, [load]);

  const add = async (values: { name: string; restUrl: string; verify: boolean }) => {
    setAddError(null);
    try {
      await api.post('/api/v1/clusters', values);
      setAdding(false);
      message.success(`cluster ${values.name} registered`);
      load();
    } catch (e) {
      setAddError(e);
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Clusters
        </Typography.Title>
        {me?.admin && (
          <Button type="primary" onClick={() => setAdding(true)}>
            Register a session cluster
          </Button>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<ClusterView>
        rowKey="id"
        loading={clusters === null && !error}
        dataSource={clusters ?? []}
        pagination={false}
        locale={{ emptyText: 'No clusters' }}
        columns={[
          { title: 'Cluster', dataIndex: 'name' },
          { title: 'Kind', dataIndex: 'kind' },
          {
            title: 'REST URL',
            dataIndex: 'restUrl',
            render: (u: string) => (
              <a href={u} target="_blank" rel="noreferrer">
                {u}
              </a>
            ),
          },
          {
            title: 'Health',
            key: 'health',
            render: (_, c) =>
              c.health.reachable ? (
                <Tag color="green" data-testid="cluster-health">reachable</Tag>
              ) : (
                <Tag color="red" title={c.health.error ?? ''} data-testid="cluster-health">
                  unreachable
                </Tag>
              ),
          },
          { title: 'Flink', key: 'flink', render: (_, c) => c.health.flinkVersion ?? '' },
          { title: 'TaskManagers', key: 'tms', render: (_, c) => (c.health.reachable ? c.health.taskManagers : '') },
          {
            title: 'Slots (free / total)',
            key: 'slots',
            render: (_, c) => (c.health.reachable ? `${c.health.slotsAvailable} / ${c.health.slotsTotal}` : ''),
          },
          { title: 'Running jobs', key: 'jobs', render: (_, c) => (c.health.reachable ? c.health.jobsRunning : '') },
        ]}
        expandable={{
          showExpandColumn: (clusters ?? []).some((c) => !c.health.reachable && !!c.health.error),
          rowExpandable: (c) => !c.health.reachable && !!c.health.error,
          expandedRowRender: (c) => <Typography.Text type="danger">{c.health.error}</Typography.Text>,
        }}
      />
      <Modal open={adding} title="Register a session cluster" onCancel={() => setAdding(false)} footer={null} destroyOnHidden>
        <ErrorAlert error={addError} style={{ marginBottom: 12 }} />
        <Form layout="vertical" onFinish={add} initialValues={{ verify: true }}>
          <Form.Item label="Name" name="name" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item label="REST URL" name="restUrl" rules={[{ required: true }]}>
            <Input placeholder="http://jobmanager:8081" />
          </Form.Item>
          <Form.Item name="verify" valuePropName="checked">
            <Checkbox>Refuse it if it does not answer now</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            Register
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
