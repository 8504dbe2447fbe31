import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ProjectSelect, useAlertsProject } from './project';
import { SEVERITIES, SEVERITY_COLOURS, type ChannelView, type Delivery } from './types';

const DELIVERY_COLOURS: Record<string, string> = { delivered: 'green', failed: 'red', pending: 'orange' };

export interface ChannelForm {
  type: 'webhook' | 'email';
  name: string;
  url?: string;
  host?: string;
  port?: number | null;
  from?: string;
  to?: string[];
  username?: string;
  password?: string;
  tiers: string[];
}

/** The POST /api/v1/channels body of the form: only the type's fields, blank ones left out. */
export function channelBody(project: string, f: ChannelForm): Record<string, unknown> {
  const body: Record<string, unknown> = { name: f.name.trim(), type: f.type, project };
  const put = (key: string, v: string | undefined) => {
    if (v?.trim()) body[key] = v.trim();
  };
  if (f.type === 'webhook') {
    put('url', f.url);
  } else {
    put('host', f.host);
    if (f.port != null) body.port = f.port;
    put('from', f.from);
    body.to = f.to ?? [];
    put('username', f.username);
    put('password', f.password);
  }
  body.tiers = f.tiers;
  return body;
}

/** Where a channel sends: its URL, or the mail recipients. */
export function recipient(c: ChannelView): string {
  if (c.url) return c.url;
  if (c.to && c.to.length > 0) return c.to.join(', ');
  return '';
}

/** What became of a delivery, in a few words: its state and the last attempt's outcome. */
function DeliveryOutcome({ d, testid }: { d: Delivery; testid?: string }) {
  const last = d.log.length > 0 ? d.log[d.log.length - 1].detail : d.lastError;
  return (
    <Space size={4} data-testid={testid}>
      <Tag color={DELIVERY_COLOURS[d.state] ?? 'default'}>{d.state}</Tag>
      {last && <span className="mono">{last}</span>}
    </Space>
  );
}

function Deliveries({ channel }: { channel: string }) {
  const [list, setList] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<Delivery[]>('/api/v1/channels/' + seg(channel) + '/deliveries?limit=20')
      .then(setList)
      .catch(setError);
  }, [channel]);
  if (error) return <ErrorAlert error={error} />;
  return (
    <Table<Delivery>
      rowKey="id"
      size="small"
      loading={list === null}
      dataSource={list ?? []}
      pagination={false}
      locale={{ emptyText: 'Nothing sent through it yet' }}
      onRow={(d) => ({ 'data-testid': 'delivery-row', 'data-state': d.state }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: 'Queued', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString() },
        { title: 'Status', dataIndex: 'status' },
        { title: 'Summary', dataIndex: 'summary' },
        { title: 'Attempts', dataIndex: 'attempts', align: 'right' },
        { title: 'Outcome', key: 'outcome', render: (_, d) => <DeliveryOutcome d={d} /> },
      ]}
    />
  );
}

