import { Button, Descriptions, Empty, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import type { VertexData } from './model';
import { chainUids, overrideOf, parallelismChange } from './parallelism';
import type { ParallelismChange, ParallelismSettings } from './types';

export interface ParallelismPanelProps {
  jobId: number;
  vertex: VertexData | null;
  settings: ParallelismSettings | null;
  settingsError: unknown;
  mayEdit: boolean;
  onSaved: (settings: ParallelismSettings) => void;
}

/** The selected vertex in full, and its parallelism override (applied at the next deploy). */
export function ParallelismPanel({ jobId, vertex, settings, settingsError, mayEdit, onSaved }: ParallelismPanelProps) {
  const uids = vertex ? chainUids(vertex, settings?.plan?.graph) : [];
  const override = overrideOf(uids, settings);
  const [value, setValue] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [defaultValue, setDefaultValue] = useState<number | null>(null);

  useEffect(() => setDefaultValue(settings?.defaultParallelism ?? null), [settings?.defaultParallelism]);

  useEffect(() => {
    setValue(vertex ? (override ?? vertex.parallelism) : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vertex?.id, override]);
  useEffect(() => {
    setError(null);
    setSaved(false);
  }, [vertex?.id]);

  const put = async (body: ParallelismChange) => {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const next = await api.put<ParallelismSettings>(`/api/v1/jobs/${jobId}/parallelism`, body);
      setSaved(true);
      onSaved(next);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const save = () => {
    if (settings && value != null) put(parallelismChange(settings, uids, value));
  };

  if (!vertex) {
    return (
      <div data-testid="vertex-panel">
        <Empty description="Select a vertex to see its operators and set its parallelism" />
        {settings && (
          <>
            <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label="Max parallelism">{settings.maxParallelism}</Descriptions.Item>
              <Descriptions.Item label="Overrides">{Object.keys(settings.operators).length}</Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>Job default parallelism</Typography.Text>
            <div style={{ margin: '6px 0' }}>
              <Space>
                <InputNumber
                  min={1}
                  max={settings.maxParallelism}
                  value={defaultValue}
                  placeholder="cluster default"
                  onChange={(v) => setDefaultValue(typeof v === 'number' ? v : null)}
                  disabled={!mayEdit}
                  data-testid="default-parallelism-input"
                />
                <Button
                  onClick={() => put({ defaultParallelism: defaultValue, maxParallelism: settings.maxParallelism, operators: settings.operators })}
                  loading={saving}
                  disabled={!mayEdit || defaultValue === settings.defaultParallelism}
                  data-testid="default-parallelism-save"
                >
                  Save
                </Button>
              </Space>
            </div>
            {saved && <Typography.Text type="success" data-testid="parallelism-saved">Saved: applies at the next deploy.</Typography.Text>}
          </>
        )}
        <ErrorAlert error={error ?? settingsError} style={{ marginTop: 8 }} />
      </div>
    );
  }

  return (
    <div data-testid="vertex-panel" data-vertex-id={vertex.id}>
      <Typography.Title level={5} style={{ marginTop: 0, wordBreak: 'break-word' }}>
        {vertex.name}
      </Typography.Title>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="Vertex">
          <span className="mono">{vertex.id}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Parallelism">
          {vertex.parallelism}
          {override != null && override !== vertex.parallelism ? ` (${override} from the next deploy)` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="Max parallelism">{vertex.maxParallelism > 0 ? vertex.maxParallelism : '–'}</Descriptions.Item>
        {vertex.status && <Descriptions.Item label="Status">{vertex.status}</Descriptions.Item>}
      </Descriptions>
      <Typography.Text strong>Operators</Typography.Text>
      <ol style={{ paddingLeft: 20, margin: '4px 0 12px', fontSize: 12 }}>
        {vertex.operators.map((o, i) => (
          <li key={i} style={{ wordBreak: 'break-word' }}>
            {o.name}
            {o.uid && (
              <div className="mono" style={{ color: '#8c8c8c' }}>
                {o.uid}
              </div>
            )}
          </li>
        ))}
      </ol>
      {vertex.statements.length > 0 && (
        <>
          <Typography.Text strong>Statements</Typography.Text>
          <ul style={{ paddingLeft: 20, margin: '4px 0 12px', fontSize: 12 }}>
            {vertex.statements.map((s) => (
              <li key={s} className="mono" style={{ wordBreak: 'break-all' }}>
                {s}
              </li>
            ))}
          </ul>
        </>
      )}
      <Typography.Text strong>Parallelism override</Typography.Text>
      <div style={{ margin: '6px 0' }}>
        {uids.length === 0 ? (
          <Typography.Text type="secondary">This vertex has no stable uid: its parallelism follows the job's.</Typography.Text>
        ) : (
          <Space>
            <InputNumber
              min={1}
              max={settings?.maxParallelism ?? vertex.maxParallelism}
              value={value}
              onChange={(v) => setValue(typeof v === 'number' ? v : null)}
              disabled={!mayEdit || !settings}
              data-testid="parallelism-input"
            />
            <Button type="primary" onClick={save} loading={saving} disabled={!mayEdit || !settings || value == null} data-testid="parallelism-save">
              Save
            </Button>
          </Space>
        )}
      </div>
      {!mayEdit && uids.length > 0 && <Typography.Text type="secondary">Changing parallelism needs the operator role.</Typography.Text>}
      {saved && <Typography.Text type="success" data-testid="parallelism-saved">Saved: applies at the next deploy.</Typography.Text>}
      <ErrorAlert error={error ?? settingsError} style={{ marginTop: 8 }} />
    </div>
  );
}
