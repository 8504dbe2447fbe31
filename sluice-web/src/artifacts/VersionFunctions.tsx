import { Button, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime } from '../detail/types';
import { formatBytes, type ArtifactVersion, type ScannedFunction } from './types';

/** A version's sha256 (shortened, the whole on hover), size, uploader, time and comment. */
export function VersionFacts({ v }: { v: ArtifactVersion }) {
  return (
    <span data-testid="version-facts">
      <Tooltip title={v.sha256}>
        <span className="mono" data-testid="sha256">{v.sha256.slice(0, 12)}</span>
      </Tooltip>
      {' · '}
      {formatBytes(v.sizeBytes)} · {v.uploadedBy} · {formatTime(v.uploadedAt)}
      {v.comment ? ` · ${v.comment}` : ''}
    </span>
  );
}

/** The function classes scanned in a version; "Register" on those SQL can call, when allowed. */
export function VersionFunctions({ v, mayRegister, onRegistered }: { v: ArtifactVersion; mayRegister?: boolean; onRegistered?: () => void }) {
  const [registering, setRegistering] = useState<ScannedFunction | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const register = async () => {
    if (!registering) return;
    setError(null);
    try {
      await api.post('/api/v1/functions', { name: name.trim(), artifact: v.artifact, version: v.version, className: registering.className });
      setRegistering(null);
      onRegistered?.();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Table<ScannedFunction>
        rowKey="className"
        size="small"
        pagination={false}
        dataSource={v.functions}
        locale={{ emptyText: 'No function class' }}
        data-testid={`functions-of-${v.version}`}
        onRow={(f) => ({ 'data-testid': 'scanned-function', 'data-class': f.className } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: 'Class', dataIndex: 'className', render: (c: string) => <span className="mono">{c}</span> },
          { title: 'Kind', dataIndex: 'kind', render: (k: string) => <Tag>{k}</Tag> },
          {
            title: 'Signatures',
            key: 'signatures',
            render: (_, f) =>
              f.problem ? (
                <Typography.Text type="danger" data-testid="function-problem">{f.problem}</Typography.Text>
              ) : (
                f.signatures.map((s) => (
                  <div key={s} className="mono" data-testid="signature">{s}</div>
                ))
              ),
          },
          {
            title: '',
            key: 'register',
            render: (_, f) =>
              mayRegister && !f.problem ? (
                <Button size="small" data-testid="register" onClick={() => { setRegistering(f); setName(''); setError(null); }}>
                  Register
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!registering}
        title={registering ? `Register ${registering.className} of ${v.artifact}:${v.version}` : ''}
        onCancel={() => setRegistering(null)}
        onOk={register}
        okText="Register"
        okButtonProps={{ 'data-testid': 'register-confirm', disabled: !name.trim() } as never}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Typography.Paragraph type="secondary">Lower-case letters, digits and _, with at most one dot: risk.decrypt_card.</Typography.Paragraph>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="function name" data-testid="register-name" />
      </Modal>
    </>
  );
}
