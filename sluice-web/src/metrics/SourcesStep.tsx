import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, InputNumber, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { Item, SelectField, SuggestField, TextField, testId, useDraft } from './fields';
import { appendAt, FIELD_TYPES, removeAt } from './model';
import { alignment, allNodes, fieldFor, inferType, jsonTree, splitEvents, type JsonNodeInfo } from './samples';
import type { FieldDef } from './types';

export interface KafkaTopic {
  name: string;
  partitions: number;
}

interface SampledEvent {
  partition: number;
  offset: number;
  value: string;
}

/** The pasted or fetched sample events per source name, kept for the debug step. */
export type Samples = Record<string, string>;

function preview(values: unknown[]): string {
  const shown = values.slice(0, 3).map((v) => JSON.stringify(v));
  return shown.join(', ') + (values.length > 3 ? ', …' : '');
}

function treeData(nodes: JsonNodeInfo[], taken: Set<string>): Parameters<typeof Tree>[0]['treeData'] {
  return nodes.map((n) => ({
    key: n.path,
    selectable: n.children.length === 0 && !n.unreadable,
    title: (
      <span data-testid={'mg-json-node'} data-path={n.path} style={n.unreadable ? { color: '#999' } : undefined} title={n.unreadable}>
        <span className="mono">{n.key}</span>{' '}
        {n.children.length === 0 ? (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              {preview(n.values)}
            </Typography.Text>{' '}
            <Tag style={{ fontSize: 10 }}>{inferType(n.values).type}</Tag>
            {taken.has(n.path) && <Tag color="green">added</Tag>}
          </>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {n.kind}
          </Typography.Text>
        )}
      </span>
    ),
    children: n.children.length > 0 ? treeData(n.children, taken) : undefined,
  }));
}

