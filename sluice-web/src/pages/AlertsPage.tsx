import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Segmented, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, seg } from '../api/client';
import { formatDuration } from '../api/jobs';
import { ChannelsTab } from '../alerts/ChannelsTab';
import { RulesTab } from '../alerts/RulesTab';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';

/** An alert as GET /api/v1/alerts lists it. */
export interface AlertView {
  id: number;
  state: 'PENDING' | 'FIRING' | 'RESOLVED' | string;
  rule: string;
  ruleId: number;
  severity: 'P0' | 'P1' | 'P2' | string;
  project: string;
  job: string;
  jobId: number;
  vertex: string | null;
  value: number | null;
  since: string | null;
  pendingSince: string | null;
  firingSince: string | null;
  resolvedAt: string | null;
  lastNotifiedAt: string | null;
  suppressed: string | null;
}

const STATE_COLOURS: Record<string, string> = { FIRING: 'red', PENDING: 'orange', RESOLVED: 'green' };
const SEVERITY_COLOURS: Record<string, string> = { P0: 'magenta', P1: 'volcano', P2: 'gold' };

/** A metric value as a person reads it: 12 345, 0.25, 1.2e-7. */
export function formatValue(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (Math.abs(v) >= 0.01) return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return v.toExponential(1);
}

const TABS = ['alerts', 'rules', 'channels'] as const;
const TAB_LABELS: Record<(typeof TABS)[number], string> = { alerts: 'Alerts', rules: 'Rules', channels: 'Channels' };

/** Alerts, the rules that raise them and the channels they go to, one tab each (`?tab=`). */
export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'alerts';
  const setTab = (t: string) => {
    const next = new URLSearchParams(params);
    if (t === 'alerts') next.delete('tab');
    else next.set('tab', t);
    next.delete('state');
    setParams(next, { replace: true });
  };
  const panes = { alerts: <AlertList />, rules: <RulesTab />, channels: <ChannelsTab /> };
  return (
    <div data-testid="alerts-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        Alerts
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={TABS.map((t) => ({
          key: t,
          label: <span data-testid={`alerts-tab-${t}`}>{TAB_LABELS[t]}</span>,
          children: tab === t ? panes[t] : null,
        }))}
      />
    </div>
  );
}

function AlertList() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? 'open';
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [silencing, setSilencing] = useState<AlertView | null>(null);
  const [silenceError, setSilenceError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    try {
      const query = state === 'open' || state === 'all' ? '' : '?state=' + seg(state);
      const list = await api.get<AlertView[]>('/api/v1/alerts' + query);
      setAlerts(state === 'open' ? list.filter((a) => a.state !== 'RESOLVED') : list);
      setError(null);
      setNow(Date.now());
    } catch (e) {
      setError(e);
    }
  }, [state]);

  useEffect(() => {
    load();
    const t = setInterval(load, 10_000);
    return () => clearInterval(t);
  }, [load]);

  const silence = async (values: { for: string; comment: string; matchRule: boolean }) => {
    if (!silencing) return;
    setSilenceError(null);
    try {
      await api.post('/api/v1/silences', {
        matchers: values.matchRule ? { job: silencing.job, rule: silencing.rule } : { job: silencing.job },
        for: values.for,
        comment: values.comment,
      });
      message.success(`Silenced ${values.matchRule ? silencing.rule + ' on ' : ''}${silencing.job} for ${values.for}`);
      setSilencing(null);
      load();
    } catch (e) {
      setSilenceError(e);
    }
  };

  return (
    <div data-testid="alerts-list">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Segmented
            value={state}
            onChange={(v) => {
              const next = new URLSearchParams(params);
              if (v === 'open') next.delete('state');
              else next.set('state', String(v));
              setParams(next, { replace: true });
            }}
            options={[
              { value: 'open', label: 'Open' },
              { value: 'FIRING', label: 'Firing' },
              { value: 'PENDING', label: 'Pending' },
              { value: 'RESOLVED', label: 'Resolved' },
              { value: 'all', label: 'All' },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload" />
        </Space>
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Table<AlertView>
        rowKey="id"
        size="middle"
        loading={alerts === null && !error}
        dataSource={alerts ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: state === 'open' ? 'Nothing is firing' : 'No alert' }}
        onRow={(a) => ({ 'data-testid': 'alert-row', 'data-state': a.state, 'data-rule': a.rule } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: 'State',
            dataIndex: 'state',
            render: (s: string, a) => (
              <Space size={4}>
                <Tag color={STATE_COLOURS[s] ?? 'default'}>{s}</Tag>
                {a.suppressed && (
                  <Tooltip title={a.suppressed === 'inhibited' ? 'muted: its job failed or restarts' : 'a silence matches it'}>
                    <Tag>{a.suppressed}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: 'Severity', dataIndex: 'severity', render: (s: string) => <Tag color={SEVERITY_COLOURS[s]}>{s}</Tag> },
          { title: 'Rule', dataIndex: 'rule' },
          { title: 'Job', dataIndex: 'job', render: (j: string) => <Link to={'/jobs/' + seg(j) + '?tab=metrics'}>{j}</Link> },
          { title: 'Vertex', dataIndex: 'vertex', render: (v: string | null) => <span className="mono">{v ?? ''}</span> },
          { title: 'Value', dataIndex: 'value', align: 'right', render: (v: number | null) => formatValue(v) },
          {
            title: 'Since',
            key: 'since',
            render: (_, a) =>
              a.since ? (
                <Tooltip title={new Date(a.since).toLocaleString()}>
                  {a.state === 'RESOLVED' && a.resolvedAt
                    ? `resolved ${formatDuration(now - new Date(a.resolvedAt).getTime())} ago`
                    : `for ${formatDuration(now - new Date(a.since).getTime()) || '0s'}`}
                </Tooltip>
              ) : (
                ''
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, a) =>
              a.state !== 'RESOLVED' && hasRole(me, a.project, 'operator') ? (
                <Button size="small" onClick={() => setSilencing(a)} data-testid="silence">
                  Silence
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal open={!!silencing} title={silencing ? `Silence ${silencing.rule} on ${silencing.job}` : ''} onCancel={() => setSilencing(null)} footer={null} destroyOnHidden>
        <ErrorAlert error={silenceError} style={{ marginBottom: 12 }} />
        <Form layout="vertical" onFinish={silence} initialValues={{ for: '1h', comment: '', matchRule: true }}>
          <Form.Item label="For" name="for" rules={[{ required: true }]}>
            <Select options={['15m', '1h', '4h', '24h'].map((d) => ({ value: d, label: d }))} />
          </Form.Item>
          <Form.Item label="What" name="matchRule">
            <Select
              options={[
                { value: true, label: 'this rule on this job' },
                { value: false, label: 'every alert of this job' },
              ]}
            />
          </Form.Item>
          <Form.Item label="Why" name="comment" rules={[{ required: true, message: 'Say why, for whoever is on call next' }]}>
            <Input data-testid="silence-comment" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="silence-confirm">
            Silence
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
