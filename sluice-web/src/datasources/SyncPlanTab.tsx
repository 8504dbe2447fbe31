import { Alert, Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import { fieldErrors, formatRows, type DataSource, type SchemaInfo, type SyncPlan, type SyncPlanColumn, type SyncPlanTable } from './types';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A name as a pattern that matches only itself. */
const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A YAML list item, quoted only when it has to be. */
const item = (text: string) => (/^[A-Za-z0-9_][A-Za-z0-9_.\\$*+?^()|-]*$/.test(text) ? text : `'${text.replace(/'/g, "''")}'`);

/** The ticked tables (`schema.table`) as patterns matching exactly them. */
function tablePattern(table: string): string {
  const dot = table.indexOf('.');
  return dot < 0 ? literal(table) : `${literal(table.slice(0, dot))}.${literal(table.slice(dot + 1))}`;
}

/** A definition to start from: the given table patterns into Kafka, one topic per table. */
function example(patterns: string[]): string {
  return [
    '# schema.table, each side a regular expression matched against the whole name',
    'tables:',
    ...patterns.map((p) => `  - ${item(p)}`),
    '# exclude: [public.tmp_.*]',
    'target:',
    '  type: kafka',
    '  bootstrapServers: localhost:9092',
    '  topic: "cdc.{schema}.{table}"',
    '  format: debezium-json',
    '# schemaChanges: evolve',
    '',
  ].join('\n');
}

/** Every table of a schema: the schema itself, then a table pattern matching any name. */
const wholeSchema = (schema: string) => `${literal(schema)}.*`;

function Problems({ problems, warnings }: { problems: string[]; warnings: string[] }) {
  return (
    <>
      {problems.map((p, i) => (
        <Alert key={`p${i}`} type="error" showIcon style={{ marginBottom: 8 }} title={p} data-testid="sync-plan-problem" />
      ))}
      {warnings.map((w, i) => (
        <Alert key={`w${i}`} type="warning" showIcon style={{ marginBottom: 8 }} title={w} data-testid="sync-plan-warning" />
      ))}
    </>
  );
}

function Columns({ table }: { table: SyncPlanTable }) {
  return (
    <div data-testid="sync-plan-table-detail" data-name={table.source}>
      <Problems problems={table.problems} warnings={table.warnings} />
      <Table<SyncPlanColumn>
        rowKey="name"
        size="small"
        dataSource={table.columns}
        pagination={false}
        onRow={(c) => ({ 'data-testid': 'sync-plan-column-row', 'data-name': c.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Column', dataIndex: 'name', render: (n: string) => <span className="mono">{n}</span> },
          { title: 'Source type', dataIndex: 'sourceType', render: (t: string) => <span className="mono">{t}</span> },
          {
            title: 'Flink type',
            dataIndex: 'flinkType',
            render: (t: string | null) =>
              t ? (
                <span className="mono">{t}</span>
              ) : (
                <Tag color="red" data-testid="not-readable">
                  not readable
                </Tag>
              ),
          },
          { title: 'Target type', dataIndex: 'targetType', render: (t: string | null) => <span className="mono">{t ?? ''}</span> },
          {
            title: '',
            key: 'lossy',
            render: (_, c) =>
              c.lossy ? (
                <Tooltip title={c.note ?? undefined}>
                  <Tag color="orange" data-testid="sync-plan-lossy">
                    lossy
                  </Tag>
                </Tooltip>
              ) : null,
          },
          { title: 'Note', dataIndex: 'note', render: (n: string | null) => (n ? <span data-testid="sync-plan-column-note">{n}</span> : '') },
        ]}
      />
    </div>
  );
}

function Result({ plan }: { plan: SyncPlan }) {
  const problems = plan.problems.length + plan.tables.reduce((n, t) => n + t.problems.length, 0);
  const warnings = plan.warnings.length + plan.tables.reduce((n, t) => n + t.warnings.length, 0);
  const w = warnings > 0 ? plural(warnings, 'warning', 'warnings') : '';
  const title = plan.ready
    ? `Ready to sync ${plural(plan.tables.length, 'table', 'tables')} from ${plan.source} to ${plan.target}${w ? ': ' + w : ''}`
    : `Not ready to sync from ${plan.source} to ${plan.target}: ${plural(problems, 'problem', 'problems')}${w ? ', ' + w : ''}`;
  return (
    <>
      <Alert showIcon type={plan.ready ? 'success' : 'error'} style={{ marginBottom: 12 }} data-testid="sync-plan-overall" title={title} />
      <Problems problems={plan.problems} warnings={plan.warnings} />
      {plan.excluded.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="sync-plan-excluded">
          <Typography.Text type="secondary">Excluded: </Typography.Text>
          {plan.excluded.map((t) => (
            <Tag key={t} className="mono">
              {t}
            </Tag>
          ))}
        </div>
      )}
      {plan.unmatched.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="sync-plan-unmatched">
          <Typography.Text type="secondary">Matched no table: </Typography.Text>
          {plan.unmatched.map((t) => (
            <Tag key={t} color="orange" className="mono">
              {t}
            </Tag>
          ))}
        </div>
      )}
      <Table<SyncPlanTable>
        rowKey="source"
        size="small"
        dataSource={plan.tables}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: 'No table matched' }}
        expandable={{ expandedRowRender: (t) => <Columns table={t} />, expandRowByClick: true }}
        onRow={(t) => ({ 'data-testid': 'sync-plan-table-row', 'data-name': t.source, style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Source', dataIndex: 'source', render: (s: string) => <span className="mono">{s}</span> },
          { title: 'Target', dataIndex: 'target', render: (s: string) => <span className="mono">→ {s}</span> },
          {
            title: 'Primary key',
            dataIndex: 'primaryKey',
            render: (pk: string[]) =>
              pk.length > 0 ? (
                <span className="mono">{pk.join(', ')}</span>
              ) : (
                <Tag color="orange" data-testid="no-primary-key">
                  no primary key
                </Tag>
              ),
          },
          { title: 'Rows (estimate)', dataIndex: 'rowEstimate', align: 'right', render: (n: number | null) => formatRows(n) },
          {
            title: '',
            key: 'status',
            render: (_, t) => {
              const lossy = t.columns.filter((c) => c.lossy).length;
              return (
                <>
                  {t.problems.length > 0 && (
                    <Tag color="red" data-testid="sync-plan-problem-count">
                      {plural(t.problems.length, 'problem', 'problems')}
                    </Tag>
                  )}
                  {t.warnings.length > 0 && (
                    <Tag color="gold" data-testid="sync-plan-warning-count">
                      {plural(t.warnings.length, 'warning', 'warnings')}
                    </Tag>
                  )}
                  {lossy > 0 && (
                    <Tag color="orange" data-testid="sync-plan-lossy-count">
                      {plural(lossy, 'lossy column', 'lossy columns')}
                    </Tag>
                  )}
                </>
              );
            },
          },
        ]}
      />
    </>
  );
}

