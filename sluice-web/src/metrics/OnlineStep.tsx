import { Alert, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, seg } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { confirmDrop, droppingStatements, planOfRefusal } from '../deploy/restore';
import { RestorePlanTable } from '../deploy/RestorePlanTable';
import type { RestorePlanView } from '../deploy/types';
import type { Definition, VersionDiff, VersionView } from './types';

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

  const save = async () => {
    setSaving(true);
    setError(null);
    setDiff(null);
    setDeployed(null);
    setRefusal(null);
    try {
      const q = `?project=${encodeURIComponent(project)}${comment ? '&comment=' + encodeURIComponent(comment) : ''}`;
      const v = await api.post<VersionView>('/api/v1/metric-groups' + q, definition);
      setSaved(v);
      onSaved(v);
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
              { key: 'w', label: 'Windows', children: Object.keys(saved.windows).join(', ') },
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
        <Button type="primary" disabled={!saved || !mayDeploy} loading={deploying && !refusal} data-testid="mg-deploy" onClick={() => deploy([])}>
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
            <RestorePlanTable view={refusal} dropping={dropping} ticked={ticked} onTick={(s, on) => setTicked((t) => { const n = new Set(t); if (on) n.add(s); else n.delete(s); return n; })} />
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