function SourceCard({
  index,
  topics,
  samples,
  onSamples,
  canSample,
}: {
  index: number;
  topics: KafkaTopic[];
  samples: string;
  onSamples: (text: string) => void;
  /** Whether the server reads a topic's latest events for the form. */
  canSample: boolean;
}) {
  const { draft, update, readOnly, project } = useDraft();
  const source = draft.sources[index];
  const base = `sources[${index}]`;
  const [fetching, setFetching] = useState(false);
  const [fetchError, setFetchError] = useState<unknown>(null);
  const [count, setCount] = useState(20);
  const parsed = useMemo(() => splitEvents(samples), [samples]);
  const tree = useMemo(() => jsonTree(parsed.events), [parsed]);
  const byPath = useMemo(() => new Map(allNodes(tree).map((n) => [n.path, n])), [tree]);
  const added = new Set(source.fields.map((f) => f.path ?? ''));

  const fetchLatest = async () => {
    setFetching(true);
    setFetchError(null);
    try {
      const got = await api.get<{ events: SampledEvent[] }>(
        `/api/v1/kafka/topics/${seg(source.kafka.topic)}/events?limit=${count}&project=${encodeURIComponent(project)}`,
      );
      onSamples(got.events.map((e) => e.value).join('\n'));
    } catch (e) {
      setFetchError(e);
    } finally {
      setFetching(false);
    }
  };

  const addField = (path: string) => {
    const node = byPath.get(path);
    if (!node || node.unreadable || added.has(path)) return;
    const taken = draft.sources.flatMap((s) => s.fields.map((f) => f.name));
    update((d) => appendAt(d, `${base}.fields`, fieldFor(node, taken)));
  };

  const suggestionsFor = (f: FieldDef): string[] => {
    const node = f.path ? byPath.get(f.path) : undefined;
    const guessed = node ? inferType(node.values).suggestions : [];
    return [...guessed, ...FIELD_TYPES.filter((t) => !guessed.includes(t))];
  };

  return (
    <Card
      size="small"
      data-testid={`mg-source-${index}`}
      title={`Source ${index + 1}${source.name ? ': ' + source.name : ''}`}
      extra={
        !readOnly && (
          <Button size="small" danger icon={<DeleteOutlined />} data-testid={`mg-source-${index}-remove`} onClick={() => update((d) => removeAt(d, 'sources', index))}>
            Remove
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    >
      <Row gutter={12}>
        <Col span={6}>
          <TextField path={`${base}.name`} label="Name" placeholder="payments" />
        </Col>
        <Col span={6}>
          <SuggestField path={`${base}.kafka.topic`} label="Kafka topic" suggestions={topics.map((t) => t.name)} placeholder="a topic of the broker" />
        </Col>
        <Col span={7}>
          <TextField path={`${base}.kafka.bootstrapServers`} label="Bootstrap servers" placeholder="host:9092" />
        </Col>
        <Col span={5}>
          <SelectField
            path={`${base}.kafka.startFrom`}
            label="Start from"
            allowClear
            placeholder="latest"
            options={[
              { value: 'latest', label: 'latest' },
              { value: 'earliest', label: 'earliest' },
            ]}
          />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Typography.Text strong>Sample events</Typography.Text>
          {canSample && (
          <Space style={{ display: 'flex', margin: '6px 0' }}>
            <InputNumber min={1} max={200} value={count} onChange={(v) => setCount(v ?? 20)} style={{ width: 80 }} data-testid={`mg-source-${index}-count`} />
            <Button
              size="small"
              loading={fetching}
              disabled={!source.kafka.topic}
              data-testid={`mg-source-${index}-fetch`}
              onClick={fetchLatest}
            >
              Fetch the latest from the topic
            </Button>
          </Space>
          )}
          <ErrorAlert error={fetchError} style={{ marginBottom: 6 }} />
          <Input.TextArea
            data-testid={`mg-source-${index}-samples`}
            className="mono"
            rows={6}
            placeholder={'Paste events, one JSON object per line, as the topic holds them'}
            value={samples}
            onChange={(e) => onSamples(e.target.value)}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`mg-source-${index}-sample-count`}>
            {parsed.events.length} events{parsed.malformed > 0 ? `, ${parsed.malformed} lines that are not JSON objects (a debug run counts them as malformed)` : ''}
          </Typography.Text>
        </Col>
        <Col span={12}>
          <Typography.Text strong>Their JSON tree</Typography.Text>
          <div style={{ marginTop: 6, maxHeight: 320, overflow: 'auto' }}>
            {tree.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="The JSON tree of the samples shows here: click a value to add it as a field" />
            ) : (
              <Tree
                data-testid={`mg-source-${index}-tree`}
                treeData={treeData(tree, added)}
                defaultExpandAll
                selectedKeys={[]}
                onSelect={(keys) => keys[0] !== undefined && !readOnly && addField(String(keys[0]))}
              />
            )}
          </div>
        </Col>
      </Row>
      <Row>
        <Col span={24}>
          <Item path={`${base}.fields`} label="Fields" nested={false}>
            <Table<FieldDef & { i: number }>
              size="small"
              rowKey="i"
              pagination={false}
              dataSource={source.fields.map((f, i) => ({ ...f, i }))}
              locale={{ emptyText: 'No fields: click a value in the JSON tree, or add one' }}
              onRow={(r) => ({ 'data-testid': 'mg-field-row', 'data-name': r.name }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: 'Name', key: 'name', render: (_, r) => <TextField path={`${base}.fields[${r.i}].name`} style={{ marginBottom: 0 }} /> },
                { title: 'JSON path', key: 'path', render: (_, r) => <TextField path={`${base}.fields[${r.i}].path`} style={{ marginBottom: 0 }} /> },
                {
                  title: 'Type',
                  key: 'type',
                  width: 170,
                  render: (_, r) => <SuggestField path={`${base}.fields[${r.i}].type`} suggestions={suggestionsFor(r)} />,
                },
                {
                  title: 'Epoch unit',
                  key: 'unit',
                  width: 120,
                  render: (_, r) =>
                    /^TIMESTAMP/i.test(r.type) ? (
                      <SelectField
                        path={`${base}.fields[${r.i}].unit`}
                        allowClear
                        placeholder="ms"
                        options={[
                          { value: 'milliseconds', label: 'ms' },
                          { value: 'seconds', label: 's' },
                        ]}
                      />
                    ) : null,
                },
                {
                  title: '',
                  key: 'x',
                  width: 40,
                  render: (_, r) =>
                    !readOnly && (
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={`remove field ${r.name}`}
                        data-testid={testId(`${base}.fields[${r.i}]`) + '-remove'}
                        onClick={() => update((d) => removeAt(d, `${base}.fields`, r.i))}
                      />
                    ),
                },
              ]}
            />
          </Item>
          {!readOnly && (
            <Button size="small" icon={<PlusOutlined />} data-testid={`mg-source-${index}-add-field`} onClick={() => update((d) => appendAt(d, `${base}.fields`, { name: '', path: '', type: 'STRING' }))}>
              Add a field
            </Button>
          )}
        </Col>
      </Row>
    </Card>
  );
}

