import { App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePolled } from './usePolled';

/** GET /api/v1/jobs/{id}/events */
export interface JobEvents {
  jobId: number;
  job: string;
  events: {
    id: number;
    at: string;
    scope: 'job' | 'cluster' | string;
    source: string;
    kind: string;
    seen: string | null;
    action: string | null;
    outcome: string | null;
    attempt: number | null;
    flinkJobId: string | null;
  }[];
}

/** GET /api/v1/jobs/{id}/recovery-policy */
export interface RecoveryPolicyView {
  jobId: number;
  job: string;
  project: string;
  tier: string;
  source: 'job' | 'tier' | string;
  enabled: boolean;
  restoreFrom: 'checkpoint' | 'savepoint' | string;
  maxAttempts: number;
  initialBackoff: string;
  maxBackoff: string;
  stuckRestartingAfter: string;
  restartsThreshold: { count: number; within: string };
  /** How long without a completed checkpoint before it acts; 'none': not watched. */
  noCheckpointFor: string;
  progress: {
    phase: 'idle' | 'waiting' | 'recovering' | 'gave-up' | string;
    attempts: number;
    reason: string | null;
    episodeStartedAt: string | null;
    nextAttemptAt: string | null;
    lastAttemptAt: string | null;
    flinkJobId: string | null;
  };
}

type PolicyForm = Pick<
  RecoveryPolicyView,
  'enabled' | 'restoreFrom' | 'maxAttempts' | 'initialBackoff' | 'maxBackoff' | 'stuckRestartingAfter' | 'noCheckpointFor'
> & {
  restartsCount: number;
  restartsWithin: string;
};

/** The body of PUT /recovery-policy: only the fields that differ from the policy shown. */
export function policyChanges(current: RecoveryPolicyView, form: PolicyForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of ['enabled', 'restoreFrom', 'maxAttempts', 'initialBackoff', 'maxBackoff', 'stuckRestartingAfter', 'noCheckpointFor'] as const) {
    if (form[key] !== current[key]) body[key] = form[key];
  }
  if (form.restartsCount !== current.restartsThreshold.count || form.restartsWithin !== current.restartsThreshold.within) {
    body.restartsThreshold = { count: form.restartsCount, within: form.restartsWithin };
  }
  return body;
}

const PHASE_COLOURS: Record<string, string> = { idle: 'default', waiting: 'orange', recovering: 'blue', 'gave-up': 'red' };
const when = (t: string | null) => (t ? new Date(t).toLocaleString() : '–');

