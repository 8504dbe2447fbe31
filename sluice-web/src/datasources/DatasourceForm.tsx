import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, seg } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldErrors, type DataSource, type DataSourceBody, type DataSourceType } from './types';

interface FormValues {
  name: string;
  project?: string;
  type?: string;
  host: string;
  port?: number | null;
  database: string;
  username: string;
  password?: string;
  description?: string;
}

const FIELDS = ['name', 'project', 'type', 'host', 'port', 'database', 'username', 'password', 'description'] as const;

/** The body the server takes, from the form: trimmed, no empty description, no empty password on an edit. */
function body(v: FormValues, editing: boolean): DataSourceBody {
  const b: DataSourceBody = { name: v.name.trim(), type: v.type ?? '', host: v.host.trim(), database: v.database.trim(), username: v.username.trim() };
  if (v.project) b.project = v.project;
  if (v.port != null) b.port = v.port;
  if (v.password || !editing) b.password = v.password ?? '';
  if (v.description?.trim()) b.description = v.description.trim();
  return b;
}

/**
 * Creates a data source (POST) or changes one (PUT, an empty password keeps the stored one). The types
 * come from the server: an unsupported one is shown disabled with why, and picking one fills its
 * default port. A 400 naming fields is shown on those fields.
 */
export function DatasourceForm({
  existing,
  projects,
  onSaved,
  onClose,
}: {
  existing?: DataSource;
  projects: string[];
  onSaved: (saved: DataSource) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const [types, setTypes] = useState<DataSourceType[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form);
  const editing = existing !== undefined;

  useEffect(() => {
    api
      .get<DataSourceType[]>('/api/v1/datasources/types')
      .then(setTypes)
      .catch(setError);
  }, []);

  const pickType = (id: string) => {
    const t = types?.find((x) => x.id === id);
    if (t?.defaultPort != null) form.setFieldValue('port', t.defaultPort);
  };

  const submit = async (v: FormValues) => {
    setError(null);
    setBusy(true);
    try {
      // Without a project field (one project to choose from) the project is that one.
      const b = body({ ...v, project: v.project ?? existing?.project ?? projects[0] }, editing);
      const saved = editing
        ? await api.put<DataSource>(`/api/v1/datasources/${seg(existing.id)}`, b)
        : await api.post<DataSource>('/api/v1/datasources', b);
      onSaved(saved);
    } catch (e) {
      const byField = fieldErrors(e);
      const known = FIELDS.filter((f) => byField[f]);
      if (known.length > 0) form.setFields(known.map((f) => ({ name: f, errors: byField[f] })));
      if (known.length === 0 || Object.keys(byField).length > known.length) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const selected = types?.find((t) => t.id === type);
  return (
    <Modal
      open
      title={editing ? `Edit data source ${existing.name}` : 'New data source'}
      okText={editing ? 'Save' : 'Create'}
      okButtonProps={{ loading: busy, 'data-testid': 'datasource-submit' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      <div data-testid="datasource-form">
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={
            existing
              ? {
                  name: existing.name,
                  project: existing.project,
                  type: existing.type,
                  host: existing.host,
                  port: existing.port,
                  database: existing.database,
                  username: existing.username,
                  password: '',
                  description: existing.description ?? '',
                }
              : { project: projects[0] }
          }
        >
          <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: 'Name the data source' }]}>
            <Input data-testid="ds-name" placeholder="crm" disabled={editing} />
          </Form.Item>
          {projects.length > 1 && !editing && (
            <Form.Item label="Project" name="project">
              <Select data-testid="ds-project" options={projects.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
          )}
          <Form.Item
            label="Type"
            name="type"
            rules={[{ required: true, message: 'Choose the database type' }]}
            extra={selected?.cdcConnector ? `Read with the ${selected.cdcConnector} connector` : undefined}
          >
            <Select
              data-testid="ds-type"
              loading={types === null && !error}
              onChange={pickType}
              options={(types ?? []).map((t) => ({
                value: t.id,
                disabled: !t.supported,
                label: (
                  <span data-testid="ds-type-option" data-type={t.id} title={t.note ?? undefined}>
                    {t.label}
                    {!t.supported && t.note && (
                      <Typography.Text type="secondary" data-testid="ds-type-note">
                        {' '}
                        — {t.note}
                      </Typography.Text>
                    )}
                  </span>
                ),
              }))}
            />
          </Form.Item>
          <Form.Item label="Host" name="host" rules={[{ required: true, whitespace: true, message: 'Give the host' }]}>
            <Input data-testid="ds-host" placeholder="db.internal" />
          </Form.Item>
          <Form.Item label="Port" name="port">
            <InputNumber data-testid="ds-port" min={1} max={65535} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            label={type === 'oracle' ? 'Service name' : 'Database'}
            name="database"
            rules={[{ required: true, whitespace: true, message: type === 'oracle' ? 'Give the service name' : 'Give the database' }]}
          >
            <Input data-testid="ds-database" />
          </Form.Item>
          <Form.Item label="Username" name="username" rules={[{ required: true, whitespace: true, message: 'Give the username' }]}>
            <Input data-testid="ds-username" autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="Password"
            name="password"
            rules={editing ? [] : [{ required: true, message: 'Give the password or a secret' }]}
            extra={
              <span data-testid="ds-password-help">
                A literal password is stored as a project secret; or write <code>{'${secret:name}'}</code> to use an existing secret.
                {editing ? ' Leave it empty to keep the stored one.' : ''}
              </span>
            }
          >
            <Input.Password data-testid="ds-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="Description" name="description">
            <Input.TextArea data-testid="ds-description" rows={2} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
