import { Button, Card, Popconfirm, Result, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { GrantsPanel } from '../artifacts/GrantsPanel';
import type { ArtifactVersion } from '../artifacts/types';
import { VersionFacts, VersionFunctions } from '../artifacts/VersionFunctions';
import { ErrorAlert } from '../components/ErrorAlert';

/** One artifact: its versions newest first, each with its functions; delete a version, register a class, grants. */
export function ArtifactPage() {
  const { name = '' } = useParams();
  const me = useMe();
  const [versions, setVersions] = useState<ArtifactVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [registered, setRegistered] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setVersions(await api.get<ArtifactVersion[]>(`/api/v1/artifacts/${seg(name)}/versions`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [name]);
  useEffect(() => {
    load();
  }, [load]);

  if (!versions && !error) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!versions) {
    return error instanceof ApiError && error.status === 404 ? (
      <Result status="404" title={`No artifact named '${name}'`} extra={<Link to="/artifacts">Artifacts</Link>} />
    ) : (
      <ErrorAlert error={error} />
    );
  }
  const project = versions[0]?.project ?? '';
  const remove = async (v: ArtifactVersion) => {
    setActionError(null);
    try {
      await api.del(`/api/v1/artifacts/${seg(name)}/versions/${v.version}`);
      load();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <div data-testid="artifact-page">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {name}
        </Typography.Title>
        <Typography.Text type="secondary">project {project}</Typography.Text>
      </Space>
      <ErrorAlert error={actionError} style={{ marginBottom: 12 }} />
      {registered && <Typography.Paragraph data-testid="registered">Registered {registered}.</Typography.Paragraph>}
      {versions.map((v) => (
        <Card
          key={v.version}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="artifact-version"
          data-version={v.version}
          title={
            <Space>
              <span>v{v.version}</span>
              <span className="mono">{v.fileName}</span>
              <VersionFacts v={v} />
            </Space>
          }
          extra={
            hasRole(me, project, 'operator') ? (
              <Popconfirm
                title={`Delete ${name}:${v.version}?`}
                onConfirm={() => remove(v)}
                okButtonProps={{ 'data-testid': 'delete-version-confirm' } as never}
              >
                <Button size="small" danger data-testid="delete-version">
                  Delete
                </Button>
              </Popconfirm>
            ) : null
          }
        >
          <VersionFunctions v={v} mayRegister={hasRole(me, project, 'owner')} onRegistered={() => setRegistered(`a function from ${name}:${v.version}`)} />
        </Card>
      ))}
      <GrantsPanel on="artifact" name={name} mayGrant={hasRole(me, project, 'owner')} />
    </div>
  );
}
