import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExpressionList, Item, NumberField, SelectField, SuggestField, TextField, testId, useDraft, type Completion } from './fields';
import { appendAt, FIELD_TYPES, freeName, getAt, preparedFields, removeAt, type EnrichDraft } from './model';

export interface JdbcTable {
  schema: string | null;
  name: string;
  type: string;
}

export interface JdbcColumn {
  name: string;
  type: string;
  /** The Flink type a lookup reads it as; null for a type Flink's JDBC connector cannot read. */
  flinkType: string | null;
  nullable: boolean;
  primaryKey: boolean;
}

export interface SecretInfo {
  name: string;
  kind: string;
  project: string | null;
}

/** The secrets a password field may reference, as `${secret:name}`. */
export function useSecrets(project: string): SecretInfo[] {
  const [secrets, setSecrets] = useState<SecretInfo[]>([]);
  useEffect(() => {
    if (!project) return;
    api
      .get<SecretInfo[]>('/api/v1/secrets?project=' + encodeURIComponent(project))
      .then((all) => setSecrets(all.filter((s) => s.kind === 'VALUE')))
      .catch(() => setSecrets([]));
  }, [project]);
  return secrets;
}

/** A password as a reference to a stored secret: the form never holds a password itself. */
export function SecretField({ path, label, secrets }: { path: string; label: string; secrets: SecretInfo[] }) {
  const { draft, set, readOnly } = useDraft();
  const value = getAt(draft, path) as string | undefined;
  return (
    <Item path={path} label={label} extra="a stored secret (Secrets), sent as ${secret:name}: the password itself is never part of the group">
      <Select
        data-testid={testId(path)}
        allowClear
        showSearch
        disabled={readOnly}
        placeholder="no password"
        value={value || undefined}
        onChange={(v) => set(path, v ?? '')}
        options={[
          ...secrets.map((s) => ({ value: '${secret:' + s.name + '}', label: s.name })),
          ...(value && !secrets.some((s) => '${secret:' + s.name + '}' === value) ? [{ value, label: value.startsWith('${secret:') ? value : '(a typed value: store it as a secret)' }] : []),
        ]}
      />
    </Item>
  );
}

