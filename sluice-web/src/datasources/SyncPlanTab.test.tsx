import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import { installDomShims } from '../graph/testEnv';
import { DatasourcePage } from '../pages/DatasourcePage';
import type { DataSource, SyncPlan } from './types';

const developer: Me = { username: 'dana', admin: false, projects: [{ project: 'data', role: 'developer' }], token: null };
const viewer: Me = { username: 'vic', admin: false, projects: [{ project: 'data', role: 'viewer' }], token: null };

const crm: DataSource = {
  id: 3,
  name: 'crm',
  project: 'data',
  type: 'postgresql',
  typeLabel: 'PostgreSQL',
  host: 'localhost',
  port: 5432,
  database: 'crm',
  username: 'u',
  passwordSecret: 'crm_pw',
  description: null,
  createdBy: 'admin',
  createdAt: '2026-12-03T08:00:00Z',
  updatedAt: '2026-12-03T08:00:00Z',
};

const notReady: SyncPlan = {
  source: 'crm',
  target: 'kafka',
  ready: false,
  tables: [
    {
      source: 'public.orders',
      target: 'cdc.public.orders',
      primaryKey: ['id'],
      rowEstimate: 1200,
      columns: [
        { name: 'id', sourceType: 'bigint', flinkType: 'BIGINT', targetType: 'BIGINT', lossy: false, note: null },
        { name: 'placed_at', sourceType: 'timestamptz', flinkType: 'TIMESTAMP_LTZ(6)', targetType: 'STRING', lossy: true, note: 'written as UTC text; the zone is dropped' },
        { name: 'shape', sourceType: 'geometry', flinkType: null, targetType: null, lossy: false, note: null },
      ],
      problems: ['column shape (geometry) cannot be read by Flink'],
      warnings: [],
    },
    {
      source: 'public.events',
      target: 'cdc.public.events',
      primaryKey: [],
      rowEstimate: 3_400_000,
      columns: [{ name: 'payload', sourceType: 'jsonb', flinkType: 'STRING', targetType: 'STRING', lossy: false, note: null }],
      problems: [],
      warnings: ['public.events has no primary key: updates and deletes are written without a key'],
    },
  ],
  excluded: ['public.tmp_orders'],
  unmatched: ['public.nothing_.*'],
  problems: ['topic cdc.public.orders is written by two tables'],
  warnings: ['schemaChanges evolve: a dropped column stays in the topic'],
};

interface Call {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string | undefined;
}

