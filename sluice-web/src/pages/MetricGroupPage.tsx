import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Col, Form, Input, Modal, Radio, Result, Row, Select, Space, Spin, Steps, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { api, ApiError, seg } from '../api/client';
import { hasRole, useMe } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import type { SqlLanguage } from '../editor/types';
import { DebugStep } from '../metrics/DebugStep';
import { problemsOf, ProblemIndex, stepOf, type StepKey } from '../metrics/errors';
import { DraftContext, SelectField, TextField, useDraft as useDraftContext, type Completion } from '../metrics/fields';
import { MetricsStep } from '../metrics/MetricsStep';
import { emptyDraft, fromDefinition, setAt, toDefinition, type Draft } from '../metrics/model';
import { OnlineStep } from '../metrics/OnlineStep';
import { PreprocessStep } from '../metrics/PreprocessStep';
import { SourcesStep, type Samples } from '../metrics/SourcesStep';
import { StorageStep } from '../metrics/StorageStep';
import type { Compiled, Definition, VersionView } from '../metrics/types';

const STEPS: { key: StepKey; title: string }[] = [
  { key: 'group', title: 'Group' },
  { key: 'sources', title: 'Sources' },
  { key: 'preprocess', title: 'Preprocess' },
  { key: 'storage', title: 'Result storage' },
  { key: 'metrics', title: 'Metrics' },
  { key: 'debug', title: 'Debug' },
  { key: 'online', title: 'Go online' },
];

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Shanghai', 'Europe/London', 'America/New_York'];
  }
})();

/** Whether the draft is far enough along to compile: before that, every field would show an error. */
export function readyToCompile(d: Draft): boolean {
  return d.name.trim() !== '' && d.sources.length > 0 && d.metrics.length > 0 && d.sinks.length > 0;
}

function GroupStep({ isNew, projects, project, onProject }: { isNew: boolean; projects: string[]; project: string; onProject: (p: string) => void }) {
  return (
    <div data-testid="mg-step-group">
      <Row gutter={12}>
        <Col span={8}>
          {isNew ? (
            <TextField path="name" label="Name" placeholder="payments_risk" extra="lower case letters, digits and _; the job is metrics.<name>" />
          ) : (
            <TextField path="name" label="Name" extra="a saved group keeps its name" />
          )}
        </Col>
        <Col span={8}>
          <Form.Item label="Project" style={{ marginBottom: 12 }}>
            <Select data-testid="mg-project" value={project} disabled={!isNew} options={projects.map((p) => ({ value: p }))} onChange={onProject} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <SelectField path="timeZone" label="Time zone" options={ZONES.map((z) => ({ value: z }))} extra="wall-clock times are read in it; a cumulate window of 1d resets at its midnight" />
        </Col>
      </Row>
      <TextField path="description" label="Description" />
      <LayoutChoice />
    </div>
  );
}

function LayoutChoice() {
  return (
    <Form.Item label="Layout" style={{ marginBottom: 12 }}>
      <LayoutRadio />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        <b>fused</b>: one aggregation per window computes all its metrics, the fastest; editing a metric restarts its window's state.
        <br />
        <b>per metric</b>: one statement per metric, named after it, so editing one keeps every other's state; about 1.7 times the work of fused.
      </Typography.Paragraph>
    </Form.Item>
  );
}

function LayoutRadio() {
  const ctx = useDraftContext();
  return (
    <Radio.Group data-testid="mg-layout" disabled={ctx.readOnly} value={ctx.draft.layout} onChange={(e) => ctx.set('layout', e.target.value)}>
      <Radio value="fused">fused</Radio>
      <Radio value="per_metric">per metric</Radio>
    </Radio.Group>
  );
}


/** The local platform's Kafka broker (from the health answer), which new sources and sinks start with. */
function useBroker(): string {
  const [broker, setBroker] = useState('');
  useEffect(() => {
    api
      .get<{ localKafka?: string }>('/api/v1/health')
      .then((h) => setBroker(h.localKafka ?? ''))
      .catch(() => setBroker(''));
  }, []);
  return broker;
}

