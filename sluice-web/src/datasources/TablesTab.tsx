import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatRows, type ColumnInfo, type DataSource, type SchemaInfo, type TableDetail, type TableInfo } from './types';

const keyOf = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/**
 * The schemas and tables of a data source: each table's kind, row estimate and primary key (a table
 * without one is flagged, CDC needs it), and a clicked table's columns with the Flink type each is
 * read as. The ticked tables (`selected`, `schema.table`) are the ones the readiness tab checks.
 */
export function TablesTab({ ds, selected, onSelect }: { ds: DataSource; selected: string[]; onSelect: (tables: string[]) => void }) {
  const [schemas, setSchemas] = useState<SchemaInfo[] | null>(null);
  const [schema, setSchema] = useState<string | undefined>(undefined);
  const [tables, setTables] = useState<TableInfo[] | null>(null);
  const [open, setOpen] = useState<TableInfo | null>(null);
  const [detail, setDetail] = useState<TableDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [detailError, setDetailError] = useState<unknown>(null);
  const base = `/api/v1/datasources/${seg(ds.id)}`;

  useEffect(() => {
    api
      .get<SchemaInfo[]>(`${base}/schemas`)
      .then((list) => {
        setSchemas(list);
        setSchema((s) => s ?? list[0]?.name);
      })
      .catch(setError);
  }, [base]);

  const loadTables = useCallback(async () => {
    if (schema === undefined) return;
    setTables(null);
    try {
      setTables(await api.get<TableInfo[]>(`${base}/tables?schema=${seg(schema)}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [base, schema]);
  useEffect(() => {
    loadTables();
  }, [loadTables]);

  const show = async (t: TableInfo) => {
    setOpen(t);
    setDetail(null);
    setDetailError(null);
    try {
      setDetail(await api.get<TableDetail>(`${base}/tables/${seg(t.schema)}.${seg(t.name)}`));
    } catch (e) {
      setDetailError(e);
    }
  };

  const here = new Set((tables ?? []).map(keyOf));
  return (
    <div data-testid="datasource-tables">
      <Space style={{ marginBottom: 12 }} wrap>
        <span>Schema</span>
        <Select
          style={{ width: 260 }}
          value={schema}
          loading={schemas === null && !error}
          onChange={(s: string) => {
            setSchema(s);
            setOpen(null);
            setDetail(null);
          }}
          options={(schemas ?? []).map((s) => ({ value: s.name, label: `${s.name} (${s.tables} ${s.tables === 1 ? 'table' : 'tables'})` }))}
          data-testid="schema-select"
        />
        {selected.length > 0 && (
          <Typography.Text type="secondary" data-testid="selected-tables">
            {selected.length} selected for the readiness check: {selected.join(', ')}
          </Typography.Text>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Table<TableInfo>
        rowKey={keyOf}
        size="small"
        loading={tables === null && !error && schema !== undefined}
        dataSource={tables ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: schemas?.length === 0 ? 'No schema' : 'No table' }}
        rowSelection={{
          selectedRowKeys: selected.filter((k) => here.has(k)),
          // The ticks of other schemas stay; this schema's are replaced.
          onChange: (keys) => onSelect([...selected.filter((k) => !here.has(k)), ...keys.map(String)]),
        }}
        onRow={(t) =>
          ({
            'data-testid': 'table-row',
            'data-name': keyOf(t),
            style: { cursor: 'pointer' },
            onClick: (e: React.MouseEvent) => {
              if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
              show(t);
            },
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: 'Table', dataIndex: 'name', render: (n: string) => <span className="mono">{n}</span> },
          { title: 'Type', dataIndex: 'type', render: (t: string) => <Tag>{t}</Tag> },
          { title: 'Rows (estimate)', dataIndex: 'rowEstimate', align: 'right', render: (n: number | null) => <span data-testid="row-estimate">{formatRows(n)}</span> },
          {
            title: 'Primary key',
            dataIndex: 'primaryKey',
            render: (pk: string[]) =>
              pk.length > 0 ? (
                <span className="mono" data-testid="primary-key">{pk.join(', ')}</span>
              ) : (
                <Tag color="orange" data-testid="no-primary-key">
                  no primary key
                </Tag>
              ),
          },
        ]}
      />
      {open && (
        <Card size="small" style={{ marginTop: 16 }} title={<span className="mono">{keyOf(open)}</span>} data-testid="table-columns">
          <ErrorAlert error={detailError} style={{ marginBottom: 12 }} />
          <Table<ColumnInfo>
            rowKey="name"
            size="small"
            loading={detail === null && !detailError}
            dataSource={detail?.columns ?? []}
            pagination={false}
            onRow={(c) => ({ 'data-testid': 'column-row', 'data-name': c.name } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: 'Column', dataIndex: 'name', render: (n: string) => <span className="mono">{n}</span> },
              { title: 'Type', dataIndex: 'type', render: (t: string) => <span className="mono">{t}</span> },
              {
                title: 'Flink type',
                dataIndex: 'flinkType',
                render: (t: string | null) =>
                  t ? (
                    <span className="mono" data-testid="flink-type">{t}</span>
                  ) : (
                    <Tag color="red" data-testid="not-readable">
                      not readable
                    </Tag>
                  ),
              },
              { title: 'Nullable', dataIndex: 'nullable', render: (n: boolean) => (n ? 'yes' : 'no') },
              { title: 'Default', dataIndex: 'defaultValue', render: (d: string | null) => (d == null ? '' : <span className="mono">{d}</span>) },
              { title: 'PK', dataIndex: 'primaryKey', render: (p: boolean) => (p ? <Tag color="blue">PK</Tag> : '') },
              { title: 'Comment', dataIndex: 'comment', render: (c: string | null) => c ?? '' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