/** A fetch answering by "METHOD path", recording every call with its raw body and content type. */
function stubFetch(routes: Record<string, () => { status: number; body: unknown }>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, url, contentType: headers['Content-Type'], body: init?.body === undefined ? undefined : String(init.body) });
    const route = routes[`${method} ${url}`];
    const answer = route ? route() : { status: 404, body: { title: 'Not found', detail: url } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

const ok = (body: unknown) => () => ({ status: 200, body });

function show(url: string, me: Me = developer) {
  return render(
    <AntApp>
      <SessionContext.Provider value={me}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/datasources/:name" element={<DatasourcePage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

const text = () => screen.getByTestId('sync-plan-text') as HTMLTextAreaElement;

describe("A data source's sync plan", () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('starts from the ticked tables and posts the exact text as YAML', async () => {
    const calls = stubFetch({
      'GET /api/v1/datasources/crm': ok(crm),
      'POST /api/v1/datasources/3/sync-plan': ok({ ...notReady, ready: true, tables: [], problems: [], warnings: [], excluded: [], unmatched: [] }),
    });
    show('/datasources/crm?tab=sync&tables=public.orders,public.order$items');
    await waitFor(() => expect(text().value).not.toBe(''));
    expect(text().value).toBe(
      [
        '# schema.table, each side a regular expression matched against the whole name',
        'tables:',
        '  - public.orders',
        '  - public.order\\$items',
        '# exclude: [public.tmp_.*]',
        'target:',
        '  type: kafka',
        '  bootstrapServers: localhost:9092',
        '  topic: "cdc.{schema}.{table}"',
        '  format: debezium-json',
        '# schemaChanges: evolve',
        '',
      ].join('\n'),
    );
    const yaml = 'tables: [public.orders]\ntarget: {type: kafka, bootstrapServers: "k:9092", topic: "t.{table}", format: upsert}\n';
    fireEvent.change(text(), { target: { value: yaml } });
    fireEvent.click(screen.getByTestId('sync-plan-run'));
    expect((await screen.findByTestId('sync-plan-overall')).textContent).toBe('Ready to sync 0 tables from crm to kafka');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/datasources/crm', 'POST /api/v1/datasources/3/sync-plan']);
    expect(calls[1].contentType).toBe('application/yaml');
    expect(calls[1].body).toBe(yaml);
  });

  it('creates a sync job of the ready definition and opens its page', async () => {
    const calls = stubFetch({
      'GET /api/v1/datasources/crm': ok(crm),
      'POST /api/v1/datasources/3/sync-plan': ok({ ...notReady, ready: true, tables: [], problems: [], warnings: [], excluded: [], unmatched: [] }),
      'POST /api/v1/jobs': () => ({ status: 201, body: { id: 9, name: 'crm-orders', project: 'data', version: 1 } }),
    });
    render(
      <AntApp>
        <SessionContext.Provider value={developer}>
          <MemoryRouter initialEntries={['/datasources/crm?tab=sync&tables=public.orders']}>
            <Routes>
              <Route path="/datasources/:name" element={<DatasourcePage />} />
              <Route path="/jobs/:name" element={<div data-testid="job-page">job page</div>} />
            </Routes>
          </MemoryRouter>
        </SessionContext.Provider>
      </AntApp>,
    );
    await waitFor(() => expect(text().value).not.toBe(''));
    expect(screen.queryByTestId('sync-create')).toBeNull();
    fireEvent.click(screen.getByTestId('sync-plan-run'));
    const name = (await screen.findByTestId('sync-create-name')) as HTMLInputElement;
    expect(name.value).toBe('sync-crm');
    fireEvent.change(name, { target: { value: 'crm-orders' } });
    const definition = text().value;
    fireEvent.click(screen.getByTestId('sync-create-run'));
    await screen.findByTestId('job-page');
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/jobs')!;
    expect(JSON.parse(post.body!)).toEqual({ name: 'crm-orders', type: 'SYNC', project: 'data', source: 'crm', script: definition });
  });

  it('shows a plan that is not ready, its tables with their problems and, expanded, their columns', async () => {
    const calls = stubFetch({
      'GET /api/v1/datasources/crm': ok(crm),
      'GET /api/v1/datasources/3/schemas': ok([
        { name: 'sales', tables: 2 },
        { name: 'public', tables: 4 },
      ]),
      'POST /api/v1/datasources/3/sync-plan': ok(notReady),
    });
    show('/datasources/crm?tab=sync');
    await waitFor(() => expect(text().value).toContain('tables:\n  - sales.*\n# exclude'));
    fireEvent.click(screen.getByTestId('sync-plan-run'));

    expect((await screen.findByTestId('sync-plan-overall')).textContent).toBe('Not ready to sync from crm to kafka: 2 problems, 2 warnings');
    expect(calls[2].body).toBe(text().value);
    // Plan-wide problems and warnings, before any row is expanded.
    expect(screen.getAllByTestId('sync-plan-problem').map((p) => p.textContent)).toEqual(['topic cdc.public.orders is written by two tables']);
    expect(screen.getAllByTestId('sync-plan-warning').map((p) => p.textContent)).toEqual(['schemaChanges evolve: a dropped column stays in the topic']);
    expect(screen.getByTestId('sync-plan-excluded').textContent).toBe('Excluded: public.tmp_orders');
    expect(screen.getByTestId('sync-plan-unmatched').textContent).toBe('Matched no table: public.nothing_.*');

    const rows = screen.getAllByTestId('sync-plan-table-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['public.orders', 'public.events']);
    expect([...rows[0].querySelectorAll('td')].slice(1).map((td) => td.textContent)).toEqual([
      'public.orders',
      '→ cdc.public.orders',
      'id',
      '1.2K',
      '1 problem1 lossy column',
    ]);
    expect(within(rows[0]).getByTestId('sync-plan-problem-count').textContent).toBe('1 problem');
    expect(within(rows[0]).getByTestId('sync-plan-lossy-count').textContent).toBe('1 lossy column');
    expect(within(rows[1]).getByTestId('no-primary-key').textContent).toBe('no primary key');
    expect(within(rows[1]).queryByTestId('sync-plan-problem-count')).toBeNull();
    expect(within(rows[1]).getByTestId('sync-plan-warning-count').textContent).toBe('1 warning');
    expect(screen.queryAllByTestId('sync-plan-column-row')).toHaveLength(0);

    fireEvent.click(rows[0].querySelector<HTMLElement>('.ant-table-row-expand-icon')!);
    const detail = await screen.findByTestId('sync-plan-table-detail');
    expect(detail.getAttribute('data-name')).toBe('public.orders');
    expect(within(detail).getAllByTestId('sync-plan-problem').map((p) => p.textContent)).toEqual(['column shape (geometry) cannot be read by Flink']);
    expect(within(detail).queryAllByTestId('sync-plan-warning')).toHaveLength(0);
    const columns = within(detail).getAllByTestId('sync-plan-column-row');
    expect(columns.map((c) => c.getAttribute('data-name'))).toEqual(['id', 'placed_at', 'shape']);
    expect([...columns[1].querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'placed_at',
      'timestamptz',
      'TIMESTAMP_LTZ(6)',
      'STRING',
      'lossy',
      'written as UTC text; the zone is dropped',
    ]);
    expect(within(columns[1]).getByTestId('sync-plan-lossy').textContent).toBe('lossy');
    expect(within(columns[0]).queryByTestId('sync-plan-lossy')).toBeNull();
    expect(within(columns[2]).getByTestId('not-readable').textContent).toBe('not readable');
    expect(within(detail).getAllByTestId('not-readable')).toHaveLength(1);
  });

  it("names the field of a definition the server refuses", async () => {
    stubFetch({
      'GET /api/v1/datasources/crm': ok(crm),
      'GET /api/v1/datasources/3/schemas': ok([{ name: 'public', tables: 4 }]),
      'POST /api/v1/datasources/3/sync-plan': () => ({
        status: 400,
        body: {
          title: 'Invalid sync definition',
          status: 400,
          errors: [{ field: 'target.format', message: "'avro' is not a Kafka format: debezium-json, canal-json or upsert" }],
        },
      }),
    });
    show('/datasources/crm?tab=sync');
    await waitFor(() => expect(text().value).toContain('  - public.*\n'));
    fireEvent.click(screen.getByTestId('sync-plan-run'));
    const invalid = await screen.findByTestId('sync-plan-invalid');
    expect(invalid.querySelector('.ant-alert-title')?.textContent).toBe('Invalid sync definition');
    expect(screen.getAllByTestId('sync-plan-field-error').map((e) => e.textContent)).toEqual([
      "target.format: 'avro' is not a Kafka format: debezium-json, canal-json or upsert",
    ]);
    expect(screen.queryByTestId('sync-plan-overall')).toBeNull();
  });

  it('lets a viewer read the example but not plan', async () => {
    const calls = stubFetch({ 'GET /api/v1/datasources/crm': ok(crm) });
    show('/datasources/crm?tab=sync', viewer);
    await waitFor(() => expect(text().value).toContain('  - public.*\n'));
    const run = screen.getByTestId('sync-plan-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    fireEvent.click(run);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/datasources/crm']);
  });
});