export function RecoveryTab({ job, live, mayOperate }: { job: Job; live: boolean; mayOperate: boolean }) {
  const { message } = App.useApp();
  const events = usePolled<JobEvents>(() => api.get(`/api/v1/jobs/${job.id}/events?limit=200`), `ev:${job.id}:${job.state}`, live ? 5000 : 30000);
  const policy = usePolled<RecoveryPolicyView>(() => api.get(`/api/v1/jobs/${job.id}/recovery-policy`), `rp:${job.id}:${job.state}`, live ? 5000 : null);
  const [editing, setEditing] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const p = policy.data;

  const save = async (form: PolicyForm) => {
    if (!p) return;
    setSaveError(null);
    const body = policyChanges(p, form);
    if (Object.keys(body).length === 0) {
      setEditing(false);
      return;
    }
    try {
      await api.put(`/api/v1/jobs/${job.id}/recovery-policy`, body);
      message.success('Recovery policy saved');
      setEditing(false);
      policy.reload();
    } catch (e) {
      setSaveError(e);
    }
  };

  return (
    <div data-testid="recovery">
      <ErrorAlert error={policy.error} style={{ marginBottom: 12 }} />
      {p && (
        <Card
          size="small"
          title={
            <Space>
              Recovery policy
              <Tag>{p.source === 'job' ? 'this job’s own' : `tier ${p.tier} default`}</Tag>
              <Tag color={PHASE_COLOURS[p.progress.phase]} data-testid="recovery-phase" data-phase={p.progress.phase}>
                {p.progress.phase}
              </Tag>
            </Space>
          }
          extra={
            mayOperate && !editing ? (
              <Button size="small" onClick={() => setEditing(true)} data-testid="recovery-edit">
                Change
              </Button>
            ) : null
          }
          style={{ marginBottom: 16 }}
        >
          {!editing ? (
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="Restarts it">{p.enabled ? 'yes' : 'no'}</Descriptions.Item>
              <Descriptions.Item label="From">latest {p.restoreFrom}</Descriptions.Item>
              <Descriptions.Item label="Attempts">
                {p.progress.attempts} of at most {p.maxAttempts}
              </Descriptions.Item>
              <Descriptions.Item label="Backoff">
                {p.initialBackoff}, doubling up to {p.maxBackoff}
              </Descriptions.Item>
              <Descriptions.Item label="Stuck restarting after">{p.stuckRestartingAfter}</Descriptions.Item>
              <Descriptions.Item label="Flapping at">
                {p.restartsThreshold.count} restarts in {p.restartsThreshold.within}
              </Descriptions.Item>
              <Descriptions.Item label="No checkpoint for" span={3}>
                {p.noCheckpointFor}
              </Descriptions.Item>
              {p.progress.reason && <Descriptions.Item label="Why" span={3}>{p.progress.reason}</Descriptions.Item>}
              {p.progress.nextAttemptAt && <Descriptions.Item label="Next attempt">{when(p.progress.nextAttemptAt)}</Descriptions.Item>}
              {p.progress.lastAttemptAt && <Descriptions.Item label="Last attempt">{when(p.progress.lastAttemptAt)}</Descriptions.Item>}
            </Descriptions>
          ) : (
            <>
              <ErrorAlert error={saveError} style={{ marginBottom: 12 }} />
              <Form<PolicyForm>
                layout="inline"
                onFinish={save}
                initialValues={{
                  enabled: p.enabled,
                  restoreFrom: p.restoreFrom,
                  maxAttempts: p.maxAttempts,
                  initialBackoff: p.initialBackoff,
                  maxBackoff: p.maxBackoff,
                  stuckRestartingAfter: p.stuckRestartingAfter,
                  noCheckpointFor: p.noCheckpointFor,
                  restartsCount: p.restartsThreshold.count,
                  restartsWithin: p.restartsThreshold.within,
                }}
                style={{ rowGap: 8 }}
              >
                <Form.Item label="Restarts it" name="enabled" valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item label="From" name="restoreFrom">
                  <Select style={{ width: 140 }} options={[{ value: 'checkpoint', label: 'latest checkpoint' }, { value: 'savepoint', label: 'latest savepoint' }]} />
                </Form.Item>
                <Form.Item label="Attempts" name="maxAttempts">
                  <InputNumber min={1} style={{ width: 80 }} />
                </Form.Item>
                <Form.Item label="Backoff" name="initialBackoff">
                  <Input style={{ width: 80 }} />
                </Form.Item>
                <Form.Item label="up to" name="maxBackoff">
                  <Input style={{ width: 80 }} />
                </Form.Item>
                <Form.Item label="Stuck restarting after" name="stuckRestartingAfter">
                  <Input style={{ width: 80 }} />
                </Form.Item>
                <Form.Item label="No checkpoint for" name="noCheckpointFor">
                  <Input style={{ width: 80 }} />
                </Form.Item>
                <Form.Item label="Flapping at" name="restartsCount">
                  <InputNumber min={1} style={{ width: 70 }} />
                </Form.Item>
                <Form.Item label="restarts in" name="restartsWithin">
                  <Input style={{ width: 80 }} />
                </Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" data-testid="recovery-save">
                    Save
                  </Button>
                  <Button onClick={() => setEditing(false)}>Cancel</Button>
                </Space>
              </Form>
            </>
          )}
        </Card>
      )}
      <ErrorAlert error={events.error} style={{ marginBottom: 12 }} />
      <Typography.Title level={5}>Events</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        loading={events.loading && !events.data}
        dataSource={events.data?.events ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: 'Nothing has happened to this job yet' }}
        onRow={(e) => ({ 'data-testid': 'job-event', 'data-kind': e.kind } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: 'When', dataIndex: 'at', render: (t: string) => when(t), width: 180 },
          { title: 'What', dataIndex: 'kind', render: (k: string, e) => <Space size={4}><Tag>{e.scope === 'cluster' ? 'cluster' : e.source}</Tag><span className="mono">{k}</span>{e.attempt ? <Tag>attempt {e.attempt}</Tag> : null}</Space> },
          { title: 'Seen', dataIndex: 'seen' },
          { title: 'Done', dataIndex: 'action' },
          { title: 'Outcome', dataIndex: 'outcome' },
        ]}
      />
    </div>
  );
}
