import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionContext } from '../api/session';
import type { Job, Me } from '../api/types';
import { GraphPage } from '../pages/GraphPage';
import { fakeFetch, installDomShims, problem } from './testEnv';
import type { ParallelismSettings, RunningGraph } from './types';

const job: Job = {
  id: 7, name: 'orders', project: 'shop', type: 'SQL', cluster: 'local', currentVersion: 3, deployedVersion: 3,
  desiredState: 'RUNNING', state: 'RUNNING', flinkJobId: 'a1b2', flinkState: 'RUNNING', clusterReachable: true,
  startedAt: '2026-12-02T01:00:00Z', restarts: 0, lastCheckpoint: null, lastSavepoint: null, lastError: null,
  createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
};

const plan = {
  graph: {
    vertices: [
      { id: 'p1', name: 'Source: orders', parallelism: 1, maxParallelism: 128, operators: [{ id: 'o1', name: 'Source: orders', uid: 'source:orders', statement: 'source:orders' }] },
      { id: 'p2', name: 'GroupAggregate -> Sink: totals', parallelism: 2, maxParallelism: 128, operators: [
        { id: 'o2', name: 'GroupAggregate', uid: 'stmt:totals:agg', statement: 'totals#1' },
        { id: 'o3', name: 'Sink: totals', uid: 'stmt:totals:sink', statement: 'totals#1' },
      ] },
    ],
    edges: [{ source: 'p1', target: 'p2', shipStrategy: 'HASH' }],
  },
  planText: '',
  connectors: [],
};

const vertices: RunningGraph = {
  flinkJobId: 'a1b2', state: 'RUNNING', at: '2026-12-02T02:00:00Z',
  vertices: [
    { id: 'v1', name: 'Source: orders', parallelism: 1, maxParallelism: 128, status: 'RUNNING', operators: ['Source: orders'], statement: 'source:orders', uid: 'source:orders', inputs: [],
      recordsInPerSecond: 250, recordsOutPerSecond: 250, busyPercent: 20, backpressuredPercent: 0, idlePercent: 80 },
    { id: 'v2', name: 'GroupAggregate -> Sink: totals', parallelism: 2, maxParallelism: 128, status: 'RUNNING', operators: ['GroupAggregate', 'Sink: totals'], statement: 'totals#1', uid: 'stmt:totals:agg',
      inputs: [{ id: 'v1', shipStrategy: 'HASH' }], recordsInPerSecond: 249.5, recordsOutPerSecond: 12, busyPercent: 90, backpressuredPercent: 0, idlePercent: 10 },
  ],
};

const settings: ParallelismSettings = { defaultParallelism: 2, maxParallelism: 128, operators: { 'stmt:totals:sink': 2 }, plan };
const operator: Me = { username: 'olga', admin: false, projects: [{ project: 'shop', role: 'operator' }], token: null };
const viewer: Me = { ...operator, projects: [{ project: 'shop', role: 'viewer' }] };

function routes(putAnswer: (body: unknown) => unknown) {
  return {
    'GET /api/v1/jobs?name=orders': () => [job],
    'GET /api/v1/jobs/7': () => job,
    'GET /api/v1/jobs/7/vertices': () => vertices,
    'GET /api/v1/jobs/7/plan': () => plan,
    'GET /api/v1/jobs/7/parallelism': () => settings,
    'PUT /api/v1/jobs/7/parallelism': putAnswer,
  };
}

