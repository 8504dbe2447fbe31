import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { FULL } from '../metrics/testData';
import { MetricGroupPage } from './MetricGroupPage';

const developer: Me = { username: 'bo', admin: false, projects: [{ project: 'risk', role: 'developer' }], token: null };

function show(url: string) {
  return render(
    <AntApp>
      <SessionContext.Provider value={developer}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/metric-groups/new" element={<MetricGroupPage />} />
            <Route path="/metric-groups/:name" element={<MetricGroupPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

const BASE_ROUTES = {
  'GET /api/v1/health': () => ({ status: 'UP', engine: '1.20', localKafka: 'broker:9092' }),
  'GET /api/v1/kafka/topics': () => [{ name: 'payments', partitions: 2 }],
  'GET /api/v1/sql/language': () => ({ keywords: [], functions: [{ name: 'UPPER', kind: 'BUILTIN', signatures: ['UPPER(s)'] }], connectors: [] }),
  'GET /api/v1/secrets': () => [],
};

const yamlPanel = () => parse(screen.getByTestId('mg-yaml').textContent ?? '') as Record<string, unknown>;

describe('MetricGroupPage', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('builds sources from sample events: a click on a JSON node adds the field with its path and type', async () => {
    fakeFetch(BASE_ROUTES);
    show('/metric-groups/new');
    fireEvent.change(await screen.findByTestId('mg-name'), { target: { value: 'risk_watch' } });
    fireEvent.click(screen.getByTestId('mg-step-tab-sources'));
    fireEvent.click(await screen.findByTestId('mg-add-source'));
    const samples = await screen.findByTestId('mg-source-0-samples');
    fireEvent.change(samples, {
      target: { value: '{"payer":{"id":"p1"},"amount":"12.50","ts":"2026-11-24T02:00:00Z"}\nnot json\n{"payer":{"id":"p2"},"amount":"3","ts":"2026-11-24T02:00:05Z"}' },
    });
    expect(screen.getByTestId('mg-source-0-sample-count').textContent).toContain('2 events, 1 lines that are not JSON objects');
    const node = (path: string) => screen.getAllByTestId('mg-json-node').find((n) => n.getAttribute('data-path') === path)!;
    fireEvent.click(node('$.payer.id'));
    fireEvent.click(node('$.amount'));
    fireEvent.click(node('$.ts'));
    await waitFor(() => expect(screen.getAllByTestId('mg-field-row').map((r) => r.getAttribute('data-name'))).toEqual(['payer_id', 'amount', 'ts']));
    expect(yamlPanel().sources).toEqual([
      {
        name: 'events',
        kafka: { topic: '', bootstrapServers: 'broker:9092', startFrom: 'latest' },
        fields: [
          { name: 'payer_id', path: '$.payer.id', type: 'STRING' },
          { name: 'amount', path: '$.amount', type: 'DOUBLE' },
          { name: 'ts', path: '$.ts', type: 'TIMESTAMP' },
        ],
      },
    ]);
    // A second click on an added node adds nothing.
    fireEvent.click(node('$.amount'));
    expect(screen.getAllByTestId('mg-field-row')).toHaveLength(3);
  });

  it("puts an administrator's new group in a project that exists", async () => {
    const calls = fakeFetch({
      ...BASE_ROUTES,
      'GET /api/v1/projects': () => [{ name: 'payments', role: 'owner' }, { name: 'demo', role: 'owner' }],
    });
    const admin: Me = { username: 'admin', admin: true, projects: [], token: null };
    render(
      <AntApp>
        <SessionContext.Provider value={admin}>
          <MemoryRouter initialEntries={['/metric-groups/new']}>
            <Routes>
              <Route path="/metric-groups/new" element={<MetricGroupPage />} />
            </Routes>
          </MemoryRouter>
        </SessionContext.Provider>
      </AntApp>,
    );
    await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/projects')).toBe(true));
    // The first of the projects there are, in name order; no project that does not exist.
    await waitFor(() => expect(screen.getByTestId('mg-project').textContent).toBe('demo'));
    expect(screen.queryByTestId('mg-no-project')).toBeNull();
  });

  it("offers every saved group's metrics for reuse from the one listing", async () => {
    const calls = fakeFetch({
      ...BASE_ROUTES,
      'GET /api/v1/metric-groups': () => [
        { name: 'payments_risk', project: 'risk', version: 2, author: 'ana', comment: null, createdAt: '2026-12-01T00:00:00Z', changed: false, script: '', windows: { hop_10m_1m: ['tx'], tumble_1m: ['tx', 'p99', 'share'] }, metrics: ['tx', 'p99'] },
        { name: 'broken', project: 'risk', version: 1, author: 'ana', comment: null, createdAt: '2026-12-01T00:00:00Z', changed: false, script: '', windows: null, metrics: ['n'] },
      ],
    });
    show('/metric-groups/new');
    fireEvent.change(await screen.findByTestId('mg-name'), { target: { value: 'risk_watch' } });
    fireEvent.click(screen.getByTestId('mg-step-tab-metrics'));
    const picker = await screen.findByTestId('mg-references');
    fireEvent.mouseDown(picker.querySelector('.ant-select-selector') ?? picker);
    fireEvent.focus(picker.querySelector('input')!);
    expect(await screen.findByText('payments_risk.tx@2 — hop_10m_1m, tumble_1m (project risk)')).toBeTruthy();
    expect(screen.getByText('payments_risk.p99@2 — tumble_1m (project risk)')).toBeTruthy();
    expect(screen.getByText('broken.n@1 (project risk)')).toBeTruthy();
    // A derived metric cannot be referenced: it is not offered.
    expect(screen.queryByText(/payments_risk\.share/)).toBeNull();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/metric-groups')).map((c) => c.url)).toEqual(['/api/v1/metric-groups']);
  });

  it("opens a saved group on its latest version and puts the server's problems on their fields", async () => {
    let compiles = 0;
    const calls = fakeFetch({
      ...BASE_ROUTES,
      'GET /api/v1/metric-groups/payments_risk': () => FULL,
      'GET /api/v1/metric-groups/payments_risk/versions': () => [
        { name: 'payments_risk', project: 'risk', version: 1, author: 'ana', createdAt: '2026-12-01T00:00:00Z', changed: true, script: '', windows: {} },
        { name: 'payments_risk', project: 'risk', version: 2, author: 'bo', createdAt: '2026-12-02T00:00:00Z', changed: true, script: '', windows: {} },
      ],
      'POST /api/v1/metric-groups/compile': () => {
        compiles++;
        problem(422, {
          title: 'Invalid metric group',
          errors: [
            { path: 'metrics[0].windows[1].slide', message: 'must divide the size' },
            { path: 'preprocess.enrich[0].key.payer_id', message: 'no column payer_id in merchants' },
          ],
        });
      },
    });
    show('/metric-groups/payments_risk');
    await screen.findByText('version 2 by bo');
    expect(yamlPanel()).toEqual(FULL);
    await waitFor(() => expect(screen.getAllByTestId('mg-problem')).toHaveLength(2));
    expect(compiles).toBe(1);
    const compile = calls.find((c) => c.url.startsWith('/api/v1/metric-groups/compile'))!;
    expect(compile.url).toBe('/api/v1/metric-groups/compile?project=risk');
    expect(compile.body).toEqual(FULL);
    // The step holding a problem counts it; the field shows it.
    expect(within(screen.getByTestId('mg-step-tab-metrics')).getByText('1')).toBeTruthy();
    fireEvent.click(screen.getByTestId('mg-step-tab-metrics'));
    fireEvent.click(screen.getAllByTestId('mg-metric-row')[0]);
    expect((await screen.findByTestId('mg-metrics-0-windows-1-slide-error')).textContent).toBe('must divide the size');
    fireEvent.click(screen.getByTestId('mg-step-tab-preprocess'));
    expect((await screen.findByTestId('mg-preprocess-enrich-0-key-error')).textContent).toBe('no column payer_id in merchants');
  });
});
