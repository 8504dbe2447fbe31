import { Alert, Button, Empty, InputNumber, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import { hasRole, useMe } from '../api/session';
import type { Job } from '../api/types';
import { buildStart, DEFAULT_LIMITS, defaultInput, SourceInputError, type Limits, type SourceInput } from '../debug/request';
import { sourceTables } from '../debug/script';
import { SourceInputCard, type SourceProblem } from '../debug/SourceInputCard';
import { LIMITS, type DeclaredTable, type LimitName, type RunView, type SourceTable } from '../debug/types';
import { ErrorAlert } from './ErrorAlert';

export interface DebugDialogProps {
  job: Job;
  /** The script to debug: the editor's current text, saved or not. */
  script: string;
  open: boolean;
  onClose: () => void;
  /** Called with the id of the debug run the server started; the caller opens /debug/{runId}. */
  onStarted: (runId: string) => void;
}

/** A 422 about sample rows names table, row and column for each problem. */
interface RowProblem {
  table?: string;
  row?: number;
  column?: string | null;
  message: string;
}

/** The server's sample-row problems per table, with each row's line in what the user pasted. */
export function rowProblems(error: unknown, lines: Record<string, number[]>): Record<string, SourceProblem[]> {
  const out: Record<string, SourceProblem[]> = {};
  if (!(error instanceof ApiError)) return out;
  for (const p of error.errors as unknown as RowProblem[]) {
    if (!p.table) continue;
    const key = Object.keys(lines).find((t) => t.toLowerCase() === p.table!.toLowerCase()) ?? p.table;
    const line = p.row && lines[key] ? (lines[key][p.row - 1] ?? null) : null;
    const where = [p.row ? `row ${p.row}` : '', p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ');
    (out[key] ??= []).push({ line, message: where ? `${where}: ${p.message}` : p.message });
  }
  return out;
}

/** Choose sample rows, generated rows or live input per source table and start a debug run. */
export function DebugDialog({ job, script, open, onClose, onStarted }: DebugDialogProps) {
  const me = useMe();
  const [tables, setTables] = useState<SourceTable[] | null>(null);
  const [fromText, setFromText] = useState(false);
  const [tablesError, setTablesError] = useState<unknown>(null);
  const [inputs, setInputs] = useState<Record<string, SourceInput>>({});
  const [limits, setLimits] = useState<Limits>(DEFAULT_LIMITS);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, SourceProblem[]>>({});
  const [starting, setStarting] = useState(false);
  const body = useRef<HTMLDivElement>(null);

  // A refusal shows where it is: the first table with a problem, else the error at the top.
  useEffect(() => {
    if (!error) return;
    const target = body.current?.querySelector('[data-testid="debug-source-error"]') ?? body.current?.querySelector('[data-testid="api-error"]');
    target?.scrollIntoView?.({ block: 'nearest' });
  }, [error, problems]);

  useEffect(() => {
    if (!open) return;
    let alive = true;
    setTables(null);
    setTablesError(null);
    api
      .post<{ tables: DeclaredTable[] }>('/api/v1/sql/tables', { script, project: job.project })
      .then((r) => {
        if (!alive) return;
        setTables(sourceTables(script, r.tables));
        setFromText(false);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        // Without the server's list (an older server, or a script it cannot read) the script's text still names its tables.
        if (!(e instanceof ApiError && (e.status === 404 || e.status === 405))) setTablesError(e);
        setTables(sourceTables(script, null));
        setFromText(true);
      });
    return () => {
      alive = false;
    };
  }, [open, script, job.project]);

  const inputOf = (t: SourceTable) => inputs[t.name] ?? defaultInput(t);

  const start = async () => {
    if (!tables) return;
    setError(null);
    setProblems({});
    let built;
    try {
      built = buildStart(job.id, script, tables, Object.fromEntries(tables.map((t) => [t.name, inputOf(t)])), limits);
    } catch (e) {
      if (e instanceof SourceInputError && tables.some((t) => t.name === e.table)) {
        setProblems({ [e.table]: [{ line: e.line, message: e.message.replace(/^[^:]*: /, '') }] });
        setError(new Error(`${e.table}: ${e.message.replace(/^[^:]*: /, '')}`));
      } else setError(e);
      return;
    }
    setStarting(true);
    try {
      const run = await api.post<RunView>('/api/v1/debug-runs', built.body);
      onStarted(run.id);
    } catch (e) {
      setError(e);
      setProblems(rowProblems(e, built.lines));
    } finally {
      setStarting(false);
    }
  };

  const mayReadLive = hasRole(me, job.project, 'operator');

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={`Debug ${job.name}`}
      width={920}
      styles={{ body: { maxHeight: 'calc(100vh - 260px)', overflowY: 'auto' } }}
      footer={
        <Space>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="primary" data-testid="debug-start" loading={starting} disabled={tables === null} onClick={start}>
            Start
          </Button>
        </Space>
      }
    >
      <div data-testid="debug-dialog" ref={body}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          The script runs as a job of its own with a tap on every view, CTE and INSERT; its sinks are not written. Choose the
          input of each table it reads.
        </Typography.Paragraph>
        <ErrorAlert error={tablesError} style={{ marginBottom: 12 }} />
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        {tables === null ? (
          <div style={{ textAlign: 'center', padding: 24 }}>
            <Spin />
          </div>
        ) : tables.length === 0 ? (
          <Empty description="The script reads no table it declares: the run reads its input as the script says." />
        ) : (
          <>
            {fromText && !tablesError && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title="Tables and columns read from the script's text" />
            )}
            {tables.map((t) => (
              <SourceInputCard
                key={t.name}
                table={t}
                input={inputOf(t)}
                onChange={(next) => setInputs((all) => ({ ...all, [t.name]: next }))}
                mayReadLive={mayReadLive}
                problems={problems[t.name] ?? []}
              />
            ))}
          </>
        )}
        <Space wrap style={{ marginTop: 4 }} data-testid="debug-limits">
          {(Object.keys(LIMITS) as LimitName[]).map((name) => (
            <Space key={name} size={4}>
              <span>{LIMITS[name].label}</span>
              <InputNumber
                data-testid={'debug-limit-' + name}
                min={1}
                max={LIMITS[name].max}
                value={limits[name]}
                onChange={(v) => setLimits((l) => ({ ...l, [name]: typeof v === 'number' ? v : 0 }))}
                suffix={LIMITS[name].unit}
                style={{ width: 130 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                default {LIMITS[name].default}, at most {LIMITS[name].max}
              </Typography.Text>
            </Space>
          ))}
        </Space>
      </div>
    </Modal>
  );
}