function useFunctions(): Completion[] {
  const [functions, setFunctions] = useState<Completion[]>([]);
  useEffect(() => {
    api
      .get<SqlLanguage>('/api/v1/sql/language')
      .then((l) => setFunctions(l.functions.map((f) => ({ value: f.name, detail: f.signatures[0] ?? f.kind }))))
      .catch(() => setFunctions([]));
  }, []);
  return functions;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The metric builder: a group in web forms, its YAML and SQL beside them, debugged and deployed. */
export function MetricGroupPage() {
  const { name } = useParams();
  const isNew = name === undefined;
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft | null>(isNew ? emptyDraft() : null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [latest, setLatest] = useState<VersionView | null>(null);
  const [step, setStep] = useState<StepKey>('group');
  const [samples, setSamples] = useState<Samples>({});
  const [compiled, setCompiled] = useState<Compiled | null>(null);
  const [problems, setProblems] = useState<ProblemIndex>(new ProblemIndex([]));
  const [compileError, setCompileError] = useState<unknown>(null);
  const [compiling, setCompiling] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importText, setImportText] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  // The projects a new group may go in: where the caller is a developer; an administrator may use every project.
  const [everyProject, setEveryProject] = useState<string[]>([]);
  useEffect(() => {
    if (!me?.admin) return;
    api
      .get<{ name: string }[]>('/api/v1/projects')
      .then((all) => setEveryProject(all.map((p) => p.name)))
      .catch(() => setEveryProject([]));
  }, [me?.admin]);
  const projects = useMemo(
    () => Array.from(new Set([...(me?.projects ?? []).filter((p) => hasRole(me, p.project, 'developer')).map((p) => p.project), ...everyProject])).sort(),
    [me, everyProject],
  );
  const [project, setProject] = useState<string>('');
  useEffect(() => {
    if (!project && projects.length > 0) setProject(projects[0]);
  }, [projects, project]);
  const broker = useBroker();
  const functions = useFunctions();

  useEffect(() => {
    if (isNew) return;
    let alive = true;
    Promise.all([api.get<Definition>(`/api/v1/metric-groups/${seg(name)}`), api.get<VersionView[]>(`/api/v1/metric-groups/${seg(name)}/versions`)])
      .then(([def, versions]) => {
        if (!alive) return;
        setDraft(fromDefinition(def));
        const last = versions.reduce<VersionView | null>((a, v) => (!a || v.version > a.version ? v : a), null);
        setLatest(last);
        if (last) setProject(last.project);
      })
      .catch((e) => alive && setLoadError(e));
    return () => {
      alive = false;
    };
  }, [isNew, name]);

  const definition = useMemo(() => (draft ? toDefinition(draft) : null), [draft]);
  const yaml = useMemo(() => (definition ? toYaml(definition, { lineWidth: 0 }) : ''), [definition]);

  // The server checks the draft as the user types: its problems land on the fields.
  const generation = useRef(0);
  useEffect(() => {
    if (!draft || !definition || !project || !readyToCompile(draft)) {
      setCompiled(null);
      setProblems(new ProblemIndex([]));
      setCompileError(null);
      return;
    }
    const mine = ++generation.current;
    const timer = setTimeout(async () => {
      setCompiling(true);
      try {
        const c = await api.post<Compiled>('/api/v1/metric-groups/compile?project=' + encodeURIComponent(project), definition);
        if (mine !== generation.current) return;
        setCompiled(c);
        setProblems(new ProblemIndex([]));
        setCompileError(null);
      } catch (e) {
        if (mine !== generation.current) return;
        setCompiled(null);
        const found = problemsOf(e);
        setProblems(new ProblemIndex(found));
        setCompileError(found.length > 0 ? null : e);
      } finally {
        if (mine === generation.current) setCompiling(false);
      }
    }, 600);
    return () => clearTimeout(timer);
  }, [draft, definition, project]);

  const set = useCallback((path: string, value: unknown) => setDraft((d) => (d ? setAt(d, path, value) : d)), []);
  const update = useCallback((change: (d: Draft) => Draft) => setDraft((d) => (d ? change(d) : d)), []);
  const readOnly = !!project && !hasRole(me, project, 'developer');

  if (loadError) {
    if (loadError instanceof ApiError && loadError.status === 404) {
      return <Result status="404" title={`No metric group ${name}`} extra={<Link to="/metric-groups">Metric groups</Link>} />;
    }
    return <ErrorAlert error={loadError} />;
  }
  if (!draft || !definition) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const perStep = problems.perStep();
  const importYaml = () => {
    try {
      const parsed = parseYaml(importText) as Definition;
      if (!parsed || typeof parsed !== 'object') throw new Error('the text is not a YAML or JSON object');
      const next = fromDefinition(parsed);
      if (!isNew) next.name = draft.name;
      setDraft(next);
      setImporting(false);
      setImportText('');
      setImportError(null);
      message.success('Definition imported: check each step');
    } catch (e) {
      setImportError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <DraftContext.Provider value={{ draft, set, update, problems, readOnly, project }}>
      <div data-testid="metric-group-page">
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
          <Space align="baseline">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {isNew ? 'New metric group' : name}
            </Typography.Title>
            {latest && <Typography.Text type="secondary">version {latest.version} by {latest.author}</Typography.Text>}
            <Link to="/metric-groups">All groups</Link>
          </Space>
          <Space>
            <Button icon={<UploadOutlined />} disabled={readOnly} data-testid="mg-import" onClick={() => setImporting(true)}>
              Import YAML
            </Button>
            <Button icon={<DownloadOutlined />} data-testid="mg-export" onClick={() => download(`${definition.name || 'metric-group'}.yaml`, yaml)}>
              Export YAML
            </Button>
          </Space>
        </Space>
        {readOnly && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`You can read this group; editing needs the developer role in ${project}`} />}
        {isNew && me && !project && projects.length === 0 && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="mg-no-project" message="A new group goes in a project where you have the developer role, and you have none: ask a project owner" />
        )}
        <Steps
          size="small"
          current={STEPS.findIndex((s) => s.key === step)}
          onChange={(i) => setStep(STEPS[i].key)}
          style={{ marginBottom: 16 }}
          items={STEPS.map((s) => ({
            title: (
              <span data-testid={`mg-step-tab-${s.key}`}>
                {s.title} {perStep[s.key] ? <Badge count={perStep[s.key]} size="small" /> : null}
              </span>
            ),
          }))}
        />
        <Row gutter={16}>
          <Col span={15}>
            <Form layout="vertical" component="div">
              {step === 'group' && <GroupStep isNew={isNew} projects={projects} project={project} onProject={setProject} />}
              {step === 'sources' && <SourcesStep samples={samples} onSamples={setSamples} broker={broker} />}
              {step === 'preprocess' && <PreprocessStep functions={functions} />}
              {step === 'storage' && <StorageStep broker={broker} />}
              {step === 'metrics' && <MetricsStep functions={functions} />}
              {step === 'debug' && <DebugStep definition={definition} samples={samples} project={project} mayReadLive={hasRole(me, project, 'operator')} />}
              {step === 'online' && (
                <OnlineStep
                  definition={definition}
                  project={project}
                  mayDeploy={hasRole(me, project, 'operator')}
                  blocked={problems.all.length > 0 ? `Fix the ${problems.all.length} problem(s) first (see Problems)` : !readyToCompile(draft) ? 'A group needs a name, a source, a metric and a result storage' : null}
                  onSaved={(v) => {
                    setLatest(v);
                    if (isNew) navigate('/metric-groups/' + seg(v.name), { replace: true });
                  }}
                />
              )}
            </Form>
            <Space style={{ marginTop: 16 }}>
              <Button disabled={step === STEPS[0].key} onClick={() => setStep(STEPS[STEPS.findIndex((s) => s.key === step) - 1].key)}>
                Back
              </Button>
              <Button type="primary" data-testid="mg-next" disabled={step === 'online'} onClick={() => setStep(STEPS[STEPS.findIndex((s) => s.key === step) + 1].key)}>
                Next
              </Button>
            </Space>
          </Col>
          <Col span={9}>
            <Tabs
              size="small"
              items={[
                {
                  key: 'problems',
                  label: (
                    <span data-testid="mg-problems-tab">
                      Problems <Badge count={problems.all.length} size="small" showZero color={problems.all.length ? 'red' : 'green'} />
                    </span>
                  ),
                  children: (
                    <div data-testid="mg-problems">
                      {compiling && <Spin size="small" />}
                      {!readyToCompile(draft) && <Typography.Text type="secondary">The server checks the group once it has a name, a source, a metric and a result storage.</Typography.Text>}
                      <ErrorAlert error={compileError} />
                      {readyToCompile(draft) && !compiling && problems.all.length === 0 && !compileError && compiled && (
                        <Alert type="success" showIcon message="The group compiles" data-testid="mg-compiles" />
                      )}
                      {problems.all.map((p, i) => (
                        <div key={i} data-testid="mg-problem" style={{ marginBottom: 6 }}>
                          <a onClick={() => setStep(stepOf(p.path))} className="mono">
                            {p.path}
                          </a>
                          : {p.message}
                        </div>
                      ))}
                    </div>
                  ),
                },
                { key: 'yaml', label: 'YAML', forceRender: true, children: <pre className="mono" data-testid="mg-yaml" style={{ maxHeight: 600, overflow: 'auto', fontSize: 12 }}>{yaml}</pre> },
                {
                  key: 'sql',
                  label: 'Flink SQL',
                  forceRender: true,
                  children: (
                    <pre className="mono" data-testid="mg-sql" style={{ maxHeight: 600, overflow: 'auto', fontSize: 12 }}>
                      {compiled?.script ?? '-- the SQL shows once the group compiles'}
                    </pre>
                  ),
                },
              ]}
            />
          </Col>
        </Row>
        <Modal title="Import a definition (YAML or JSON)" open={importing} onCancel={() => setImporting(false)} onOk={importYaml} okText="Import" okButtonProps={{ 'data-testid': 'mg-import-ok' } as never}>
          <Input.TextArea rows={16} className="mono" data-testid="mg-import-text" value={importText} onChange={(e) => setImportText(e.target.value)} />
          {importError && <Alert type="error" showIcon style={{ marginTop: 8 }} message={importError} />}
        </Modal>
      </div>
    </DraftContext.Provider>
  );
}
