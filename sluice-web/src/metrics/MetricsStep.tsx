import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../api/client';
import { ExpressionField, ExpressionList, Item, NumberField, SelectField, SuggestField, TextField, testId, useDraft, type Completion } from './fields';
import { AGGREGATIONS, appendAt, duplicateMetric, freeName, newMetric, preparedFields, removeAt, setAt, WINDOW_PARAMS, WINDOW_TYPES } from './model';
import type { MetricDef, VersionView, WindowDef } from './types';

const DURATIONS = ['10s', '30s', '1min', '5min', '10min', '30min', '1h', '1d'];
const NEEDS_NUMBER = new Set(['sum', 'avg', 'var_pop', 'var_samp', 'stddev_pop', 'stddev_samp', 'percentile']);

/** How a window reads in the metrics table: "tumble 1min", "hop 10min / 1min". */
export function windowLabel(w: WindowDef): string {
  const params = WINDOW_PARAMS[w.type]?.map((p) => w[p]).filter(Boolean) ?? [];
  return [w.type, params.join(' / ')].filter(Boolean).join(' ');
}

function WindowsEditor({ index }: { index: number }) {
  const { draft, update, readOnly } = useDraft();
  const m = draft.metrics[index];
  return (
    <Item path={`metrics[${index}].windows`} label="Windows">
      {m.windows.map((w, j) => (
        <Space key={j} align="start" style={{ display: 'flex' }} data-testid={`mg-metric-${index}-window-${j}`}>
          <SelectField path={`metrics[${index}].windows[${j}].type`} options={WINDOW_TYPES.map((t) => ({ value: t }))} />
          {WINDOW_PARAMS[w.type].map((p) => (
            <SuggestField key={p} path={`metrics[${index}].windows[${j}].${p}`} suggestions={DURATIONS} placeholder={p} />
          ))}
          {!readOnly && (
            <Button type="text" icon={<DeleteOutlined />} aria-label="remove window" onClick={() => update((d) => removeAt(d, `metrics[${index}].windows`, j))} />
          )}
        </Space>
      ))}
      {!readOnly && (
        <Button size="small" icon={<PlusOutlined />} data-testid={`mg-metric-${index}-add-window`} onClick={() => update((d) => appendAt(d, `metrics[${index}].windows`, { type: 'tumble', size: '1min' }))}>
          Add a window
        </Button>
      )}
    </Item>
  );
}

function MetricEditor({ index, names, functions }: { index: number; names: Completion[]; functions: Completion[] }) {
  const { draft } = useDraft();
  const m = draft.metrics[index];
  const inputs = preparedFields(draft).map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }));
  return (
    <div data-testid={`mg-metric-${index}-editor`}>
      <Row gutter={12}>
        <Col span={5}>
          <TextField path={`metrics[${index}].name`} label="Name" />
        </Col>
        <Col span={5}>
          <SelectField path={`metrics[${index}].aggregation`} label="Aggregation" options={AGGREGATIONS.map((a) => ({ value: a }))} />
        </Col>
        <Col span={5}>
          <SelectField
            path={`metrics[${index}].input`}
            label="Input field"
            allowClear
            placeholder={m.aggregation === 'count' ? 'every event' : 'a field'}
            options={inputs}
            extra={NEEDS_NUMBER.has(m.aggregation) ? 'a numeric field' : undefined}
          />
        </Col>
        {m.aggregation === 'percentile' && (
          <Col span={3}>
            <NumberField path={`metrics[${index}].percentile`} label="Percentile" min={0.0001} max={0.9999} step={0.01} placeholder="0.99" />
          </Col>
        )}
        {m.aggregation === 'last_k' && (
          <Col span={3}>
            <NumberField path={`metrics[${index}].k`} label="k" min={1} max={100} />
          </Col>
        )}
        <Col span={6}>
          <TextField path={`metrics[${index}].description`} label="Description" />
        </Col>
      </Row>
      <ExpressionField path={`metrics[${index}].filter`} label="Filter: only matching events count" names={names} functions={functions} placeholder="amount >= 1000" />
      <WindowsEditor index={index} />
    </div>
  );
}