/**
 * What a sync of this source would do, from its definition in YAML: the tables it matches, the
 * topic or table each is written to and each column's types on the way, with what stops it and
 * what may change a value. Nothing is created: the server only reads the source's catalog.
 */
export function SyncPlanTab({ ds, tables, mayPlan }: { ds: DataSource; tables: string[]; mayPlan: boolean }) {
  const [text, setText] = useState<string | null>(() => (tables.length > 0 ? example(tables.map(tablePattern)) : null));
  const [plan, setPlan] = useState<SyncPlan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/datasources/${seg(ds.id)}`;

  // Without ticked tables the example takes every table of the first schema.
  useEffect(() => {
    if (text !== null) return;
    const fallback = ds.type === 'postgresql' ? 'public' : ds.database;
    if (!mayPlan) {
      setText(example([wholeSchema(fallback)]));
      return;
    }
    let live = true;
    api
      .get<SchemaInfo[]>(`${base}/schemas`)
      .then((list) => list[0]?.name ?? fallback)
      .catch(() => fallback)
      .then((schema) => {
        if (live) setText((t) => t ?? example([wholeSchema(schema)]));
      });
    return () => {
      live = false;
    };
  }, [text, mayPlan, base, ds.type, ds.database]);

  const run = async () => {
    if (text === null) return;
    setError(null);
    setBusy(true);
    try {
      setPlan(await api.postText<SyncPlan>(`${base}/sync-plan`, text, 'application/yaml'));
    } catch (e) {
      setPlan(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fields = Object.entries(fieldErrors(error));
  return (
    <div data-testid="datasource-sync-plan">
      <Typography.Paragraph type="secondary">
        A sync definition in YAML: the tables to read, and the target (<span className="mono">kafka</span>,{' '}
        <span className="mono">paimon</span> or <span className="mono">jdbc</span>) they are written to. Plan shows what it would do with the
        database as it is now; nothing is created.
      </Typography.Paragraph>
      <Input.TextArea
        className="mono"
        rows={14}
        spellCheck={false}
        value={text ?? ''}
        disabled={text === null}
        placeholder="Reading the schemas…"
        onChange={(e) => setText(e.target.value)}
        style={{ marginBottom: 12 }}
        data-testid="sync-plan-text"
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Gated allowed={mayPlan} why={`Planning needs the developer role in project ${ds.project}`}>
          <Button type="primary" onClick={run} loading={busy} disabled={!mayPlan || !text?.trim()} data-testid="sync-plan-run">
            Plan
          </Button>
        </Gated>
      </Space>
      {error instanceof ApiError && fields.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sync-plan-invalid"
          title={error.title}
          description={
            <>
              {error.errors.some((x) => x.field) && error.detail && <div>{error.detail}</div>}
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {fields.flatMap(([field, messages]) =>
                  messages.map((m, i) => (
                    <li key={`${field}${i}`} data-testid="sync-plan-field-error">
                      <span className="mono">{field}</span>: {m}
                    </li>
                  )),
                )}
              </ul>
            </>
          }
        />
      ) : (
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      )}
      {plan && <Result plan={plan} />}
      {plan?.ready && text !== null && <CreateJob ds={ds} text={text} mayCreate={mayPlan} />}
    </div>
  );
}

/**
 * Saves the definition as a sync job of the data source's project: the server stores it as the
 * job's first version, and the job page deploys it like any other.
 */
function CreateJob({ ds, text, mayCreate }: { ds: DataSource; text: string; mayCreate: boolean }) {
  const [name, setName] = useState(`sync-${ds.name}`);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const create = async () => {
    setError(null);
    setBusy(true);
    try {
      await api.post<{ id: number; name: string }>('/api/v1/jobs', {
        name: name.trim(),
        type: 'SYNC',
        project: ds.project,
        source: ds.name,
        script: text,
      });
      navigate(`/jobs/${encodeURIComponent(name.trim())}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginTop: 16 }} data-testid="sync-create">
      <Typography.Text strong>Create a sync job from this definition</Typography.Text>
      <Space style={{ display: 'flex', marginTop: 8, marginBottom: 8 }} wrap>
        <Input
          className="mono"
          style={{ width: 320 }}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-label="Job name"
          data-testid="sync-create-name"
        />
        <Gated allowed={mayCreate} why={`Creating jobs needs the developer role in project ${ds.project}`}>
          <Button type="primary" onClick={create} loading={busy} disabled={!mayCreate || !name.trim()} data-testid="sync-create-run">
            Create sync job
          </Button>
        </Gated>
      </Space>
      <ErrorAlert error={error} />
    </div>
  );
}