function show(me: Me, url = '/jobs/orders/graph') {
  return render(
    <AntApp>
      <SessionContext.Provider value={me}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/jobs/:name/graph" element={<GraphPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

describe('GraphPage', { timeout: 60000 }, () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the running job with live rates, polls every 5 s and stops when left', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = fakeFetch(routes(() => settings));
    const page = show(operator);
    await waitFor(() => expect(screen.getAllByTestId('vertex')).toHaveLength(2), { timeout: 15000 });
    expect(screen.getByTestId('graph').classList.contains('react-flow')).toBe(true);
    const nodes = screen.getAllByTestId('vertex');
    expect(nodes.map((n) => [n.getAttribute('data-vertex-id'), n.getAttribute('data-parallelism')])).toEqual([
      ['v1', '1'],
      ['v2', '2'],
    ]);
    expect(screen.getAllByTestId('vertex-rates').map((r) => r.getAttribute('data-records-in'))).toEqual(['250', '249.5']);
    expect(within(nodes[1]).getByTestId('vertex-rates').textContent).toBe('in 250/sout 12/sbusy 90%bp 0%');
    expect(screen.getByTestId('graph-mode-running').className).toContain('ant-btn-primary');
    const polls = () => calls.filter((c) => c.url === '/api/v1/jobs/7/vertices').length;
    expect(polls()).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(polls()).toBe(2);
    page.unmount();
    await vi.advanceTimersByTimeAsync(15000);
    expect(polls()).toBe(2);
  });

  it('saves a vertex parallelism with the other overrides and shows the server’s refusal', async () => {
    const puts: unknown[] = [];
    fakeFetch(
      routes((body) => {
        puts.push(body);
        problem(400, { title: 'Bad request', detail: 'Parallelism 200 of operator \'stmt:totals:agg\' is above the job\'s max parallelism 128' });
      }),
    );
    show(operator, '/jobs/orders/graph?mode=plan');
    await waitFor(() => expect(screen.getAllByTestId('vertex')).toHaveLength(2), { timeout: 15000 });
    expect(screen.getAllByTestId('vertex').map((n) => n.getAttribute('data-vertex-id'))).toEqual(['p1', 'p2']);
    expect(screen.queryByTestId('vertex-rates')).toBeNull();
    fireEvent.click(screen.getAllByTestId('vertex')[1]);
    const input = (await screen.findByTestId('parallelism-input', {}, { timeout: 15000 })) as HTMLInputElement;
    expect(input.value).toBe('2');
    fireEvent.change(input, { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('parallelism-save'));
    await waitFor(() => expect(puts).toHaveLength(1), { timeout: 15000 });
    expect(puts[0]).toEqual({ defaultParallelism: 2, maxParallelism: 128, operators: { 'stmt:totals:agg': 4 } });
    expect((await screen.findByTestId('api-error', {}, { timeout: 15000 })).textContent).toContain("is above the job's max parallelism 128");
  });

  it('saves a vertex override and the job default, each keeping the other settings', async () => {
    const puts: unknown[] = [];
    let current = settings;
    fakeFetch({
      ...routes((body) => {
        puts.push(body);
        const b = body as ParallelismSettings;
        current = { ...current, defaultParallelism: b.defaultParallelism, operators: b.operators };
        return current;
      }),
      'GET /api/v1/jobs/7/parallelism': () => current,
    });
    show(operator, '/jobs/orders/graph?mode=running');
    await waitFor(() => expect(screen.getAllByTestId('vertex')).toHaveLength(2), { timeout: 15000 });
    fireEvent.click(screen.getAllByTestId('vertex')[1]);
    const input = (await screen.findByTestId('parallelism-input', {}, { timeout: 15000 })) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('parallelism-save'));
    expect((await screen.findByTestId('parallelism-saved', {}, { timeout: 15000 })).textContent).toBe('Saved: applies at the next deploy.');
    // the running vertex names its head uid; the plan adds the chained sink, whose own override goes
    expect(puts[0]).toEqual({ defaultParallelism: 2, maxParallelism: 128, operators: { 'stmt:totals:agg': 3 } });
    await waitFor(() => expect(screen.getAllByTestId('vertex')[1].textContent).toContain('×2 → 3'), { timeout: 15000 });

    fireEvent.click(screen.getByTestId('graph').querySelector('.react-flow__pane')!);
    const def = (await screen.findByTestId('default-parallelism-input', {}, { timeout: 15000 })) as HTMLInputElement;
    expect(def.value).toBe('2');
    fireEvent.change(def, { target: { value: '6' } });
    fireEvent.click(screen.getByTestId('default-parallelism-save'));
    await waitFor(() => expect(puts).toHaveLength(2), { timeout: 15000 });
    expect(puts[1]).toEqual({ defaultParallelism: 6, maxParallelism: 128, operators: { 'stmt:totals:agg': 3 } });
  });

  it('lets a viewer look but not change parallelism, and says when the job does not run', async () => {
    fakeFetch({ ...routes(() => settings), 'GET /api/v1/jobs/7/vertices': () => ({ flinkJobId: null, state: null, at: null, vertices: [] }) });
    show(viewer, '/jobs/orders/graph?mode=running');
    expect((await screen.findByTestId('graph-empty', {}, { timeout: 15000 })).textContent).toContain('Not running');
    fireEvent.click(screen.getByTestId('graph-mode-plan'));
    await waitFor(() => expect(screen.getAllByTestId('vertex')).toHaveLength(2), { timeout: 15000 });
    fireEvent.click(screen.getAllByTestId('vertex')[0]);
    expect(((await screen.findByTestId('parallelism-input', {}, { timeout: 15000 })) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('parallelism-save') as HTMLButtonElement).disabled).toBe(true);
  });
});