/** Metrics of saved groups, as `group.metric@version`, for reuse. */
function ReusePicker() {
  const { draft, update, readOnly } = useDraft();
  const [options, setOptions] = useState<{ value: string; label: string }[] | null>(null);
  const [loading, setLoading] = useState(false);
  // Focus and opening both ask for the list, in the same tick: one request.
  const asked = useRef(false);
  const load = async () => {
    if (asked.current) return;
    asked.current = true;
    setLoading(true);
    try {
      // One request: the listing names each group's windows and the metrics each computes.
      const groups = (await api.get<VersionView[]>('/api/v1/metric-groups')).filter((g) => g.name !== draft.name);
      const all: { value: string; label: string }[] = [];
      for (const g of groups) {
        const windowsOf = new Map<string, string[]>();
        for (const [window, metrics] of Object.entries(g.windows ?? {})) {
          for (const m of metrics) windowsOf.set(m, [...(windowsOf.get(m) ?? []), window]);
        }
        // A reference names a metric the group defines itself, not a derived or reused one.
        for (const m of g.metrics ?? []) {
          const windows = windowsOf.get(m) ?? [];
          all.push({ value: `${g.name}.${m}@${g.version}`, label: `${g.name}.${m}@${g.version}${windows.length > 0 ? ' — ' + windows.join(', ') : ''} (project ${g.project})` });
        }
      }
      setOptions(all);
    } catch {
      // Nothing to offer this time; the next focus asks again.
      asked.current = false;
      setOptions([]);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Item path="references" label="Reuse metrics of saved groups" nested>
      <Select
        mode="multiple"
        data-testid="mg-references"
        disabled={readOnly}
        loading={loading}
        onFocus={load}
        onOpenChange={(o) => o && load()}
        placeholder="search every saved group's metrics: group.metric@version"
        value={draft.references}
        options={options ?? draft.references.map((r) => ({ value: r, label: r }))}
        onChange={(v: string[]) => update((d) => setAt(d, 'references', v))}
        optionFilterProp="label"
      />
    </Item>
  );
}

export function MetricsStep({ functions }: { functions: Completion[] }) {
  const { draft, update, readOnly } = useDraft();
  const [open, setOpen] = useState<number | null>(null);
  const names: Completion[] = preparedFields(draft).map((f) => ({ value: f.name, detail: `${f.type} · ${f.from}` }));
  const metricNames: Completion[] = draft.metrics.map((m) => ({ value: m.name, detail: m.aggregation }));
  const selected = open !== null && open < draft.metrics.length ? open : null;
  return (
    <div data-testid="mg-step-metrics">
      <Item path="keys" label="Dimensions (group-by keys of every metric)" nested>
        <Select
          mode="multiple"
          data-testid="mg-keys"
          disabled={readOnly}
          value={draft.keys}
          placeholder="none: one value per window for all events"
          options={preparedFields(draft).map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }))}
          onChange={(v: string[]) => update((d) => setAt(d, 'keys', v))}
        />
      </Item>
      <Table<MetricDef & { i: number }>
        size="small"
        rowKey="i"
        pagination={false}
        dataSource={draft.metrics.map((m, i) => ({ ...m, i }))}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No metrics yet" /> }}
        rowClassName={(r) => (r.i === selected ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ 'data-testid': 'mg-metric-row', 'data-name': r.name, onClick: () => setOpen(r.i) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Metric', key: 'name', render: (_, r) => <span className="mono">{r.name || '(no name)'}</span> },
          { title: 'Aggregation', key: 'agg', render: (_, r) => `${r.aggregation}${r.aggregation === 'percentile' && r.percentile ? ' ' + r.percentile : ''}${r.input ? ' of ' + r.input : ''}` },
          { title: 'Filter', key: 'filter', render: (_, r) => <span className="mono">{r.filter}</span> },
          { title: 'Windows', key: 'windows', render: (_, r) => r.windows.map((w, j) => <Tag key={j}>{windowLabel(w)}</Tag>) },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_, r) =>
              !readOnly && (
                <Space size={0} onClick={(e) => e.stopPropagation()}>
                  <Button
                    size="small"
                    type="text"
                    icon={<CopyOutlined />}
                    aria-label={`duplicate ${r.name}`}
                    data-testid={testId(`metrics[${r.i}]`) + '-duplicate'}
                    onClick={() => {
                      update((d) => appendAt(d, 'metrics', duplicateMetric(d, r.i)));
                      setOpen(draft.metrics.length);
                    }}
                  />
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`remove ${r.name}`}
                    data-testid={testId(`metrics[${r.i}]`) + '-remove'}
                    onClick={() => {
                      update((d) => removeAt(d, 'metrics', r.i));
                      setOpen(null);
                    }}
                  />
                </Space>
              ),
          },
        ]}
      />
      {!readOnly && (
        <Button
          icon={<PlusOutlined />}
          data-testid="mg-add-metric"
          style={{ margin: '8px 0 12px' }}
          onClick={() => {
            update((d) => appendAt(d, 'metrics', newMetric(d)));
            setOpen(draft.metrics.length);
          }}
        >
          Add a metric
        </Button>
      )}
      {selected !== null && (
        <Card size="small" title={`Metric ${draft.metrics[selected].name || selected + 1}: its logic`} style={{ marginBottom: 12 }}>
          <MetricEditor index={selected} names={names} functions={functions} />
        </Card>
      )}
      <Card size="small" title="Derived metrics: expressions over the metrics of the same window" style={{ marginBottom: 12 }}>
        <ExpressionList
          path="derived"
          named
          names={metricNames}
          functions={functions}
          placeholder="big / tx"
          what="derived metric"
          addTestId="mg-add-derived-metric"
          newItem={(d) => ({ name: freeName('ratio', d.derived.map((x) => x.name)), expr: '' })}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          Computed as DOUBLE in every window whose metrics it names.
        </Typography.Paragraph>
      </Card>
      <ReusePicker />
    </div>
  );
}
