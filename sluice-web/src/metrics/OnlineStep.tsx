import { Alert, Button, Card, Descriptions, Input, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, seg } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { confirmDrop, droppingStatements, planOfRefusal } from '../deploy/restore';
import { RestorePlanTable } from '../deploy/RestorePlanTable';
import type { RestorePlanView } from '../deploy/types';
import type { Definition, VersionDiff, VersionView } from './types';

/**
 * GET /api/v1/metric-groups/{name}/restore-plan (MetricGroupService.RestorePreview): what deploying
 * a version keeps of the running job's state. Without a plan, firstDeploy says every window starts
 * empty, or reason says why the plan is not known yet.
 */
export interface RestorePreview {
  name: string;
  version: number;
  job: string;
  firstDeploy: boolean;
  reason: string | null;
  restoreFrom: string | null;
  plan: RestorePlanView['plan'] | null;
  dropsState: boolean;
  statementsDroppingState: string[];
}

/** Save a version (with what changed since the previous one), then deploy it as the job metrics.NAME. */
export function OnlineStep({
  definition,
  project,
  mayDeploy,
  onSaved,
  blocked,
}: {
  definition: Definition;
  project: string;
  mayDeploy: boolean;
  onSaved: (v: VersionView) => void;
  /** Why saving makes no sense yet (problems to fix first), if so. */
  blocked: string | null;
}) {
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<VersionView | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<Job | null>(null);
  const [refusal, setRefusal] = useState<RestorePlanView | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewTicked, setPreviewTicked] = useState<Set<string>>(new Set());

  // What the deploy would keep, shown before it; a failure here does not stop a deploy.
  const loadPreview = async (v: VersionView) => {
    setPreviewing(true);
    setPreviewError(null);
    setPreviewTicked(new Set());
    try {
      setPreview(await api.get<RestorePreview>(`/api/v1/metric-groups/${seg(v.name)}/restore-plan?version=${v.version}`));
    } catch (e) {
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    setDiff(null);
    setDeployed(null);
    setRefusal(null);
    setPreview(null);
    setPreviewError(null);
    try {
      const q = `?project=${encodeURIComponent(project)}${comment ? '&comment=' + encodeURIComponent(comment) : ''}`;
      const v = await api.post<VersionView>('/api/v1/metric-groups' + q, definition);
      setSaved(v);
      onSaved(v);
      if (mayDeploy) void loadPreview(v);
      if (v.version > 1) {
        setDiff(await api.get<VersionDiff>(`/api/v1/metric-groups/${seg(v.name)}/diff?from=${v.version - 1}&to=${v.version}`));
      }
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const deploy = async (drop: string[]) => {
    if (!saved) return;
    setDeploying(true);
    setError(null);
    try {
      setDeployed(await api.post<Job>(`/api/v1/metric-groups/${seg(saved.name)}/deploy`, { version: saved.version, confirmDrop: drop.length > 0 ? drop : undefined }));
      setRefusal(null);
      setPreview(null); // it described the job as it was before this deploy
    } catch (e) {
      const plan = planOfRefusal(e);
      if (plan) {
        setRefusal(plan);
        setTicked(new Set());
      } else setError(e);
    } finally {
      setDeploying(false);
    }
  };

  const dropping = refusal ? droppingStatements(refusal) : [];
  const previewView: RestorePlanView | null = preview?.plan ? { plan: preview.plan, dropsState: preview.dropsState, statementsDroppingState: preview.statementsDroppingState } : null;
  const previewDropping = previewView ? droppingStatements(previewView) : [];
  const tick = (set: (f: (t: Set<string>) => Set<string>) => void) => (s: string, on: boolean) =>
    set((t) => {
      const n = new Set(t);
      if (on) n.add(s);
      else n.delete(s);
      return n;
    });
  return (
    <div data-testid="mg-step-online">
      <Card size="small" title="1. Save a version" style={{ marginBottom: 12 }}>
        {blocked && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={blocked} />}
        <Space.Compact style={{ width: '100%' }}>
          <Input data-testid="mg-comment" placeholder="what changed (optional)" value={comment} onChange={(e) => setComment(e.target.value)} />
          <Button type="primary" loading={saving} disabled={!!blocked} data-testid="mg-save" onClick={save}>
            Save version
          </Button>
        </Space.Compact>
        {saved && (
          <Descriptions
            size="small"
            style={{ marginTop: 12 }}
            column={3}
            items={[
              { key: 'v', label: 'Version', children: <span data-testid="mg-saved-version">{saved.version}</span> },
              { key: 'c', label: 'Changed', children: saved.changed ? 'yes' : 'no: the same as the latest version' },
              { key: 'w', label: 'Windows', children: Object.keys(saved.windows ?? {}).join(', ') },
            ]}
          />
        )}
        {diff && (
          <div data-testid="mg-diff" style={{ marginTop: 8 }}>
            <Typography.Text strong>
              Since version {diff.from}:{' '}
            </Typography.Text>
            {diff.added.map((m) => (
              <Tag key={'a' + m} color="green">
                + {m}
              </Tag>
            ))}
            {diff.removed.map((m) => (
              <Tag key={'r' + m} color="red">
                − {m}
              </Tag>
            ))}
            {diff.changed.map((m) => (
              <Tag key={'c' + m} color="orange">
                ~ {m}
              </Tag>
            ))}
            {diff.otherChanges.map((m) => (
              <Tag key={'o' + m}>{m}</Tag>
            ))}
            {diff.added.length + diff.removed.length + diff.changed.length + diff.otherChanges.length === 0 && <span>no change</span>}
          </div>
        )}
      </Card>
      <Card size="small" title="2. Go online">
        {!mayDeploy && <Alert type="info" showIcon message="Deploying needs the operator role in the project" style={{ marginBottom: 8 }} />}
        {saved && mayDeploy && !refusal && !deployed && (previewing || preview || previewError !== null) && (
          <div data-testid="mg-restore-preview" style={{ marginBottom: 12 }}>
            {previewing && (
              <Space>
                <Spin size="small" />
                <Typography.Text type="secondary">Working out what the deploy keeps of the running job's state</Typography.Text>
              </Space>
            )}
            {preview && preview.firstDeploy && (
              <Alert type="info" showIcon message="First deploy: every window starts empty" description={preview.reason} />
            )}
            {preview && !preview.firstDeploy && !previewView && <Alert type="info" showIcon message="What the deploy keeps is not known yet" description={preview.reason} />}
            {previewView && (
              <>
                <Alert
                  type={previewDropping.length > 0 ? 'warning' : 'success'}
                  showIcon
                  style={{ marginBottom: 8 }}
                  message={
                    previewDropping.length > 0
                      ? `Deploying version ${preview!.version} drops the state of ${previewDropping.length === 1 ? 'one statement' : previewDropping.length + ' statements'}`
                      : `Deploying version ${preview!.version} keeps the state of every statement`
                  }
                  description={
                    previewDropping.length > 0
                      ? 'Statements whose windows or metrics changed, or that were removed, lose their state. Tick each one to confirm before deploying; the others keep theirs.'
                      : `Worked out from ${preview!.restoreFrom}; new statements start empty.`
                  }
                />
                <RestorePlanTable view={previewView} dropping={previewDropping} ticked={previewTicked} onTick={tick(setPreviewTicked)} />
              </>
            )}
            {previewError !== null && <Alert type="info" showIcon message="What the deploy keeps could not be worked out; deploying still checks it" description={previewError instanceof Error ? previewError.message : String(previewError)} />}
          </div>
        )}
        <Button type="primary" disabled={!saved || !mayDeploy} loading={deploying && !refusal} data-testid="mg-deploy" onClick={() => deploy(confirmDrop(previewDropping, previewTicked))}>
          {saved ? `Deploy version ${saved.version}` : 'Deploy (save a version first)'}
        </Button>
        {refusal && (
          <div data-testid="mg-restore-plan" style={{ marginTop: 12 }}>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              message="This version cannot restore the state of every statement of the running job"
              description="Statements whose windows or metrics changed start from empty state. Tick each one to confirm; the others keep their state."
            />
            <RestorePlanTable view={refusal} dropping={dropping} ticked={ticked} onTick={tick(setTicked)} />
            <Button danger style={{ marginTop: 8 }} loading={deploying} disabled={confirmDrop(dropping, ticked).length !== dropping.length} data-testid="mg-deploy-confirm" onClick={() => deploy(confirmDrop(dropping, ticked))}>
              Deploy, dropping the ticked statements' state
            </Button>
          </div>
        )}
        {deployed && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="mg-deployed"
            message={
              <span>
                Deployed as <Link to={'/jobs/' + seg(deployed.name)}>{deployed.name}</Link> ({deployed.state})
              </span>
            }
          />
        )}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Card>
    </div>
  );
}
