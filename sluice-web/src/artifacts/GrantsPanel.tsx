import { Button, Form, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime } from '../detail/types';
import type { Grant } from './types';

/** The USE grants on a function or an artifact, with a form to grant and a button to revoke. */
export function GrantsPanel({ on, name, mayGrant }: { on: 'function' | 'artifact'; name: string; mayGrant: boolean }) {
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ to: 'user' | 'role' | 'project'; who: string }>();

  const load = useCallback(async () => {
    try {
      setGrants(await api.get<Grant[]>(`/api/v1/grants?${on}=${seg(name)}`));
    } catch (e) {
      setError(e);
    }
  }, [on, name]);
  useEffect(() => {
    load();
  }, [load]);

  const grant = async (v: { to: 'user' | 'role' | 'project'; who: string }) => {
    setError(null);
    try {
      await api.post('/api/v1/grants', { [on]: name, [v.to]: v.who.trim() });
      form.resetFields(['who']);
      load();
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async (g: Grant) => {
    setError(null);
    try {
      await api.del(`/api/v1/grants/${g.id}`);
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid={`grants-${on}-${name}`}>
      <Typography.Text strong>USE grants on {on} {name}</Typography.Text>
      <ErrorAlert error={error} style={{ margin: '8px 0' }} />
      <Table<Grant>
        rowKey="id"
        size="small"
        pagination={false}
        loading={grants === null && !error}
        dataSource={grants ?? []}
        locale={{ emptyText: 'No grant' }}
        onRow={(g) => ({ 'data-testid': 'grant-row', 'data-grant-id': g.id } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: 'To', key: 'to', render: (_, g) => (g.user ? `user ${g.user}` : g.role ? `role ${g.role}` : `project ${g.project}`) },
          { title: 'Privilege', dataIndex: 'privilege' },
          { title: 'By', dataIndex: 'grantedBy' },
          { title: 'At', dataIndex: 'grantedAt', render: (t: string) => formatTime(t) },
          {
            title: '',
            key: 'revoke',
            render: (_, g) =>
              mayGrant ? (
                <Popconfirm title="Revoke this grant?" onConfirm={() => revoke(g)} okButtonProps={{ 'data-testid': 'revoke-confirm' } as never}>
                  <Button size="small" danger data-testid="revoke">
                    Revoke
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {mayGrant && (
        <Form form={form} layout="inline" style={{ marginTop: 8 }} onFinish={grant} initialValues={{ to: 'user', who: '' }}>
          <Form.Item name="to">
            <Select
              style={{ width: 110 }}
              options={[
                { value: 'user', label: 'user' },
                { value: 'role', label: 'role' },
                { value: 'project', label: 'project' },
              ]}
            />
          </Form.Item>
          <Form.Item name="who" rules={[{ required: true, whitespace: true, message: 'Who gets USE' }]}>
            <Input placeholder="bob, developer or a project" data-testid="grant-who" />
          </Form.Item>
          <Space>
            <Button htmlType="submit" data-testid="grant-add">
              Grant USE
            </Button>
          </Space>
        </Form>
      )}
    </div>
  );
}
