import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, InputNumber, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, seg } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import type { Lineage } from '../detail/lineage';
import { usePolled } from '../detail/usePolled';
import { ExplorerGraph } from '../lineage/ExplorerGraph';
import {
  buildGraph,
  datasetColumns,
  datasetNode,
  highlightOf,
  impactAsWalk,
  impactRows,
  jobNode,
  MAX_DEPTH,
  mergeWalks,
  searchNodes,
  type ColumnInfo,
  type DatasetView,
  type Impact,
  type Walk,
} from '../lineage/model';

const q = encodeURIComponent;

/**
 * Lineage across every job: datasets and the jobs reading and writing them. `?dataset=` selects a
 * dataset, `&column=` one of its columns (its paths highlighted, its impact listed), `?job=` a job.
 */
export function LineagePage() {
  const [params, setParams] = useSearchParams();
  const datasetId = params.get('dataset');
  const column = params.get('column');
  const jobName = params.get('job');
  const list = usePolled<DatasetView[]>(() => api.get('/api/v1/lineage/datasets'), 'datasets', null);
  const [expansions, setExpansions] = useState<Walk[]>([]);
  const [expandError, setExpandError] = useState<unknown>(null);
  const [expanding, setExpanding] = useState(false);
  const [depth, setDepth] = useState(1);
  const [search, setSearch] = useState('');
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const centre = useCallback((id: string) => setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 })), []);

  // Job ids by name, asked once when first needed (job lineage and OpenLineage are by id).
  const ids = useRef<Promise<Map<string, number>> | null>(null);
  const idOf = useCallback(async (name: string) => {
    if (!ids.current) ids.current = api.get<Job[]>('/api/v1/jobs').then((jobs) => new Map(jobs.map((j) => [j.name, j.id])));
    let found: Map<string, number>;
    try {
      found = await ids.current;
    } catch (e) {
      ids.current = null;
      throw e;
    }
    const id = found.get(name);
    if (id === undefined) throw new ApiError(404, { title: 'Not found', detail: `no job named '${name}'` });
    return id;
  }, []);

  const view = list.data?.find((v) => v.dataset.id === datasetId) ?? null;
  const columns = usePolled<ColumnInfo[]>(
    view
      ? async () => {
          const jobs = [...new Set([...view.writers, ...view.readers])].sort();
          const lineages = await Promise.all(
            jobs.map(async (job) => ({ job, lineage: await api.get<Lineage>(`/api/v1/jobs/${await idOf(job)}/lineage`) })),
          );
          return datasetColumns(view.dataset, lineages);
        }
      : null,
    `columns:${view ? view.dataset.id : ''}`,
    null,
  );
  const paths = usePolled<{ up: Walk; impact: Impact }>(
    view && column
      ? async () => {
          const [up, impact] = await Promise.all([
            api.get<Walk>(`/api/v1/lineage/upstream?dataset=${q(view.dataset.id)}&column=${q(column)}&depth=${MAX_DEPTH}`),
            api.get<Impact>(`/api/v1/lineage/impact?dataset=${q(view.dataset.id)}&column=${q(column)}`),
          ]);
          return { up, impact };
        }
      : null,
    `paths:${view ? view.dataset.id : ''}:${column ?? ''}`,
    null,
  );

  const columnWalks = useMemo(() => (paths.data ? [paths.data.up, impactAsWalk(paths.data.impact)] : []), [paths.data]);
  const graph = useMemo(() => buildGraph(mergeWalks(list.data ?? [], [...expansions, ...columnWalks])), [list.data, expansions, columnWalks]);
  const highlight = useMemo(() => {
    if (datasetId && column) return paths.data ? highlightOf(columnWalks, datasetId) : null;
    const mine = expansions.filter((w) => w.dataset === datasetId);
    return datasetId && mine.length > 0 ? highlightOf(mine, datasetId) : null;
  }, [datasetId, column, paths.data, columnWalks, expansions]);
  const found = useMemo(() => searchNodes(graph, search), [graph, search]);
  const matches = search.trim() ? new Set(found.map((n) => n.id)) : null;

  // A shared link centres what it names once the graph is there.
  const centred = useRef(false);
  useEffect(() => {
    if (centred.current || !list.data) return;
    centred.current = true;
    if (datasetId) centre(datasetNode(datasetId));
    else if (jobName) centre(jobNode(jobName));
  }, [list.data, datasetId, jobName, centre]);

  const select = (nodeId: string | null) => {
    const n = graph.nodes.find((x) => x.id === nodeId);
    setExpandError(null);
    if (!n) setParams({});
    else if (n.kind === 'dataset') setParams({ dataset: n.key });
    else setParams({ job: n.key });
  };
  const pick = (nodeId: string) => {
    select(nodeId);
    setSearch('');
    centre(nodeId);
  };
  const expand = async (direction: 'upstream' | 'downstream') => {
    if (!datasetId) return;
    setExpanding(true);
    try {
      const col = column ? `&column=${q(column)}` : '';
      const walk = await api.get<Walk>(`/api/v1/lineage/${direction}?dataset=${q(datasetId)}${col}&depth=${depth}`);
      setExpansions((all) => [...all.filter((w) => !(w.dataset === walk.dataset && w.direction === walk.direction)), walk]);
      setExpandError(null);
    } catch (e) {
      setExpandError(e);
    } finally {
      setExpanding(false);
    }
  };

  if (list.loading && !list.data) return <Spin style={{ display: 'block', margin: 48 }} data-testid="lineage-loading" />;
  if (list.error && !list.data) return <ErrorAlert error={list.error} />;
  if (!list.data || list.data.length === 0) {
    return <Empty style={{ margin: 48 }} data-testid="lineage-empty" description="No job's current version reads or writes a dataset yet" />;
  }

  const selected = datasetId ? datasetNode(datasetId) : jobName ? jobNode(jobName) : null;
  const jobKnown = jobName != null && graph.nodes.some((n) => n.id === jobNode(jobName));
  return (
    <div data-testid="lineage-page">
      <Space style={{ marginBottom: 8 }} align="start" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          Lineage
        </Typography.Title>
        <div style={{ position: 'relative' }}>
          <Input
            data-testid="lineage-search"
            allowClear
            placeholder="Find a dataset or job"
            style={{ width: 320 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onPressEnter={() => found[0] && pick(found[0].id)}
          />
          {found.length > 0 && (
            <Card size="small" style={{ position: 'absolute', zIndex: 10, width: 320, maxHeight: 320, overflow: 'auto' }} styles={{ body: { padding: 4 } }}>
              {found.slice(0, 20).map((n) => (
                <div key={n.id} className="lx-column" data-testid={`lineage-search-result-${n.key}`} onClick={() => pick(n.id)}>
                  <Tag>{n.kind}</Tag>
                  {n.label} <Typography.Text type="secondary">{n.kind === 'dataset' ? n.detail : ''}</Typography.Text>
                </div>
              ))}
            </Card>
          )}
        </div>
        <Typography.Text type="secondary">
          {graph.nodes.filter((n) => n.kind === 'dataset').length} datasets, {graph.nodes.filter((n) => n.kind === 'job').length} jobs
        </Typography.Text>
      </Space>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <ExplorerGraph graph={graph} highlight={highlight} matches={matches} selected={selected} onSelect={select} focus={focus} />
        </div>
        <div style={{ width: 420, flex: 'none' }}>
          {datasetId && !view && (
            <Alert type="warning" showIcon data-testid="lineage-unknown-dataset" title={`No job's current version reads or writes ${datasetId}`} />
          )}
          {view && (
            <DatasetPanel
              view={view}
              columns={columns}
              column={column}
              onColumn={(c) => setParams(c ? { dataset: view.dataset.id, column: c } : { dataset: view.dataset.id })}
              onJob={(j) => pick(jobNode(j))}
              depth={depth}
              setDepth={setDepth}
              expand={expand}
              expanding={expanding}
              expandError={expandError}
              expansions={expansions.filter((w) => w.dataset === view.dataset.id)}
            />
          )}
          {view && column && <ImpactCard dataset={view.dataset.id} column={column} paths={paths} />}
          {jobName && !jobKnown && <Alert type="warning" showIcon data-testid="lineage-unknown-job" title={`No job named ${jobName} reads or writes a dataset`} />}
          {jobName && jobKnown && <JobPanel name={jobName} views={list.data} onDataset={(d) => pick(datasetNode(d))} idOf={idOf} />}
          {!selected && (
            <Card size="small">
              <Typography.Text type="secondary">Select a dataset to see its columns, or a job to export its OpenLineage event.</Typography.Text>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}

function JobLinks({ jobs, onJob, testid }: { jobs: string[]; onJob: (j: string) => void; testid: string }) {
  if (jobs.length === 0) return <Typography.Text type="secondary">none</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap data-testid={testid}>
      {jobs.map((j) => (
        <Tag key={j} style={{ cursor: 'pointer' }} color="green" onClick={() => onJob(j)} data-testid={`${testid}-${j}`}>
          {j}
        </Tag>
      ))}
    </Space>
  );
}

interface DatasetPanelProps {
  view: DatasetView;
  columns: { data: ColumnInfo[] | null; error: unknown; loading: boolean };
  column: string | null;
  onColumn: (c: string | null) => void;
  onJob: (j: string) => void;
  depth: number;
  setDepth: (d: number) => void;
  expand: (direction: 'upstream' | 'downstream') => void;
  expanding: boolean;
  expandError: unknown;
  expansions: Walk[];
}

function DatasetPanel({ view, columns, column, onColumn, onJob, depth, setDepth, expand, expanding, expandError, expansions }: DatasetPanelProps) {
  const d = view.dataset;
  const cols = columns.data ?? [];
  const listed = column && columns.data && !cols.some((c) => c.name === column) ? [...cols, { name: column, type: null, writtenBy: [], readBy: [] }] : cols;
  return (
    <Card size="small" data-testid="lineage-dataset-panel" title={<span title={d.id}>{d.name}</span>} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {d.namespace}
        {d.connector ? ` · ${d.connector}` : ''}
        {d.table ? ` · ${d.table}` : ''}
      </Typography.Paragraph>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text strong>Written by </Typography.Text>
        <JobLinks jobs={view.writers} onJob={onJob} testid="lineage-writers" />
      </div>
      <div style={{ marginBottom: 8 }}>
        <Typography.Text strong>Read by </Typography.Text>
        <JobLinks jobs={view.readers} onJob={onJob} testid="lineage-readers" />
      </div>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>Expand</span>
        <InputNumber data-testid="lineage-depth" min={1} max={10} value={depth} onChange={(v) => setDepth(Math.min(10, Math.max(1, Math.round(Number(v ?? 1)))))} style={{ width: 64 }} />
        <span>levels</span>
        <Button size="small" data-testid="lineage-expand-upstream" loading={expanding} onClick={() => expand('upstream')}>
          upstream
        </Button>
        <Button size="small" data-testid="lineage-expand-downstream" loading={expanding} onClick={() => expand('downstream')}>
          downstream
        </Button>
      </Space>
      <ErrorAlert error={expandError} style={{ marginBottom: 8 }} />
      {expansions.map((w) => (
        <Typography.Paragraph key={w.direction} type="secondary" style={{ marginBottom: 4 }} data-testid={`lineage-expansion-${w.direction}`}>
          {w.direction} {w.depth} level{w.depth === 1 ? '' : 's'}{w.column ? ` from ${w.column}` : ''}: {w.datasets.length} datasets, {w.edges.length} steps
        </Typography.Paragraph>
      ))}
      <Typography.Text strong>Columns</Typography.Text>
      {columns.loading && !columns.data && <Spin size="small" style={{ display: 'block', margin: 8 }} />}
      <ErrorAlert error={columns.error} />
      {columns.data && listed.length === 0 && <Typography.Paragraph type="secondary">No column known</Typography.Paragraph>}
      <div data-testid="lineage-columns" style={{ maxHeight: 280, overflow: 'auto' }}>
        {listed.map((c) => (
          <div
            key={c.name}
            className={'lx-column' + (c.name === column ? ' selected' : '')}
            data-testid={`lineage-column-${c.name}`}
            data-selected={c.name === column ? 'true' : 'false'}
            onClick={() => onColumn(c.name === column ? null : c.name)}
          >
            <Typography.Text code>{c.name}</Typography.Text>
            {c.type && <Typography.Text type="secondary"> {c.type}</Typography.Text>}
            {(c.writtenBy.length > 0 || c.readBy.length > 0) && (
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {c.writtenBy.length > 0 ? ` · written by ${c.writtenBy.join(', ')}` : ''}
                {c.readBy.length > 0 ? ` · read by ${c.readBy.join(', ')}` : ''}
              </Typography.Text>
            )}
          </div>
        ))}
      </div>
    </Card>
  );
}

function ImpactCard({ dataset, column, paths }: { dataset: string; column: string; paths: { data: { up: Walk; impact: Impact } | null; error: unknown; loading: boolean } }) {
  const rows = useMemo(() => (paths.data ? impactRows(paths.data.impact) : []), [paths.data]);
  return (
    <Card size="small" data-testid="lineage-impact" title="Impact" style={{ marginBottom: 12 }}>
      <Typography.Paragraph>
        Changing <Typography.Text code>{dataset}.{column}</Typography.Text> affects these jobs and these sink columns
      </Typography.Paragraph>
      {paths.loading && !paths.data && !paths.error && <Spin size="small" style={{ display: 'block', margin: 8 }} />}
      <ErrorAlert error={paths.error} />
      {paths.data && (
        <>
          <div style={{ marginBottom: 8 }} data-testid="lineage-impact-jobs">
            <Typography.Text strong>Jobs </Typography.Text>
            {paths.data.impact.jobs.length === 0 ? (
              <Typography.Text type="secondary">none</Typography.Text>
            ) : (
              paths.data.impact.jobs.map((j) => (
                <Tag key={j} color="green" data-testid={`lineage-impact-job-${j}`}>
                  {j}
                </Tag>
              ))
            )}
          </div>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="lineage-impact-sinks"
            dataSource={rows}
            locale={{ emptyText: 'No sink column depends on it' }}
            onRow={(r) => ({ 'data-testid': 'lineage-impact-sink', 'data-sink': `${r.dataset}.${r.column}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: 'Sink column', key: 'sink', render: (_, r) => <span title={r.dataset}>{r.dataset.slice(r.dataset.lastIndexOf('/') + 1)}.{r.column}</span> },
              { title: 'How', dataIndex: 'type' },
              { title: 'Job', dataIndex: 'job' },
              { title: 'Hops', dataIndex: 'distance', width: 50 },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function JobPanel({ name, views, onDataset, idOf }: { name: string; views: DatasetView[]; onDataset: (d: string) => void; idOf: (name: string) => Promise<number> }) {
  const reads = views.filter((v) => v.readers.includes(name));
  const writes = views.filter((v) => v.writers.includes(name));
  const [doc, setDoc] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [copied, setCopied] = useState(false);
  const open = async () => {
    setLoading(true);
    try {
      const event = await api.get<unknown>(`/api/v1/jobs/${await idOf(name)}/lineage/openlineage`);
      setDoc(JSON.stringify(event, null, 2));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  const download = () => {
    if (!doc) return;
    const url = URL.createObjectURL(new Blob([doc], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.openlineage.json`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const datasets = (list: DatasetView[], testid: string) =>
    list.length === 0 ? (
      <Typography.Text type="secondary">none</Typography.Text>
    ) : (
      <Space size={[4, 4]} wrap data-testid={testid}>
        {list.map((v) => (
          <Tag key={v.dataset.id} style={{ cursor: 'pointer' }} color="blue" title={v.dataset.id} onClick={() => onDataset(v.dataset.id)}>
            {v.dataset.name}
          </Tag>
        ))}
      </Space>
    );
  return (
    <Card size="small" data-testid="lineage-job-panel" title={name} extra={<Link to={`/jobs/${seg(name)}?tab=lineage`}>column lineage</Link>}>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text strong>Reads </Typography.Text>
        {datasets(reads, 'lineage-job-reads')}
      </div>
      <div style={{ marginBottom: 8 }}>
        <Typography.Text strong>Writes </Typography.Text>
        {datasets(writes, 'lineage-job-writes')}
      </div>
      <Button data-testid="lineage-openlineage" icon={<DownloadOutlined />} loading={loading} onClick={open}>
        OpenLineage event
      </Button>
      <ErrorAlert error={error} style={{ marginTop: 8 }} />
      <Modal
        open={doc !== null}
        title={`OpenLineage event of ${name}`}
        width={760}
        onCancel={() => (setDoc(null), setCopied(false))}
        footer={[
          <Button
            key="copy"
            data-testid="lineage-openlineage-copy"
            icon={<CopyOutlined />}
            onClick={() => void navigator.clipboard?.writeText(doc ?? '').then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>,
          <Button key="download" type="primary" data-testid="lineage-openlineage-download" icon={<DownloadOutlined />} onClick={download}>
            Download
          </Button>,
        ]}
      >
        <pre data-testid="lineage-openlineage-json" style={{ maxHeight: 480, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
          {doc}
        </pre>
      </Modal>
    </Card>
  );
}
