import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ProjectSelect, useAlertsProject } from './project';
import { METRICS, OPS, SEVERITIES, SEVERITY_COLOURS, type ChannelView, type RuleView } from './types';

interface ConditionForm {
  metric?: string;
  op?: string;
  value?: string;
}

export interface RuleForm {
  name: string;
  job?: string;
  severity?: string;
  for?: string;
  match: 'all' | 'any';
  conditions: ConditionForm[];
  channels?: string[];
}

/** A threshold as typed: a number when it reads as one, else the text ("10m", "FAILED"). */
export function thresholdValue(text: string | undefined): number | string {
  const t = (text ?? '').trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** The POST /api/v1/alert-rules body of the form: blank fields left out, so the server's defaults apply. */
export function ruleBody(project: string, f: RuleForm): Record<string, unknown> {
  const body: Record<string, unknown> = { name: f.name.trim(), project };
  if (f.job?.trim()) body.job = f.job.trim();
  if (f.severity) body.severity = f.severity;
  if (f.for?.trim()) body.for = f.for.trim();
  body.match = f.match;
  body.conditions = (f.conditions ?? []).map((c) => ({ metric: c.metric, op: c.op, value: thresholdValue(c.value) }));
  if (f.channels && f.channels.length > 0) body.channels = f.channels;
  return body;
}

/** What a rule watches: one job, a tier's jobs, or every job of its project. */
export function watches(r: RuleView): string {
  if (r.job) return r.job;
  if (r.tier) return `${r.tier} jobs`;
  return 'all jobs';
}

export function RulesTab() {
  const me = useMe();
  const { message } = App.useApp();
  const [project, setProject, choices] = useAlertsProject();
  const [rules, setRules] = useState<RuleView[] | null>(null);
  const [channels, setChannels] = useState<ChannelView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mayOperate = hasRole(me, project, 'operator');

  const load = useCallback(async () => {
    try {
      const list = await api.get<RuleView[]>('/api/v1/alert-rules?project=' + seg(project));
      setRules(list);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [project]);

  useEffect(() => {
    setRules(null);
    load();
  }, [load]);

  useEffect(() => {
    if (!creating) return;
    api
      .get<ChannelView[]>('/api/v1/channels?project=' + seg(project))
      .then(setChannels)
      .catch(() => setChannels([]));
  }, [creating, project]);

  const create = async (f: RuleForm) => {
    setCreateError(null);
    setBusy(true);
    try {
      const created = await api.post<RuleView>('/api/v1/alert-rules', ruleBody(project, f));
      message.success(`Created ${created?.name ?? f.name}: ${created?.summary ?? ''}`);
      setCreating(false);
      load();
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (r: RuleView) => {
    try {
      await api.del('/api/v1/alert-rules/' + r.id);
      message.success(`Deleted ${r.name}`);
      load();
    } catch (e) {
      setError(e);
    }
  };

  const defaults = async () => {
    try {
      const res = await api.post<{ created: RuleView[]; existing: string[] }>('/api/v1/alert-rules/defaults', { project });
      const made = res.created.map((r) => r.name);
      message.success(made.length > 0 ? `Created ${made.join(', ')}` : `The default rules exist already: ${res.existing.join(', ')}`);
      setError(null);
      load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid="rules-tab">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <ProjectSelect value={project} onChange={setProject} choices={choices} />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="reload rules" />
        </Space>
        {mayOperate && (
          <Space>
            <Popconfirm
              title={`Create the tiers' default rules ${project} lacks?`}
              description="job failed and job restarting for 2m, for the P0 and P1 jobs"
              onConfirm={defaults}
            >
              <Button data-testid="rules-defaults">Create default rules</Button>
            </Popconfirm>
            <Button
              type="primary"
              data-testid="rule-new"
              onClick={() => {
                setCreateError(null);
                setCreating(true);
              }}
            >
              New rule
            </Button>
          </Space>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <div data-testid="rules-table">
      <Table<RuleView>
        rowKey="id"
        size="middle"
        loading={rules === null && !error}
        dataSource={rules ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: mayOperate ? 'No rule yet: create one, or the default rules' : 'No rule' }}
        onRow={(r) => ({ 'data-testid': 'rule-row', 'data-rule': r.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Name', dataIndex: 'name' },
          { title: 'Watches', key: 'watches', render: (_, r) => watches(r) },
          {
            title: 'Severity',
            dataIndex: 'severity',
            render: (s: string | null) => (s ? <Tag color={SEVERITY_COLOURS[s]}>{s}</Tag> : <Typography.Text type="secondary">job's tier</Typography.Text>),
          },
          { title: 'Summary', dataIndex: 'summary', render: (s: string) => <span className="mono">{s}</span> },
          {
            title: 'Channels',
            dataIndex: 'channels',
            render: (c: string[] | null) =>
              c == null ? (
                <Typography.Text type="secondary">severity's channels</Typography.Text>
              ) : c.length === 0 ? (
                <Typography.Text type="secondary">none (shown only)</Typography.Text>
              ) : (
                c.join(', ')
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, r) =>
              hasRole(me, r.project, 'operator') ? (
                <Popconfirm title={`Delete ${r.name} and its alerts?`} onConfirm={() => remove(r)}>
                  <Button size="small" danger data-testid={`rule-delete-${r.id}`}>
                    Delete
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      </div>
      <Modal open={creating} title={`New rule in ${project}`} onCancel={() => setCreating(false)} footer={null} destroyOnHidden width={720}>
        <ErrorAlert error={createError} style={{ marginBottom: 12 }} />
        <Form<RuleForm>
          name="rule"
          layout="vertical"
          onFinish={create}
          initialValues={{ match: 'all', severity: '', conditions: [{ op: '>' }], channels: [] }}
        >
          <Space align="start" wrap>
            <Form.Item label="Name" name="name" rules={[{ required: true, message: 'A rule needs a name' }]}>
              <Input placeholder="slow-input" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="Job" name="job" tooltip="Left empty: every job of the project">
              <Input placeholder="every job" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item label="Severity" name="severity">
              <Select style={{ width: 130 }} options={[...SEVERITIES.map((s) => ({ value: s, label: s })), { value: '', label: "job's tier" }]} />
            </Form.Item>
            <Form.Item label="For" name="for" tooltip="How long the conditions must hold: 20s, 5m">
              <Input placeholder="0s" style={{ width: 90 }} />
            </Form.Item>
            <Form.Item label="Match" name="match">
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'all', label: 'all conditions' },
                  { value: 'any', label: 'any condition' },
                ]}
              />
            </Form.Item>
          </Space>
          <Typography.Text strong>Conditions</Typography.Text>
          <Form.List name="conditions">
            {(fields, { add, remove: drop }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((field) => (
                  <Space key={field.key} align="start">
                    <Form.Item name={[field.name, 'metric']} rules={[{ required: true, message: 'a metric' }]}>
                      <Select style={{ width: 230 }} showSearch virtual={false} placeholder="metric" options={METRICS.map((m) => ({ value: m, label: m }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'op']} rules={[{ required: true, message: 'an operator' }]}>
                      <Select style={{ width: 80 }} options={OPS.map((o) => ({ value: o, label: o }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} rules={[{ required: true, message: 'a value' }]}>
                      <Input style={{ width: 140 }} placeholder="1000, 10m, FAILED" />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 9 }} onClick={() => drop(field.name)} aria-label="remove condition" />}
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ op: '>' })} data-testid="rule-add-condition">
                    Add condition
                  </Button>
                </Form.Item>
              </div>
            )}
          </Form.List>
          <Form.Item label="Channels" name="channels" extra="Left empty: the channels that take the alert's severity">
            <Select mode="multiple" allowClear placeholder="severity's channels" options={channels.map((c) => ({ value: c.name, label: `${c.name} (${c.type})` }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="rule-create" style={{ marginTop: 12 }}>
            Create
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
