import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import type { DataSource, Readiness, ReadinessCheck } from './types';

function CheckTag({ c }: { c: ReadinessCheck }) {
  if (c.ok) return <Tag color="green">ok</Tag>;
  return c.severity === 'warning' ? <Tag color="orange">warning</Tag> : <Tag color="red">error</Tag>;
}

/** Whether the database is set up for change data capture, for the tables ticked on the tables tab. */
export function ReadinessTab({ ds, tables, mayCheck }: { ds: DataSource; tables: string[]; mayCheck: boolean }) {
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    setError(null);
    setBusy(true);
    try {
      const q = tables.length > 0 ? '?tables=' + tables.map(seg).join(',') : '';
      setReadiness(await api.get<Readiness>(`/api/v1/datasources/${seg(ds.id)}/readiness${q}`));
    } catch (e) {
      setReadiness(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const failed = readiness?.checks.filter((c) => !c.ok) ?? [];
  return (
    <div data-testid="datasource-readiness">
      <Space style={{ marginBottom: 12 }} wrap>
        <Gated allowed={mayCheck} why={`Checking needs the developer role in project ${ds.project}`}>
          <Button type="primary" onClick={check} loading={busy} disabled={!mayCheck} data-testid="readiness-check">
            Check
          </Button>
        </Gated>
        <Typography.Text type="secondary" data-testid="readiness-tables">
          {tables.length > 0
            ? `the database and ${tables.join(', ')}`
            : 'the database and every table it lists: tick tables on the Tables tab to check only those'}
        </Typography.Text>
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {readiness && (
        <>
          <Alert
            showIcon
            type={readiness.ready ? 'success' : 'error'}
            style={{ marginBottom: 12 }}
            data-testid="readiness-overall"
            title={
              readiness.ready
                ? `Ready for change data capture`
                : `Not ready for change data capture: ${failed.length} ${failed.length === 1 ? 'check fails' : 'checks fail'}`
            }
          />
          {readiness.notes.map((n, i) => (
            <Alert key={i} type="info" showIcon style={{ marginBottom: 8 }} title={n} data-testid="readiness-note" />
          ))}
          <Table<ReadinessCheck>
            rowKey={(c) => c.name}
            size="small"
            dataSource={readiness.checks}
            pagination={false}
            onRow={(c) => ({ 'data-testid': 'readiness-check-row', 'data-name': c.name, 'data-ok': String(c.ok) } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: 'Check', dataIndex: 'name', render: (n: string) => <span className="mono">{n}</span> },
              { title: '', key: 'status', render: (_, c) => <CheckTag c={c} /> },
              { title: 'Actual', dataIndex: 'actual', render: (a: string | null) => <span className="mono">{a ?? ''}</span> },
              { title: 'Expected', dataIndex: 'expected', render: (x: string | null) => <span className="mono">{x ?? ''}</span> },
              { title: 'Message', dataIndex: 'message' },
              {
                title: 'Fix',
                dataIndex: 'fix',
                render: (f: string | null) =>
                  f ? (
                    <Typography.Paragraph copyable={{ text: f }} style={{ margin: 0 }} data-testid="readiness-fix">
                      <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{f}</pre>
                    </Typography.Paragraph>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