export function SourcesStep({ samples, onSamples, broker }: { samples: Samples; onSamples: (s: Samples) => void; broker: string }) {
  const { draft, update, readOnly, project } = useDraft();
  const [topics, setTopics] = useState<KafkaTopic[] | null>(null);
  const [topicsError, setTopicsError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<KafkaTopic[]>('/api/v1/kafka/topics?project=' + encodeURIComponent(project))
      .then(setTopics)
      .catch(setTopicsError);
  }, [project]);
  const misaligned = alignment(draft.sources);
  const timeFields = draft.sources[0]?.fields.filter((f) => /^(BIGINT|TIMESTAMP|TIMESTAMP_LTZ)$/i.test(f.type.trim())) ?? [];
  const key = (i: number) => draft.sources[i]?.name || `#${i}`;

  return (
    <div data-testid="mg-step-sources">
      {topicsError != null && !(topicsError instanceof ApiError && topicsError.status === 404) && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="The broker's topics could not be listed: type the topic" description={<ErrorAlert error={topicsError} />} />
      )}
      {draft.sources.map((_, i) => (
        <SourceCard key={i} index={i} topics={topics ?? []} canSample={topics !== null} samples={samples[key(i)] ?? ''} onSamples={(t) => onSamples({ ...samples, [key(i)]: t })} />
      ))}
      {!readOnly && (
        <Button
          icon={<PlusOutlined />}
          data-testid="mg-add-source"
          style={{ marginBottom: 16 }}
          onClick={() =>
            update((d) =>
              appendAt(d, 'sources', {
                name: d.sources.length === 0 ? 'events' : `events_${d.sources.length + 1}`,
                kafka: { topic: '', bootstrapServers: broker, startFrom: 'latest' },
                fields: [],
              }),
            )
          }
        >
          {draft.sources.length === 0 ? 'Add a source' : 'Add another source'}
        </Button>
      )}
      {misaligned.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="mg-alignment"
          style={{ marginBottom: 16 }}
          message="The sources' fields do not line up: sources are unioned, so each needs the same fields with the same types"
          description={
            <ul style={{ margin: 0 }}>
              {misaligned.map((m, i) => (
                <li key={i}>
                  {m.source} {m.problem}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {draft.sources.length > 1 && misaligned.length === 0 && (
        <Alert type="success" showIcon data-testid="mg-alignment" style={{ marginBottom: 16 }} message="The sources' fields line up: same names, same types" />
      )}
      <Card size="small" title="Event time">
        <Row gutter={12}>
          <Col span={8}>
            <SelectField
              path="eventTime.field"
              label="Event-time field"
              options={timeFields.map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }))}
              extra="a BIGINT of epoch milliseconds, or a TIMESTAMP / TIMESTAMP_LTZ field"
            />
          </Col>
          <Col span={8}>
            <SuggestField path="eventTime.lateness" label="Allowed lateness" suggestions={['0s', '1s', '5s', '30s', '1min', '5min']} extra="how late an event may be and still count" />
          </Col>
        </Row>
      </Card>
    </div>
  );
}
