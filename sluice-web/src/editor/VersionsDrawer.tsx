import { Button, Drawer, Empty, Popconfirm, Select, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Job, JobVersion } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ScriptDiff } from './ScriptDiff';
import type { Saved } from './types';

export interface VersionsDrawerProps {
  job: Job;
  open: boolean;
  onClose: () => void;
  /** Whether the caller may roll back (developer), and why not. */
  canRollback: boolean;
  rollbackDenied?: string;
  onRolledBack: (saved: Saved) => void;
}

/** The two versions to compare by default: the one before the newest, and the newest. */
export function defaultPair(versions: JobVersion[]): [number, number] | null {
  if (versions.length === 0) return null;
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const newest = numbers[numbers.length - 1];
  return [numbers.length > 1 ? numbers[numbers.length - 2] : newest, newest];
}

/** Versions of a job, a side-by-side diff of any two (the older on the left) and roll back. */
export function VersionsDrawer({ job, open, onClose, canRollback, rollbackDenied, onRolledBack }: VersionsDrawerProps) {
  const [versions, setVersions] = useState<JobVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const [rolling, setRolling] = useState<number | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const list = await api.get<JobVersion[]>('/api/v1/jobs/' + job.id + '/versions');
      const sorted = [...list].sort((a, b) => b.version - a.version);
      setVersions(sorted);
      setPair((p) => p ?? defaultPair(sorted));
    } catch (e) {
      setError(e);
    }
  }, [job.id]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const rollback = async (version: number) => {
    setRolling(version);
    setError(null);
    try {
      const saved = await api.post<Saved>('/api/v1/jobs/' + job.id + '/rollback', { version });
      setPair(null);
      await load();
      onRolledBack(saved);
    } catch (e) {
      setError(e);
    } finally {
      setRolling(null);
    }
  };

  const byNumber = new Map((versions ?? []).map((v) => [v.version, v]));
  const [a, b] = pair ?? [0, 0];
  const older = byNumber.get(Math.min(a, b));
  const newer = byNumber.get(Math.max(a, b));
  const options = (versions ?? []).map((v) => ({ value: v.version, label: `v${v.version}${v.comment ? ' · ' + v.comment : ''}` }));

  return (
    <Drawer title={`Versions of ${job.name}`} open={open} onClose={onClose} size={1100} destroyOnHidden data-testid="versions-drawer">
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {versions === null && !error ? (
        <Spin />
      ) : versions && versions.length === 0 ? (
        <Empty description="No versions" />
      ) : versions ? (
        <>
          <Table<JobVersion>
            rowKey="version"
            size="small"
            dataSource={versions}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            onRow={(v) => ({ 'data-testid': 'version-row', 'data-version': v.version }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: 'Version', dataIndex: 'version', render: (v: number) => `v${v}${v === job.currentVersion ? ' (current)' : ''}${v === job.deployedVersion ? ' (deployed)' : ''}` },
              { title: 'Author', dataIndex: 'author' },
              { title: 'Comment', dataIndex: 'comment', render: (c: string | null) => c ?? '' },
              { title: 'Saved', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString() },
              {
                title: '',
                key: 'actions',
                render: (_, v) => (
                  <Space size="small">
                    <Button size="small" onClick={() => setPair([v.version, job.currentVersion])} data-testid="compare-current">
                      Compare with current
                    </Button>
                    {v.version !== job.currentVersion && (
                      <Tooltip title={canRollback ? undefined : rollbackDenied}>
                        <Popconfirm
                          title={`Save v${v.version} as the newest version? Unsaved edits in the editor are replaced.`}
                          onConfirm={() => rollback(v.version)}
                          disabled={!canRollback}
                        >
                          <Button size="small" danger disabled={!canRollback} loading={rolling === v.version} data-testid="rollback">
                            Roll back
                          </Button>
                        </Popconfirm>
                      </Tooltip>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <Space style={{ margin: '12px 0 8px' }}>
            <Typography.Text>Compare</Typography.Text>
            <Select style={{ width: 260 }} value={a || undefined} options={options} onChange={(v) => setPair([v, b])} data-testid="diff-from" />
            <Typography.Text>with</Typography.Text>
            <Select style={{ width: 260 }} value={b || undefined} options={options} onChange={(v) => setPair([a, v])} data-testid="diff-to" />
          </Space>
          {older && newer && (
            <div data-testid="versions-diff" data-original={older.version} data-modified={newer.version}>
              <div className="editor-diff-labels">
                <span>v{older.version} (older)</span>
                <span>v{newer.version}</span>
              </div>
              <div style={{ height: 380, border: '1px solid #d9d9d9' }}>
                <ScriptDiff original={older.script} modified={newer.script} />
              </div>
            </div>
          )}
        </>
      ) : null}
    </Drawer>
  );
}
