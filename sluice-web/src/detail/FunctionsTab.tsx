import { Alert, App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, seg } from '../api/client';
import type { Job } from '../api/types';
import type { JobFunctions } from '../artifacts/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import { usePolled } from './usePolled';

type Pin = JobFunctions['functions'][number];

const columns: ColumnsType<Pin> = [
  { title: 'Function', dataIndex: 'name', width: 200, render: (n: string) => <span className="mono">{n}</span> },
  { title: 'Class', dataIndex: 'className', ellipsis: true, render: (c: string) => <span className="mono">{c}</span> },
  {
    title: 'Pinned to',
    key: 'artifact',
    width: 200,
    render: (_, p) => (
      <Link to={`/artifacts/${seg(p.artifact)}`} data-testid="pin-artifact">
        {p.artifact}:{p.version}
      </Link>
    ),
  },
  {
    title: 'Registered now',
    dataIndex: 'registeredNow',
    render: (now: string | null) => (now ? <Tag color="orange" data-testid="pin-changed">{now}</Tag> : <Typography.Text type="secondary">same</Typography.Text>),
  },
];

function PinsTable({ pins, testId }: { pins: JobFunctions; testId: string }) {
  return (
    <Table<Pin>
      data-testid={testId}
      rowKey="name"
      size="small"
      columns={columns}
      dataSource={pins.functions}
      pagination={false}
      onRow={(p) => ({ 'data-testid': 'pin', 'data-name': p.name }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

/**
 * The registered functions the job's current version calls, pinned to the artifact versions they had
 * when it was saved; the deployed version's pins when it is another version; and the explicit upgrade
 * that saves a new version pinned to the functions as registered now.
 */
export function FunctionsTab({ job, mayDevelop, onUpgraded }: { job: Job; mayDevelop: boolean; onUpgraded: () => void }) {
  const { message } = App.useApp();
  const [upgrading, setUpgrading] = useState(false);
  const [upgradeError, setUpgradeError] = useState<unknown>(null);
  const current = usePolled<JobFunctions>(() => api.get(`/api/v1/jobs/${job.id}/functions`), `f:${job.id}:${job.currentVersion}`, null);
  const deployedOther = job.deployedVersion != null && job.deployedVersion !== job.currentVersion ? job.deployedVersion : null;
  const deployed = usePolled<JobFunctions>(
    deployedOther != null ? () => api.get(`/api/v1/jobs/${job.id}/functions?version=${deployedOther}`) : null,
    `fd:${job.id}:${deployedOther}`,
    null,
  );

  const upgrade = async () => {
    setUpgrading(true);
    setUpgradeError(null);
    try {
      const after = await api.post<JobFunctions>(`/api/v1/jobs/${job.id}/functions/upgrade`, {});
      message.success(`Saved v${after.version} with the functions as registered now; deploy it to run them`);
      onUpgraded();
    } catch (e) {
      setUpgradeError(e);
    } finally {
      setUpgrading(false);
    }
  };

  const pins = current.data;
  return (
    <div data-testid="functions">
      <ErrorAlert error={current.error} style={{ marginBottom: 12 }} />
      <ErrorAlert error={upgradeError} style={{ marginBottom: 12 }} />
      {pins && pins.functions.length === 0 && <Empty description={`v${pins.version} calls no registered function`} />}
      {pins && pins.functions.length > 0 && (
        <>
          <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Text strong>v{pins.version} (current)</Typography.Text>
            {pins.upgradable ? (
              <Gated allowed={mayDevelop} why={`Upgrading needs the developer role in project ${job.project}`}>
                <Popconfirm
                  title={`Save v${job.currentVersion + 1} pinned to the functions as registered now?`}
                  description={job.deployedVersion != null ? `The running job keeps v${job.deployedVersion} until it is deployed again.` : undefined}
                  onConfirm={upgrade}
                  okButtonProps={{ 'data-testid': 'upgrade-functions-confirm' } as React.ComponentProps<typeof Button>}
                >
                  <Button type="primary" loading={upgrading} data-testid="upgrade-functions">
                    Upgrade functions
                  </Button>
                </Popconfirm>
              </Gated>
            ) : (
              <Typography.Text type="secondary" data-testid="functions-up-to-date">
                Pinned to the functions as registered now
              </Typography.Text>
            )}
          </Space>
          <PinsTable pins={pins} testId="pins-current" />
        </>
      )}
      {deployedOther != null && deployed.data && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            title={`The job was deployed with v${deployedOther}; these are the artifact versions it runs until it is deployed again.`}
          />
          {deployed.data.functions.length === 0 ? (
            <Empty description={`v${deployedOther} calls no registered function`} />
          ) : (
            <PinsTable pins={deployed.data} testId="pins-deployed" />
          )}
        </div>
      )}
    </div>
  );
}
