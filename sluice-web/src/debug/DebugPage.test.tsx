import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DebugPage } from '../pages/DebugPage';
import { installResizeObserver, mockFetch, Session, type Call } from './testing';
import type { RowView, RunView } from './types';

const RUN: RunView = {
  id: 'r1',
  project: 'risk',
  live: false,
  jobId: 7,
  status: 'RUNNING',
  reason: null,
  flinkJobId: 'f1',
  maxRowsPerStep: 1000,
  maxSeconds: 180,
  idleSeconds: 60,
  createdAt: '2026-12-02T02:00:00Z',
  endedAt: null,
  steps: [
    { name: 'big', kind: 'VIEW', statement: 5, columns: [{ name: 'merchant', type: 'STRING' }, { name: 'n', type: 'BIGINT' }], rows: 3 },
    { name: 'counts', kind: 'INSERT', statement: 6, columns: [{ name: 'merchant', type: 'STRING' }], rows: 0 },
  ],
};

const FIRST: RowView[] = [
  { seq: 10, kind: '+I', values: ['m1', 1] },
  { seq: 11, kind: '-U', values: ['m1', 1] },
];
const SECOND: RowView[] = [{ seq: 12, kind: '+U', values: ['m1', null] }];

beforeAll(installResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show(path = '/debug/r1') {
  render(
    <Session>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/debug/:runId" element={<DebugPage />} />
        </Routes>
      </MemoryRouter>
    </Session>,
  );
}

const rowsOf = (calls: Call[]) => calls.filter((c) => c.url.includes('/rows')).map((c) => c.url);

describe('DebugPage', () => {
  it('streams a running step’s rows with their changelog kind, page after page', async () => {
    let polls = 0;
    const calls = mockFetch({
      'GET /api/v1/debug-runs/r1': () => ({ body: ++polls < 3 ? RUN : { ...RUN, status: 'LIMIT', reason: 'Step big reached 1000 rows', endedAt: '2026-12-02T02:01:00Z' } }),
      'GET /api/v1/debug-runs/r1/steps/big/rows': (c) => ({ body: c.url.includes('after=-1') ? FIRST : c.url.includes('after=11') && polls === 2 ? SECOND : [] }),
    });
    show();
    await waitFor(() => expect(screen.getAllByTestId('debug-row')).toHaveLength(2));
    expect(screen.getByTestId('debug-status').getAttribute('data-status')).toBe('RUNNING');
    expect(screen.getAllByTestId('debug-step-tab').map((t) => t.getAttribute('data-step'))).toEqual(['big', 'counts']);
    expect(screen.getByTestId('debug-limits').textContent).toBe('1000 rows per step, 180 s in all, ends when not read for 60 s');
    expect(screen.getByTestId('debug-stop')).toBeTruthy();

    // The next poll asks for the rows after the last one it has, and appends them.
    await waitFor(() => expect(screen.getAllByTestId('debug-row')).toHaveLength(3), { timeout: 15000 });
    const rows = screen.getAllByTestId('debug-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['+I', '-U', '+U']);
    expect(rows.map((r) => within(r).getByTestId('changelog-kind').className.match(/ant-tag-(green|orange|blue|red)/)?.[1])).toEqual([
      'green',
      'orange',
      'blue',
    ]);
    expect(rows[2].textContent).toBe('12+Um1NULL');
    expect(rowsOf(calls).slice(0, 2)).toEqual([
      '/api/v1/debug-runs/r1/steps/big/rows?after=-1&limit=500',
      '/api/v1/debug-runs/r1/steps/big/rows?after=11&limit=500',
    ]);

    // The run ends: its status and reason show, Stop goes, and polling stops after reading the rest.
    await waitFor(() => expect(screen.getByTestId('debug-status').getAttribute('data-status')).toBe('LIMIT'), { timeout: 15000 });
    expect(screen.getByTestId('debug-reason').textContent).toBe('Step big reached 1000 rows');
    expect(screen.queryByTestId('debug-stop')).toBeNull();
    expect(polls).toBe(3);
  });

  it('reopens an ended run from its URL, on the step and view the URL names', async () => {
    const ended = { ...RUN, status: 'FINISHED', reason: 'All input was read', endedAt: '2026-12-02T02:01:00Z' };
    const calls = mockFetch({
      'GET /api/v1/debug-runs/r1': { body: ended },
      'GET /api/v1/debug-runs/r1/steps/counts/rows': { body: [{ seq: 3, kind: '+I', values: ['m9'] }] },
      'GET /api/v1/debug-runs/r1/steps/counts/table': { body: [['m9'], ['m8']] },
      'GET /api/v1/jobs/7': { body: { id: 7, name: 'payments_job' } },
    });
    show('/debug/r1?step=counts&view=table');
    await waitFor(() => expect(screen.getAllByTestId('debug-table-row')).toHaveLength(2));
    expect(screen.getAllByTestId('debug-table-row').map((r) => r.textContent)).toEqual(['m9', 'm8']);
    expect(screen.getByTestId('debug-status').getAttribute('data-status')).toBe('FINISHED');
    expect((await screen.findByTestId('debug-job')).getAttribute('href')).toBe('/jobs/payments_job/edit');
    expect(calls.map((c) => c.url).filter((u) => u.startsWith('/api/v1/debug-runs'))).toEqual([
      '/api/v1/debug-runs/r1',
      '/api/v1/debug-runs/r1/steps/counts/rows?after=-1&limit=500',
      '/api/v1/debug-runs/r1/steps/counts/table',
    ]);
    // Back to the changelog: the rows already read are shown without asking again.
    fireEvent.click(screen.getByText('Changelog'));
    await waitFor(() => expect(screen.getAllByTestId('debug-row')).toHaveLength(1));
    expect(rowsOf(calls)).toHaveLength(1);
  });

  it('shows the newest rows first when asked', async () => {
    mockFetch({
      'GET /api/v1/debug-runs/r1': { body: { ...RUN, status: 'FINISHED', reason: 'All input was read' } },
      'GET /api/v1/debug-runs/r1/steps/big/rows': { body: [...FIRST, ...SECOND] },
    });
    show('/debug/r1?order=newest');
    await waitFor(() => expect(screen.getAllByTestId('debug-row')).toHaveLength(3));
    expect(screen.getAllByTestId('debug-row').map((r) => r.getAttribute('data-kind'))).toEqual(['+U', '-U', '+I']);
    fireEvent.click(screen.getByTestId('debug-newest-first'));
    await waitFor(() => expect(screen.getAllByTestId('debug-row').map((r) => r.getAttribute('data-kind'))).toEqual(['+I', '-U', '+U']));
  });

  it('stops a running run', async () => {
    let stopped = false;
    const calls = mockFetch({
      'GET /api/v1/debug-runs/r1': () => ({ body: stopped ? { ...RUN, status: 'STOPPED', reason: 'Stopped by the user' } : RUN }),
      'GET /api/v1/debug-runs/r1/steps/big/rows': { body: [] },
      'POST /api/v1/debug-runs/r1/stop': () => {
        stopped = true;
        return { body: { ...RUN, status: 'STOPPED', reason: 'Stopped by the user' } };
      },
    });
    show();
    fireEvent.click(await screen.findByTestId('debug-stop'));
    await waitFor(() => expect(screen.getByTestId('debug-status').getAttribute('data-status')).toBe('STOPPED'));
    expect(screen.getByTestId('debug-reason').textContent).toBe('Stopped by the user');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/debug-runs/r1/stop']);
  });

  it('says when there is no such run', async () => {
    mockFetch({ 'GET /api/v1/debug-runs/nope': { status: 404, body: { title: 'Not found', detail: 'Debug run nope' } } });
    show('/debug/nope');
    expect(await screen.findByText('No such debug run')).toBeTruthy();
  });
});
