import { Alert, Button, Card, Input, InputNumber, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { generateRows, isInput } from './generate';
import { canReadLive, exampleText, type SourceInput, type SourceMode } from './request';
import type { SourceTable } from './types';

/** A problem with one table's input, shown on its card. */
export interface SourceProblem {
  line: number | null;
  message: string;
}

function toLocalInput(ms: number | null): string {
  if (ms == null) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function SourceInputCard({
  table,
  input,
  onChange,
  mayReadLive,
  problems,
}: {
  table: SourceTable;
  input: SourceInput;
  onChange: (input: SourceInput) => void;
  /** Reading production rows needs the operator role. */
  mayReadLive: boolean;
  problems: SourceProblem[];
}) {
  const set = (patch: Partial<SourceInput>) => onChange({ ...input, ...patch });
  const kafka = canReadLive(table);
  const preview = useMemo(
    () => (input.mode === 'generate' ? generateRows(table.columns, Math.min(Math.max(input.count || 0, 0), 3), input.seed || 0) : []),
    [input.mode, input.count, input.seed, table.columns],
  );
  const modes: { value: SourceMode; label: React.ReactNode; disabled?: boolean }[] = [
    { value: 'generate', label: 'Generate rows' },
    { value: 'json', label: 'JSON rows' },
    { value: 'csv', label: 'CSV rows' },
    {
      value: 'live',
      disabled: !kafka || !mayReadLive,
      label: (
        <Tooltip title={!kafka ? 'Only a Kafka table can be read live' : !mayReadLive ? 'Reading live rows needs the operator role' : undefined}>
          Live Kafka
        </Tooltip>
      ),
    },
    { value: 'declared', label: 'As declared' },
  ];
  return (
    <Card
      size="small"
      data-testid="debug-source"
      data-table={table.name}
      style={{ marginBottom: 12 }}
      title={
        <Space size="small">
          <span className="mono">{table.name}</span>
          {table.connector && <Tag variant="outlined">{table.connector}</Tag>}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            statement {table.statement}, line {table.line}
          </Typography.Text>
        </Space>
      }
    >
      <div style={{ marginBottom: 8 }} className="mono">
        {table.columns.map((c) => (
          <Tag key={c.name} variant="filled" color={isInput(c) ? undefined : 'default'} style={{ opacity: isInput(c) ? 1 : 0.55 }}>
            {c.name} {c.computed ? 'computed' : c.type}
            {c.metadata ? ' (metadata)' : ''}
          </Tag>
        ))}
      </div>
      <div data-testid="debug-mode" data-table={table.name} data-mode={input.mode} style={{ marginBottom: 8 }}>
        <Radio.Group
          optionType="button"
          size="small"
          value={input.mode}
          onChange={(e) => {
            const mode = e.target.value as SourceMode;
            // Rows the user has not touched follow the format; rows they wrote stay as they are.
            const untouched =
              !input.text.trim() ||
              ((input.mode === 'json' || input.mode === 'csv') && input.text === exampleText(table, input.mode));
            set({ mode, text: (mode === 'json' || mode === 'csv') && untouched ? exampleText(table, mode) : input.text });
          }}
          options={modes}
        />
      </div>
      {(input.mode === 'json' || input.mode === 'csv') && (
        <>
          <Input.TextArea
            data-testid="debug-sample"
            data-table={table.name}
            className="mono"
            rows={6}
            value={input.text}
            onChange={(e) => set({ text: e.target.value })}
            placeholder={input.mode === 'json' ? 'A JSON array of objects, or one object per line' : 'A header row naming the columns, then one row per line'}
            spellCheck={false}
          />
          <Space style={{ marginTop: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {input.mode === 'json'
                ? 'Keys are column names; timestamps as 2024-01-01 12:00:00.000.'
                : 'The header names the columns in any order; an empty cell is NULL, "" an empty string.'}
            </Typography.Text>
            <Button size="small" type="link" onClick={() => set({ text: exampleText(table, input.mode === 'csv' ? 'csv' : 'json') })}>
              Replace with example rows
            </Button>
          </Space>
        </>
      )}
      {input.mode === 'generate' && (
        <>
          <Space wrap>
            <span>Rows</span>
            <InputNumber
              data-testid="debug-generate-count"
              data-table={table.name}
              min={1}
              max={100000}
              value={input.count}
              onChange={(v) => set({ count: typeof v === 'number' ? v : 0 })}
            />
            <span>seed</span>
            <InputNumber data-testid="debug-generate-seed" min={0} value={input.seed} onChange={(v) => set({ seed: typeof v === 'number' ? v : 0 })} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              The same seed makes the same rows.
            </Typography.Text>
          </Space>
          {preview.length > 0 && (
            <pre className="mono" style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap', background: '#fafafa', padding: 6 }}>
              {preview.map((r) => JSON.stringify(r)).join('\n')}
              {input.count > preview.length ? '\n…' : ''}
            </pre>
          )}
        </>
      )}
      {input.mode === 'live' && (
        <Space wrap>
          <span>Read from</span>
          <Radio.Group
            size="small"
            value={input.from}
            onChange={(e) => set({ from: e.target.value })}
            options={[
              { value: 'latest', label: 'latest' },
              { value: 'earliest', label: 'earliest' },
              { value: 'timestamp', label: 'a time' },
            ]}
          />
          {input.from === 'timestamp' && (
            <Input
              type="datetime-local"
              step={1}
              size="small"
              data-testid="debug-live-timestamp"
              value={toLocalInput(input.timestamp)}
              onChange={(e) => set({ timestamp: e.target.value ? new Date(e.target.value).getTime() : null })}
              style={{ width: 220 }}
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Under a consumer group of its own that commits nothing.
          </Typography.Text>
        </Space>
      )}
      {input.mode === 'declared' && (
        <Typography.Text type="secondary">Read as the script declares it ({table.connector ?? 'its connector'}).</Typography.Text>
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="debug-source-error"
          title={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p, i) => (
                <li key={i}>
                  {p.line ? <code>line {p.line}</code> : null}
                  {p.line ? ': ' : ''}
                  {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}
