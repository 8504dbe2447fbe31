import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import type { Walk } from '../lineage/model';
import { impactAmount, lineages, ORDERS, TABLE, TOTALS, upAmount, views } from '../lineage/testData';
import { LineagePage } from './LineagePage';

const jobs = [
  { id: 3, name: 'ingest' },
  { id: 4, name: 'totals' },
  { id: 5, name: 'audit' },
];
const q = encodeURIComponent;

function routes(extra: Record<string, (body: unknown) => unknown> = {}) {
  return {
    'GET /api/v1/lineage/datasets': () => views,
    'GET /api/v1/jobs': () => jobs,
    'GET /api/v1/jobs/3/lineage': () => lineages.ingest,
    'GET /api/v1/jobs/4/lineage': () => lineages.totals,
    'GET /api/v1/jobs/5/lineage': () => lineages.audit,
    [`GET /api/v1/lineage/upstream?dataset=${q(TABLE)}&column=amount&depth=50`]: () => upAmount,
    [`GET /api/v1/lineage/impact?dataset=${q(TABLE)}&column=amount`]: () => impactAmount,
    ...extra,
  };
}

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function show(url = '/lineage') {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/lineage" element={<><LineagePage /><Where /></>} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

const where = () => new URL('http://x' + screen.getByTestId('where').textContent).searchParams;
const columnNames = () => within(screen.getByTestId('lineage-columns')).getAllByTestId(/^lineage-column-/).map((e) => e.getAttribute('data-testid')!.slice('lineage-column-'.length));
const flag = (testid: string, attr: string) => screen.getByTestId(testid).getAttribute('data-' + attr);

describe('LineagePage', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('draws every dataset and job, and a selected dataset lists its columns and jobs', async () => {
    const calls = fakeFetch(routes());
    show();
    await screen.findByTestId(`lineage-node-${ORDERS}`);
    expect(screen.getByTestId(`lineage-node-${TABLE}`).textContent).toBe('shop.public.orderspostgres://db:5432');
    expect(screen.getAllByTestId(/^lineage-job-(audit|ingest|totals)$/).map((e) => e.textContent)).toEqual(['audit', 'ingest', 'totals']);
    fireEvent.click(screen.getByTestId(`lineage-node-${TABLE}`));
    await waitFor(() => expect(columnNames()).toEqual(['id', 'amount', 'customer']));
    expect(where().get('dataset')).toBe(TABLE);
    expect(screen.getByTestId('lineage-column-amount').textContent).toBe('amount DECIMAL(10, 2) · written by ingest · read by totals');
    expect(within(screen.getByTestId('lineage-writers')).getByText('ingest')).toBeTruthy();
    expect(within(screen.getByTestId('lineage-readers')).getByText('totals')).toBeTruthy();
    expect(flag(`lineage-node-${TABLE}`, 'selected')).toBe('true');
    // The columns come from the lineage of the jobs writing and reading it, and nothing else is asked.
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/lineage/datasets', '/api/v1/jobs', '/api/v1/jobs/3/lineage', '/api/v1/jobs/4/lineage']);
  });

  it('selecting a column lights its paths, lists its impact and puts it in the URL', async () => {
    fakeFetch(routes());
    show(`/lineage?dataset=${q(TABLE)}`);
    fireEvent.click(await screen.findByTestId('lineage-column-amount'));
    const impact = await screen.findByTestId('lineage-impact');
    expect(where().get('dataset')).toBe(TABLE);
    expect(where().get('column')).toBe('amount');
    await waitFor(() => expect(within(impact).getByTestId('lineage-impact-job-totals')).toBeTruthy());
    expect(impact.textContent).toContain(`Changing ${TABLE}.amount affects these jobs and these sink columns`);
    expect(within(impact).getAllByTestId('lineage-impact-job-', { exact: false }).map((e) => e.textContent)).toEqual(['totals']);
    const sinks = within(impact).getAllByTestId('lineage-impact-sink');
    expect(sinks.map((r) => [r.getAttribute('data-sink'), ...Array.from(r.querySelectorAll('td')).map((td) => td.textContent)])).toEqual([
      [`${TOTALS}.total`, 'totals.total', 'DIRECT AGGREGATION', 'totals', '1'],
    ]);
    // On the paths: orders → ingest → the table → totals → the totals topic; audit is not.
    for (const id of [`lineage-node-${ORDERS}`, `lineage-node-${TABLE}`, `lineage-node-${TOTALS}`, 'lineage-job-ingest', 'lineage-job-totals']) {
      await waitFor(() => expect(flag(id, 'highlighted')).toBe('true'));
    }
    expect(flag('lineage-job-audit', 'dimmed')).toBe('true');
    expect(flag('lineage-column-amount', 'selected')).toBe('true');
  });

  it('opens a shared link with its dataset and column selected', async () => {
    const calls = fakeFetch(routes());
    show(`/lineage?dataset=${q(TABLE)}&column=amount`);
    const impact = await screen.findByTestId('lineage-impact');
    await waitFor(() => expect(within(impact).getAllByTestId('lineage-impact-sink')).toHaveLength(1));
    await waitFor(() => expect(flag('lineage-column-amount', 'selected')).toBe('true'));
    expect(flag(`lineage-node-${TABLE}`, 'selected')).toBe('true');
    expect(flag('lineage-job-audit', 'dimmed')).toBe('true');
    expect(calls.map((c) => c.url)).toContain(`/api/v1/lineage/upstream?dataset=${q(TABLE)}&column=amount&depth=50`);
  });

  it('expands a dataset downstream by the chosen depth', async () => {
    const walk: Walk = { dataset: ORDERS, column: null, direction: 'downstream', depth: 2, datasets: views, edges: [] };
    const calls = fakeFetch(routes({ [`GET /api/v1/lineage/downstream?dataset=${q(ORDERS)}&depth=2`]: () => walk }));
    show(`/lineage?dataset=${q(ORDERS)}`);
    const depth = await screen.findByTestId('lineage-depth');
    fireEvent.change(depth, { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('lineage-expand-downstream'));
    expect((await screen.findByTestId('lineage-expansion-downstream')).textContent).toBe('downstream 2 levels: 3 datasets, 0 steps');
    expect(calls.map((c) => c.url)).toContain(`/api/v1/lineage/downstream?dataset=${q(ORDERS)}&depth=2`);
  });

  it('finds a job by name and shows its OpenLineage event', async () => {
    const event = { eventType: 'COMPLETE', job: { namespace: 'sluice', name: 'totals' } };
    fakeFetch(routes({ 'GET /api/v1/jobs/4/lineage/openlineage': () => event }));
    show();
    fireEvent.change(await screen.findByTestId('lineage-search'), { target: { value: 'TOT' } });
    expect(flag(`lineage-node-${TOTALS}`, 'highlighted')).toBe('true');
    expect(flag(`lineage-node-${ORDERS}`, 'dimmed')).toBe('true');
    fireEvent.click(screen.getByTestId('lineage-search-result-totals'));
    expect(where().get('job')).toBe('totals');
    const panel = await screen.findByTestId('lineage-job-panel');
    expect(within(panel).getByTestId('lineage-job-reads').textContent).toBe('shop.public.orders');
    expect(within(panel).getByTestId('lineage-job-writes').textContent).toBe('totals');
    fireEvent.click(within(panel).getByTestId('lineage-openlineage'));
    const json = await screen.findByTestId('lineage-openlineage-json');
    expect(JSON.parse(json.textContent!)).toEqual(event);
  });

  it('says so when no job reads or writes a dataset', async () => {
    fakeFetch({ 'GET /api/v1/lineage/datasets': () => [] });
    show();
    expect((await screen.findByTestId('lineage-empty')).textContent).toContain("No job's current version reads or writes a dataset yet");
  });

  it('shows the server’s refusal', async () => {
    fakeFetch({ 'GET /api/v1/lineage/datasets': () => problem(403, { title: 'Forbidden', detail: 'not allowed' }) });
    show();
    expect((await screen.findByTestId('api-error')).textContent).toContain('Forbidden');
  });
});