export function ChannelsTab() {
  const me = useMe();
  const { message } = App.useApp();
  const [project, setProject, choices] = useAlertsProject();
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [tests, setTests] = useState<Record<string, Delivery | 'sending'>>({});
  const [type, setType] = useState<ChannelForm['type']>('webhook');
  const mayOperate = hasRole(me, project, 'operator');

  const load = useCallback(async () => {
    try {
      setChannels(await api.get<ChannelView[]>('/api/v1/channels?project=' + seg(project)));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [project]);

  useEffect(() => {
    setChannels(null);
    load();
  }, [load]);

  const create = async (f: ChannelForm) => {
    setCreateError(null);
    try {
      await api.post('/api/v1/channels', channelBody(project, f));
      message.success(`Created the channel ${f.name}`);
      setCreating(false);
      load();
    } catch (e) {
      setCreateError(e);
    }
  };

  const test = async (c: ChannelView) => {
    setTests((t) => ({ ...t, [c.name]: 'sending' }));
    try {
      const d = await api.post<Delivery>('/api/v1/channels/' + seg(c.name) + '/test');
      setTests((t) => ({ ...t, [c.name]: d }));
    } catch (e) {
      setTests((t) => {
        const next = { ...t };
        delete next[c.name];
        return next;
      });
      setError(e);
    }
  };

  const remove = async (c: ChannelView) => {
    try {
      await api.del('/api/v1/channels/' + seg(c.name));
      message.success(`Deleted the channel ${c.name}`);
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid="channels-tab">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <ProjectSelect value={project} onChange={setProject} choices={choices} />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload channels" />
        </Space>
        {mayOperate && (
          <Button
            type="primary"
            data-testid="channel-new"
            onClick={() => {
              setCreateError(null);
              setType('webhook');
              setCreating(true);
            }}
          >
            New channel
          </Button>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <div data-testid="channels-table">
        <Table<ChannelView>
          rowKey="name"
          size="middle"
          loading={channels === null && !error}
          dataSource={channels ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: mayOperate ? 'No channel yet: alerts are only shown here until one exists' : 'No channel' }}
          onRow={(c) => ({ 'data-testid': 'channel-row', 'data-channel': c.name }) as React.HTMLAttributes<HTMLElement>}
          expandable={{ expandedRowRender: (c) => <Deliveries channel={c.name} />, columnTitle: 'Deliveries' }}
          columns={[
            { title: 'Name', dataIndex: 'name' },
            { title: 'Type', dataIndex: 'type', render: (t: string) => <Tag variant="outlined">{t}</Tag> },
            { title: 'Recipient', key: 'recipient', render: (_, c) => <span className="mono">{recipient(c)}</span> },
            {
              title: 'Tiers',
              dataIndex: 'tiers',
              render: (tiers: string[]) =>
                tiers.length === 0 ? (
                  <Tooltip title="gets only the rules that name it">
                    <Typography.Text type="secondary">none</Typography.Text>
                  </Tooltip>
                ) : (
                  tiers.map((t) => (
                    <Tag key={t} color={SEVERITY_COLOURS[t]}>
                      {t}
                    </Tag>
                  ))
                ),
            },
            {
              title: '',
              key: 'actions',
              render: (_, c) => {
                const result = tests[c.name];
                return hasRole(me, c.project, 'operator') ? (
                  <Space>
                    <Button size="small" loading={result === 'sending'} onClick={() => test(c)} data-testid={`channel-test-${c.name}`}>
                      Test
                    </Button>
                    {result && result !== 'sending' && <DeliveryOutcome d={result} testid={`channel-test-result-${c.name}`} />}
                    <Popconfirm title={`Delete the channel ${c.name}?`} description="Rules naming it no longer send through it" onConfirm={() => remove(c)}>
                      <Button size="small" danger data-testid={`channel-delete-${c.name}`}>
                        Delete
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null;
              },
            },
          ]}
        />
      </div>
      <Modal open={creating} title={`New channel in ${project}`} onCancel={() => setCreating(false)} footer={null} destroyOnHidden>
        <ErrorAlert error={createError} style={{ marginBottom: 12 }} />
        <Form<ChannelForm>
          name="channel"
          layout="vertical"
          onFinish={create}
          onValuesChange={(changed: Partial<ChannelForm>) => changed.type && setType(changed.type)} initialValues={{ type: 'webhook', tiers: ['P0'], to: [] }}>
          <Form.Item name="type">
            <Segmented
              options={[
                { value: 'webhook', label: 'Webhook' },
                { value: 'email', label: 'Email' },
              ]}
            />
          </Form.Item>
          <Form.Item label="Name" name="name" rules={[{ required: true, message: 'A channel needs a name' }]}>
            <Input placeholder="ops-hook" />
          </Form.Item>
          {type === 'webhook' ? (
            <Form.Item
              label="URL"
              name="url"
              rules={[{ required: true, message: 'Where to POST the notifications' }]}
              extra="Credentials are secret references, never values: write a token in the URL as ${secret:name}"
            >
              <Input placeholder="https://hooks.example.com/alerts?token=${secret:hook_token}" />
            </Form.Item>
          ) : (
            <>
              <Space align="start">
                <Form.Item label="SMTP host" name="host" rules={[{ required: true, message: 'The mail server' }]}>
                  <Input placeholder="smtp.example.com" style={{ width: 260 }} />
                </Form.Item>
                <Form.Item label="Port" name="port" tooltip="587, or 25 without STARTTLS">
                  <InputNumber min={1} max={65535} placeholder="587" />
                </Form.Item>
              </Space>
              <Form.Item label="From" name="from" rules={[{ required: true, message: 'The sender address' }]}>
                <Input placeholder="sluice@example.com" />
              </Form.Item>
              <Form.Item label="To" name="to" rules={[{ required: true, type: 'array', min: 1, message: 'At least one recipient' }]}>
                <Select mode="tags" open={false} placeholder="oncall@example.com" tokenSeparators={[',', ' ']} />
              </Form.Item>
              <Space align="start">
                <Form.Item label="Username" name="username">
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Form.Item
                  label="Password"
                  name="password"
                  extra="Credentials are secret references, never values: ${secret:name}, a secret of this project"
                  rules={[{ pattern: /^\$\{secret:[^}]+\}$/, message: 'a reference like ${secret:smtp_password}' }]}
                >
                  <Input placeholder="${secret:smtp_password}" style={{ width: 260 }} />
                </Form.Item>
              </Space>
            </>
          )}
          <Form.Item label="Tiers" name="tiers" extra="The severities it takes from rules that name no channels; none: only the rules that name it">
            <Checkbox.Group options={SEVERITIES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="channel-create" style={{ marginTop: 12 }}>
            Create
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
