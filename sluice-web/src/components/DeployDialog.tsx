import { Alert, Button, Modal, Radio, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Job } from '../api/types';
import {
  confirmDrop,
  droppingStatements,
  mayDeploy,
  nothingToRestore,
  planOfRefusal,
  restorePlanPath,
  restoreValue,
  type RestoreChoice,
} from '../deploy/restore';
import { RestorePlanTable } from '../deploy/RestorePlanTable';
import type { Savepoint } from '../api/types';
import type { RestorePlanView } from '../deploy/types';
import { ErrorAlert } from './ErrorAlert';

export interface DeployDialogProps {
  job: Job;
  open: boolean;
  onClose: () => void;
  /** Called with the job as the server answered the deploy. */
  onDeployed: (job: Job) => void;
  /** A savepoint path to restore from: preselects "a chosen savepoint". */
  initialRestore?: string;
}

type PlanState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'plan'; view: RestorePlanView }
  | { kind: 'nothing'; error: unknown }
  | { kind: 'error'; error: unknown };

function shortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Deploy with a restore choice and the per-statement restore plan; no state is dropped unticked. */
export function DeployDialog({ job, open, onClose, onDeployed, initialRestore }: DeployDialogProps) {
  const [savepoints, setSavepoints] = useState<Savepoint[] | null>(null);
  const [savepointsError, setSavepointsError] = useState<unknown>(null);
  const [choice, setChoice] = useState<RestoreChoice | null>(initialRestore ? 'savepoint' : null);
  const [path, setPath] = useState<string | null>(initialRestore ?? null);
  const [plan, setPlan] = useState<PlanState>({ kind: 'loading' });
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [deploying, setDeploying] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    let alive = true;
    api
      .get<Savepoint[]>(`/api/v1/jobs/${job.id}/savepoints`)
      .then((list) => {
        if (!alive) return;
        setSavepoints(list);
        // The default keeps the most state there is: the newest savepoint, else the last checkpoint.
        setChoice((c) => c ?? (list.length > 0 ? 'latest' : job.lastCheckpoint ? 'latest-checkpoint' : 'none'));
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setSavepoints([]);
        setSavepointsError(e);
        setChoice((c) => c ?? 'latest');
      });
    return () => {
      alive = false;
    };
  }, [open, job.id, job.lastCheckpoint]);

  const restore = choice ? restoreValue(choice, path) : null;

  useEffect(() => {
    if (!open || choice === null) return;
    setError(null);
    setTicked(new Set());
    const url = restorePlanPath(job.id, restore);
    if (choice === 'none') {
      setPlan({ kind: 'none' });
      return;
    }
    if (!url) {
      setPlan({ kind: 'loading' });
      return;
    }
    let alive = true;
    setPlan({ kind: 'loading' });
    api
      .get<RestorePlanView>(url)
      .then((view) => alive && setPlan({ kind: 'plan', view }))
      .catch((e: unknown) => alive && setPlan(nothingToRestore(e) ? { kind: 'nothing', error: e } : { kind: 'error', error: e }));
    return () => {
      alive = false;
    };
  }, [open, job.id, choice, restore]);

  const dropping = useMemo(() => (plan.kind === 'plan' ? droppingStatements(plan.view) : []), [plan]);
  const ready = restore !== null && (plan.kind === 'none' || (plan.kind === 'plan' && mayDeploy(dropping, ticked)));

  const deploy = async () => {
    if (restore === null) return;
    setDeploying(true);
    setError(null);
    try {
      const deployed = await api.post<Job>(`/api/v1/jobs/${job.id}/deploy`, {
        restore,
        confirmDrop: plan.kind === 'plan' ? confirmDrop(dropping, ticked) : [],
      });
      onDeployed(deployed);
    } catch (e) {
      setError(e);
      const refused = planOfRefusal(e);
      if (refused) {
        // The savepoint's state changed under the plan shown: show the one the server decided on.
        const next = droppingStatements(refused);
        setPlan({ kind: 'plan', view: refused });
        setTicked((t) => new Set([...t].filter((s) => next.includes(s))));
      }
    } finally {
      setDeploying(false);
    }
  };

  const latest = savepoints?.[0];
  const untickedCount = dropping.filter((s) => !ticked.has(s)).length;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={`Deploy ${job.name}`}
      width={960}
      styles={{ body: { maxHeight: 'calc(100vh - 260px)', overflowY: 'auto' } }}
      footer={
        <Space>
          {plan.kind === 'plan' && untickedCount > 0 && (
            <Typography.Text type="danger" data-testid="deploy-unticked">
              Tick each statement that loses state ({untickedCount} left)
            </Typography.Text>
          )}
          <Button onClick={onClose}>Cancel</Button>
          <Button type="primary" data-testid="deploy-confirm" disabled={!ready} loading={deploying} onClick={deploy}>
            Deploy
          </Button>
        </Space>
      }
    >
      <div data-testid="deploy-dialog">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          Deploys version {job.currentVersion}. Choose what state it starts from.
        </Typography.Paragraph>
        <ErrorAlert error={savepointsError} style={{ marginBottom: 12 }} />
        {savepoints === null ? (
          <Spin />
        ) : (
          <div data-testid="deploy-restore" data-choice={choice ?? ''} style={{ marginBottom: 12 }}>
            <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value)}>
              <Space orientation="vertical">
                <Radio value="latest" data-testid="deploy-restore-latest" disabled={savepoints.length === 0 && !savepointsError}>
                  Latest savepoint{' '}
                  {latest && (
                    <Typography.Text type="secondary" className="mono">
                      {latest.path}
                    </Typography.Text>
                  )}
                </Radio>
                <Radio value="latest-checkpoint" data-testid="deploy-restore-latest-checkpoint" disabled={!job.lastCheckpoint}>
                  Latest checkpoint{' '}
                  {job.lastCheckpoint && (
                    <Typography.Text type="secondary" className="mono">
                      {job.lastCheckpoint}
                    </Typography.Text>
                  )}
                </Radio>
                <Radio value="savepoint" data-testid="deploy-restore-savepoint" disabled={savepoints.length === 0 && !initialRestore}>
                  A chosen savepoint
                </Radio>
                {choice === 'savepoint' && (
                  <Select
                    data-testid="deploy-savepoint"
                    style={{ width: 820, marginLeft: 24 }}
                    placeholder="Choose a savepoint"
                    value={path ?? undefined}
                    onChange={(v: string) => setPath(v)}
                    options={[
                      ...(initialRestore && !savepoints.some((s) => s.path === initialRestore)
                        ? [{ value: initialRestore, label: <span className="mono">{initialRestore}</span> }]
                        : []),
                      ...savepoints.map((s) => ({
                        value: s.path,
                        label: (
                          <span>
                            {s.kind === 'CHECKPOINT' ? 'checkpoint' : 'savepoint'} of v{s.jobVersion}, {shortDate(s.createdAt)}{' '}
                            <span className="mono">{s.path}</span>
                          </span>
                        ),
                      })),
                    ]}
                  />
                )}
                <Radio value="none" data-testid="deploy-restore-none">Nothing: start without state</Radio>
              </Space>
            </Radio.Group>
          </div>
        )}
        {plan.kind === 'loading' && choice !== null && restore !== null && (
          <div style={{ padding: 16, textAlign: 'center' }}>
            <Spin /> <Typography.Text type="secondary">Reading the savepoint…</Typography.Text>
          </div>
        )}
        {plan.kind === 'none' && (
          <Alert type="warning" showIcon title="The job starts with empty state: counts, windows and Kafka offsets start over." />
        )}
        {plan.kind === 'nothing' && (
          <Alert
            type="info"
            showIcon
            data-testid="restore-nothing"
            title="There is nothing to restore from"
            description={plan.error instanceof ApiError ? plan.error.detail : String(plan.error)}
            action={
              <Button size="small" data-testid="deploy-without-state" onClick={() => setChoice('none')}>
                Start without state
              </Button>
            }
          />
        )}
        {plan.kind === 'error' && <ErrorAlert error={plan.error} />}
        {plan.kind === 'plan' && (
          <>
            {dropping.length === 0 ? (
              <Alert type="success" showIcon style={{ marginBottom: 8 }} title="Every statement keeps its state" />
            ) : (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                title={`${dropping.length} statement${dropping.length === 1 ? '' : 's'} would lose state`}
                description="Tick each one to accept the loss, or deploy from another savepoint."
              />
            )}
            <Typography.Paragraph type="secondary" className="mono" style={{ marginBottom: 8 }}>
              {plan.view.plan.savepoint}
            </Typography.Paragraph>
            <RestorePlanTable
              view={plan.view}
              dropping={dropping}
              ticked={ticked}
              onTick={(s, on) =>
                setTicked((t) => {
                  const next = new Set(t);
                  if (on) next.add(s);
                  else next.delete(s);
                  return next;
                })
              }
            />
          </>
        )}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </div>
    </Modal>
  );
}
