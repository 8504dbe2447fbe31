import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Typography } from 'antd';
import { SelectField, TextField, useDraft } from './fields';
import { appendAt, removeAt, SINK_PARAMS, SINK_TYPES } from './model';
import { SecretField, useSecrets } from './PreprocessStep';

const EXPLAIN: Record<string, string> = {
  kafka: 'one topic per window: <prefix>.<window> (with per_metric, <prefix>.<window>.<metric>)',
  jdbc: 'upserts one row per key and window into <prefix>_<window>',
  paimon: 'a primary-key table per window, committed on each checkpoint',
  print: "the TaskManager's log: for trying a group out",
  blackhole: 'discards the results: for load tests',
};

const LABELS: Record<string, string> = {
  bootstrapServers: 'Bootstrap servers',
  topic: 'Topic prefix',
  url: 'JDBC URL',
  table: 'Table prefix',
  username: 'User',
  password: 'Password',
  warehouse: 'Warehouse',
};

export function StorageStep({ broker }: { broker: string }) {
  const { draft, update, readOnly, project } = useDraft();
  const secrets = useSecrets(project);
  return (
    <div data-testid="mg-step-storage">
      {draft.sinks.map((s, i) => (
        <Card
          key={i}
          size="small"
          data-testid={`mg-sink-${i}`}
          title={`Result storage ${i + 1}`}
          style={{ marginBottom: 12 }}
          extra={!readOnly && <Button size="small" danger icon={<DeleteOutlined />} onClick={() => update((d) => removeAt(d, 'sinks', i))}>Remove</Button>}
        >
          <Row gutter={12}>
            <Col span={5}>
              <SelectField path={`sinks[${i}].type`} label="Type" options={SINK_TYPES.map((t) => ({ value: t }))} />
            </Col>
            {SINK_PARAMS[s.type]?.map((p) => (
              <Col span={p === 'url' || p === 'bootstrapServers' || p === 'warehouse' ? 7 : 4} key={p}>
                {p === 'password' ? (
                  <SecretField path={`sinks[${i}].password`} label="Password" secrets={secrets} />
                ) : (
                  <TextField path={`sinks[${i}].${p}`} label={LABELS[p]} />
                )}
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">{EXPLAIN[s.type]}</Typography.Text>
        </Card>
      ))}
      {!readOnly && (
        <Button
          icon={<PlusOutlined />}
          data-testid="mg-add-sink"
          onClick={() => update((d) => appendAt(d, 'sinks', { type: 'kafka', bootstrapServers: broker, topic: d.name || 'metrics' }))}
        >
          Add a result storage
        </Button>
      )}
    </div>
  );
}