function EnrichCard({ index, names, secrets }: { index: number; names: Completion[]; secrets: SecretInfo[] }) {
  const { draft, update, set, readOnly, project } = useDraft();
  const e: EnrichDraft = draft.preprocess.enrich[index];
  const base = `preprocess.enrich[${index}]`;
  const [tables, setTables] = useState<JdbcTable[] | null>(null);
  const [columns, setColumns] = useState<JdbcColumn[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const connection = () => ({ url: e.jdbc.url, username: e.jdbc.username || undefined, password: e.jdbc.password || undefined });
  const q = '?project=' + encodeURIComponent(project);

  const browse = async () => {
    setBusy(true);
    setError(null);
    try {
      setTables(await api.post<JdbcTable[]>('/api/v1/jdbc/tables' + q, connection()));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 404
          ? new Error('This server does not browse databases: type the table, its key and the columns to add')
          : err,
      );
    } finally {
      setBusy(false);
    }
  };
  const tableName = (t: JdbcTable) => (t.schema && t.schema !== 'public' ? `${t.schema}.${t.name}` : t.name);
  const loadColumns = async (table: string) => {
    setError(null);
    try {
      setColumns(await api.post<JdbcColumn[]>('/api/v1/jdbc/columns' + q, { ...connection(), table }));
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    setColumns(null);
  }, [e.jdbc.table]);

  const toggleColumn = (c: JdbcColumn, on: boolean) =>
    update((d) => {
      const fields = d.preprocess.enrich[index].fields;
      const next = on && c.flinkType ? [...fields, { name: c.name, type: c.flinkType }] : fields.filter((f) => f.name !== c.name);
      return { ...d, preprocess: { ...d.preprocess, enrich: d.preprocess.enrich.map((x, i) => (i === index ? { ...x, fields: next } : x)) } };
    });

  return (
    <Card
      size="small"
      data-testid={`mg-enrich-${index}`}
      title={`Enrichment ${index + 1}${e.name ? ': ' + e.name : ''}`}
      style={{ marginBottom: 12 }}
      extra={!readOnly && <Button size="small" danger icon={<DeleteOutlined />} onClick={() => update((d) => removeAt(d, 'preprocess.enrich', index))}>Remove</Button>}
    >
      <Row gutter={12}>
        <Col span={5}>
          <TextField path={`${base}.name`} label="Name" />
        </Col>
        <Col span={9}>
          <TextField path={`${base}.jdbc.url`} label="JDBC URL" placeholder="jdbc:postgresql://host:5432/db" />
        </Col>
        <Col span={4}>
          <TextField path={`${base}.jdbc.username`} label="User" />
        </Col>
        <Col span={6}>
          <SecretField path={`${base}.jdbc.password`} label="Password" secrets={secrets} />
        </Col>
      </Row>
      <Space style={{ marginBottom: 8 }} align="start">
        <Button size="small" loading={busy} disabled={!e.jdbc.url} data-testid={`mg-enrich-${index}-browse`} onClick={browse}>
          Browse the database's tables
        </Button>
        {tables && (
          <Select
            size="small"
            style={{ minWidth: 260 }}
            showSearch
            data-testid={`mg-enrich-${index}-tables`}
            placeholder={`${tables.length} tables`}
            value={e.jdbc.table || undefined}
            options={tables.map((t) => ({ value: tableName(t), label: `${tableName(t)} (${t.type.toLowerCase()})` }))}
            onChange={(t) => {
              set(`${base}.jdbc.table`, t);
              void loadColumns(t);
            }}
          />
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 8 }} />
      <Row gutter={12}>
        <Col span={8}>
          <TextField path={`${base}.jdbc.table`} label="Table" />
          {e.jdbc.table && !columns && (
            <Button size="small" disabled={!e.jdbc.url} data-testid={`mg-enrich-${index}-columns`} onClick={() => loadColumns(e.jdbc.table)}>
              Show its columns
            </Button>
          )}
          {columns && (
            <div data-testid={`mg-enrich-${index}-column-list`}>
              <Typography.Text type="secondary">Columns to add to the events:</Typography.Text>
              {columns.map((c) => (
                <div key={c.name}>
                  <Checkbox
                    data-testid={`mg-enrich-${index}-column-${c.name}`}
                    checked={e.fields.some((f) => f.name === c.name)}
                    disabled={readOnly || !c.flinkType}
                    title={c.flinkType ? undefined : 'Flink cannot read this type through JDBC'}
                    onChange={(ev) => toggleColumn(c, ev.target.checked)}
                  >
                    <span className="mono">{c.name}</span> <Typography.Text type="secondary">{c.flinkType ?? `${c.type}: not readable by Flink`}{c.primaryKey ? ', key' : ''}</Typography.Text>
                  </Checkbox>
                </div>
              ))}
            </div>
          )}
        </Col>
        <Col span={16}>
          <Item path={`${base}.key`} label="Join key: event field = table column" nested>
            {e.key.map((_, k) => (
              <Row key={k} gutter={8} wrap={false}>
                <Col span={11}>
                  <SelectField path={`${base}.key[${k}].field`} placeholder="event field" options={names.map((n) => ({ value: n.value }))} />
                </Col>
                <Col flex="none" style={{ lineHeight: '32px' }}>
                  =
                </Col>
                <Col span={11}>
                  <SuggestField path={`${base}.key[${k}].column`} placeholder="column" suggestions={(columns ?? []).map((c) => c.name)} />
                </Col>
                <Col flex="none">
                  {!readOnly && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label="remove key column" onClick={() => update((d) => removeAt(d, `${base}.key`, k))} />}
                </Col>
              </Row>
            ))}
            {!readOnly && (
              <Button size="small" icon={<PlusOutlined />} data-testid={`mg-enrich-${index}-add-key`} onClick={() => update((d) => appendAt(d, `${base}.key`, { field: '', column: '' }))}>
                Add a key column
              </Button>
            )}
          </Item>
          <Item path={`${base}.fields`} label="Columns added to the events (name, type)">
            <div data-testid={`mg-enrich-${index}-fields`}>
              {e.fields.map((f, k) => (
                <Row key={k} gutter={8} wrap={false}>
                  <Col span={12}>
                    <TextField path={`${base}.fields[${k}].name`} placeholder="column" />
                  </Col>
                  <Col span={11}>
                    <SuggestField path={`${base}.fields[${k}].type`} suggestions={FIELD_TYPES} />
                  </Col>
                  <Col flex="none">
                    {!readOnly && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={`remove column ${f.name}`} onClick={() => update((d) => removeAt(d, `${base}.fields`, k))} />}
                  </Col>
                </Row>
              ))}
              {!readOnly && (
                <Button size="small" icon={<PlusOutlined />} data-testid={`mg-enrich-${index}-add-field`} onClick={() => update((d) => appendAt(d, `${base}.fields`, { name: '', type: 'STRING' }))}>
                  Add a column
                </Button>
              )}
            </div>
          </Item>
          <Row gutter={12}>
            <Col span={12}>
              <NumberField path={`${base}.cache.rows`} label="Cache rows" min={1} placeholder="no cache" />
            </Col>
            <Col span={12}>
              <SuggestField path={`${base}.cache.ttl`} label="Cache TTL" suggestions={['1min', '10min', '1h']} />
            </Col>
          </Row>
        </Col>
      </Row>
    </Card>
  );
}

export function PreprocessStep({ functions }: { functions: Completion[] }) {
  const { draft, update, readOnly, project } = useDraft();
  const secrets = useSecrets(project);
  const names: Completion[] = preparedFields(draft).map((f) => ({ value: f.name, detail: `${f.type} · ${f.from}` }));
  return (
    <div data-testid="mg-step-preprocess">
      <Card size="small" title="Derived fields" style={{ marginBottom: 12 }}>
        <ExpressionList
          path="preprocess.derived"
          named
          names={names}
          functions={functions}
          placeholder="amount / 100"
          what="derived field"
          addTestId="mg-add-derived-field"
          newItem={(d) => ({ name: freeName('derived', preparedFields(d).map((f) => f.name)), expr: '' })}
        />
      </Card>
      <Card size="small" title="Filters (events failing any are dropped before every metric)" style={{ marginBottom: 12 }}>
        <ExpressionList path="preprocess.filters" named={false} names={names} functions={functions} placeholder="amount IS NOT NULL" what="filter" addTestId="mg-add-filter" newItem={() => ''} />
      </Card>
      <Typography.Title level={5}>Enrichment from a JDBC dimension table (a cached lookup join)</Typography.Title>
      {draft.preprocess.enrich.map((_, i) => (
        <EnrichCard key={i} index={i} names={names} secrets={secrets} />
      ))}
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="mg-add-enrich"
          onClick={() =>
            update((d) =>
              appendAt(d, 'preprocess.enrich', {
                name: freeName('dim', d.preprocess.enrich.map((x) => x.name)),
                jdbc: { url: '', table: '' },
                key: [{ field: '', column: '' }],
                fields: [],
                cache: { rows: 10000, ttl: '10min' },
              } satisfies EnrichDraft),
            )
          }
        >
          Add an enrichment
        </Button>
      )}
    </div>
  );
}
