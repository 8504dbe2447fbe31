import { Alert, Button, Card, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { DebugRunView, type DebugRunSettings } from '../pages/DebugPage';
import type { Samples } from './SourcesStep';
import { splitEvents } from './samples';
import type { Definition } from './types';

/** Debug start for the definition: the pasted lines of each source as they are, or each source read live. */
export function debugRequest(definition: Definition, samples: Samples, live: boolean): Record<string, unknown> {
  if (live) {
    return { definition, live: Object.fromEntries(definition.sources.map((s) => [s.name, { from: 'latest' }])) };
  }
  return {
    definition,
    samples: Object.fromEntries(definition.sources.map((s) => [s.name, { rows: splitEvents(samples[s.name] ?? '').lines }])),
  };
}

/** Runs the definition on the sample events (or live) with a tap per step; nothing is written to the sinks. */
export function DebugStep({ definition, samples, project, mayReadLive }: { definition: Definition; samples: Samples; project: string; mayReadLive: boolean }) {
  const [live, setLive] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [settings, setSettings] = useState<DebugRunSettings>({ step: null, order: null, view: null });
  const counts = definition.sources.map((s) => ({ name: s.name, ...splitEvents(samples[s.name] ?? '') }));
  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const run = await api.post<{ id: string }>('/api/v1/metric-groups/debug?project=' + encodeURIComponent(project), debugRequest(definition, samples, live));
      setSettings({ step: null, order: null, view: null });
      setRunId(run.id);
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div data-testid="mg-step-debug">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={live ? 'live' : 'samples'} onChange={(e) => setLive(e.target.value === 'live')}>
            <Radio value="samples">On the sample events of each source (Sources step)</Radio>
            <Radio value="live" disabled={!mayReadLive}>
              Live, from the topics' latest offsets{mayReadLive ? '' : ' (needs the operator role)'}
            </Radio>
          </Radio.Group>
          {!live && (
            <Typography.Text type="secondary" data-testid="mg-debug-samples">
              {counts.map((c) => `${c.name}: ${c.lines.length} lines${c.malformed ? ` (${c.malformed} malformed)` : ''}`).join(' · ')}
            </Typography.Text>
          )}
          {!live && counts.some((c) => c.lines.length === 0) && (
            <Alert type="info" showIcon message="A source without sample events reads nothing: paste or fetch events in the Sources step" />
          )}
          <Button type="primary" loading={starting} data-testid="mg-debug-start" onClick={start}>
            Debug run
          </Button>
          <Typography.Text type="secondary">
            Every view and every window's statement gets a tap; no sink is written. Malformed events are counted in malformed__&lt;sink&gt;.
          </Typography.Text>
        </Space>
      </Card>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {runId && <DebugRunView runId={runId} settings={settings} onSetting={(k, v) => setSettings((s) => ({ ...s, [k]: v }))} embedded />}
    </div>
  );
}
