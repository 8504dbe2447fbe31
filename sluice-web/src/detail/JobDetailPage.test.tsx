import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Job, Me } from '../api/types';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { flinkUiUrl, JobDetailPage } from '../pages/JobDetailPage';
import type { JobCheckpoints, JobExceptions } from './types';

const echartsInstance = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
vi.mock('echarts', () => ({ init: () => echartsInstance }));

const running: Job = {
  id: 7, name: 'orders', project: 'shop', type: 'SQL', cluster: 'local', currentVersion: 4, deployedVersion: 3,
  desiredState: 'RUNNING', state: 'RUNNING', flinkJobId: 'a1b2c3d4e5', flinkState: 'RUNNING', clusterReachable: true,
  startedAt: '2026-12-02T01:00:00Z', restarts: 2, lastCheckpoint: 'file:/cp/chk-9', lastSavepoint: null, lastError: null,
  createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
};
const stopped: Job = { ...running, desiredState: 'STOPPED', state: 'STOPPED', flinkJobId: null, flinkState: null, startedAt: null, restarts: null };

const failure = {
  exceptionName: 'java.lang.NumberFormatException', message: 'For input string: "x"', cause: 'NumberFormatException: For input string: "x"',
  stacktrace: 'java.lang.NumberFormatException: For input string: "x"\n\tat java.lang.Long.parseLong(Long.java:692)',
  timestamp: Date.parse('2026-12-02T01:30:00Z'), taskName: 'Calc[2] (1/1)#0', location: 'tm-1:6121', taskManagerId: 'tm-1', concurrentExceptions: 0,
};
const exceptions: JobExceptions = { flinkJobId: 'a1b2c3d4e5', state: 'RUNNING', at: null, rootCause: failure, history: [failure], truncated: false };
const noExceptions: JobExceptions = { flinkJobId: null, state: null, at: null, rootCause: null, history: [], truncated: false };
const checkpoints: JobCheckpoints = {
  flinkJobId: 'a1b2c3d4e5', state: 'RUNNING', at: null,
  counts: { completed: 9, failed: 1, inProgress: 0, restored: 0, total: 10 },
  latest: { completed: null, failed: null, savepoint: null, restored: null },
  history: [
    { id: 10, status: 'COMPLETED', isSavepoint: false, triggerTimestamp: 1, latestAckTimestamp: 2, endToEndDurationMs: 1500, stateSizeBytes: 2048, checkpointedSizeBytes: 1024, processedDataBytes: 0, checkpointType: 'CHECKPOINT', externalPath: 'file:/cp/chk-10', failureTimestamp: null, failureMessage: null },
    { id: 9, status: 'FAILED', isSavepoint: false, triggerTimestamp: 1, latestAckTimestamp: null, endToEndDurationMs: null, stateSizeBytes: null, checkpointedSizeBytes: null, processedDataBytes: null, checkpointType: 'CHECKPOINT', externalPath: null, failureTimestamp: 3, failureMessage: 'Checkpoint expired before completing.' },
  ],
};
const noCheckpoints: JobCheckpoints = { flinkJobId: null, state: null, at: null, counts: { completed: 0, failed: 0, inProgress: 0, restored: 0, total: 0 }, latest: { completed: null, failed: null, savepoint: null, restored: null }, history: [] };
const history = { job: 'orders', jobId: 7, from: '2026-12-02T02:00:00Z', to: '2026-12-02T03:00:00Z', step: '30s', stepMillis: 30000, series: [] };
const operator: Me = { username: 'olga', admin: false, projects: [{ project: 'shop', role: 'operator' }], token: null };

function routes(job: Job, extra: Record<string, (body: unknown) => unknown> = {}) {
  return {
    'GET /api/v1/jobs?name=orders': () => [job],
    'GET /api/v1/jobs/7': () => job,
    'GET /api/v1/clusters': () => [{ id: 1, name: 'local', kind: 'LOCAL', restUrl: 'http://localhost:8081/', health: {} }],
    'GET /api/v1/jobs/7/exceptions': () => (job.flinkJobId ? exceptions : noExceptions),
    'GET /api/v1/jobs/7/checkpoints': () => (job.flinkJobId ? checkpoints : noCheckpoints),
    'GET /api/v1/jobs/7/metrics': () => history,
    'GET /api/v1/jobs/7/savepoints': () => [
      { id: 3, jobId: 7, flinkJobId: 'a1b2c3d4e5', jobVersion: 3, kind: 'SAVEPOINT', path: 'file:/sp/savepoint-1', createdAt: '2026-12-02T01:10:00Z' },
    ],
    'GET /api/v1/jobs/7/versions': () => [
      { jobId: 7, version: 3, script: '', author: 'ana', comment: 'first', createdAt: '2026-12-01T00:00:00Z' },
      { jobId: 7, version: 4, script: '', author: 'ben', comment: 'filter', createdAt: '2026-12-01T10:00:00Z' },
    ],
    'GET /api/v1/jobs/7/lineage': () => ({
      datasets: [],
      statements: [{ statement: 1, name: null, sink: 'x/sink', sources: ['x/src'], columns: [{ column: 'a', status: 'DERIVED', expression: 'src.a', origins: [{ dataset: 'x/src', column: 'a', type: 'DIRECT', subtype: 'IDENTITY' }], reason: null }], conditions: [], functions: [] }],
    }),
    ...extra,
  };
}

function show(url = '/jobs/orders') {
  return render(
    <AntApp>
      <SessionContext.Provider value={operator}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/jobs/:name" element={<JobDetailPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

describe('JobDetailPage', { timeout: 60000 }, () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('refreshes every 5 s while the job is on its way or running, and no more once it stopped', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let current: Job = { ...running, state: 'SUBMITTING' };
    const calls = fakeFetch({ ...routes(running), 'GET /api/v1/jobs?name=orders': () => [current], 'GET /api/v1/jobs/7': () => current });
    show();
    await waitFor(() => expect(screen.getByTestId('job-status').getAttribute('data-state')).toBe('SUBMITTING'), { timeout: 15000 });
    current = running;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    await waitFor(() => expect(screen.getByTestId('job-status').getAttribute('data-state')).toBe('RUNNING'), { timeout: 15000 });
    current = stopped;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    await waitFor(() => expect(screen.getByTestId('job-status').getAttribute('data-state')).toBe('STOPPED'), { timeout: 15000 });
    const asked = () => calls.filter((c) => c.url === '/api/v1/jobs/7').length;
    const before = asked();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15000);
    });
    expect(asked()).toBe(before);
  });

  it('shows a running job’s status, last failure, Flink UI link and checkpoints, and stops it with a savepoint', async () => {
    const calls = fakeFetch(routes(running, { 'POST /api/v1/jobs/7/stop': () => ({ job: stopped, savepointPath: 'file:/sp/savepoint-2' }) }));
    show();
    const status = await screen.findByTestId('job-status', {}, { timeout: 15000 });
    expect(status.getAttribute('data-state')).toBe('RUNNING');
    expect(status.textContent).toContain('v4 current, v3 deployed');
    expect(status.textContent).toContain('a1b2c3d4e5');
    expect((await screen.findByTestId('flink-ui-link', {}, { timeout: 15000 })).getAttribute('href')).toBe('http://localhost:8081/#/job/running/a1b2c3d4e5/overview');
    expect((await screen.findByTestId('last-error', {}, { timeout: 15000 })).textContent).toContain('Last failure: NumberFormatException: For input string: "x"');
    await waitFor(() => expect(screen.getByTestId('checkpoints').querySelectorAll('tbody tr.ant-table-row')).toHaveLength(2), { timeout: 15000 });
    expect(screen.getByText('Checkpoint expired before completing.')).toBeTruthy();
    expect(screen.getByTestId('checkpoint-chart')).toBeTruthy();
    const metricsCall = calls.find((c) => c.url.startsWith('/api/v1/jobs/7/metrics?'))!;
    expect(new URLSearchParams(metricsCall.url.split('?')[1]).get('names')).toBe('checkpoint_duration,checkpoint_size');
    expect((screen.getByTestId('deploy-job') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('stop-job'));
    fireEvent.click(await screen.findByTestId('stop-job-confirm', {}, { timeout: 15000 }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true), { timeout: 15000 });
    expect(calls.filter((c) => c.method === 'POST')).toEqual([{ method: 'POST', url: '/api/v1/jobs/7/stop', body: { savepoint: true, drain: false } }]);
  });

  it('says when a running job has no checkpoint yet', async () => {
    fakeFetch(routes(running, { 'GET /api/v1/jobs/7/checkpoints': () => ({ ...checkpoints, counts: { ...checkpoints.counts, completed: 0, failed: 0, total: 0 }, history: [] }) }));
    show();
    // The statistics arrive after the page: wait for them, not for the table's empty text alone.
    await waitFor(() => expect(within(screen.getByTestId('latest-checkpoint')).getByText('none')).toBeTruthy(), { timeout: 15000 });
    expect(within(screen.getByTestId('checkpoints')).getByText('No checkpoint yet')).toBeTruthy();
  });

  it('says a stopped job has no checkpoints and offers Deploy', async () => {
    fakeFetch(routes(stopped));
    show();
    expect((await screen.findByTestId('checkpoints-empty', {}, { timeout: 15000 })).textContent).toContain('Not running');
    expect(screen.queryByTestId('stop-job')).toBeNull();
    expect(screen.queryByTestId('flink-ui-link')).toBeNull();
    expect(screen.queryByTestId('last-error')).toBeNull();
    fireEvent.click(screen.getByTestId('deploy-job'));
    expect(await screen.findByText('Deploy orders', {}, { timeout: 15000 })).toBeTruthy();
  });

  it('takes a savepoint of a running job', async () => {
    const calls = fakeFetch(
      routes(running, { 'POST /api/v1/jobs/7/savepoints': () => ({ id: 4, jobId: 7, flinkJobId: 'a1b2c3d4e5', jobVersion: 3, kind: 'SAVEPOINT', path: 'file:/sp/savepoint-3', createdAt: '2026-12-02T02:00:00Z' }) }),
    );
    show('/jobs/orders?tab=savepoints');
    expect(await screen.findByText('file:/sp/savepoint-1', {}, { timeout: 15000 })).toBeTruthy();
    expect((screen.getByTestId('restore-savepoint') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('take-savepoint'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/jobs/7/savepoints']), { timeout: 15000 });
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/jobs/7/savepoints' && c.method === 'GET')).toHaveLength(2), { timeout: 15000 });
  });

  it('opens the deploy dialog to restore a stopped job from the chosen savepoint', async () => {
    const calls = fakeFetch(routes(stopped));
    show('/jobs/orders?tab=savepoints');
    expect(await screen.findByText('file:/sp/savepoint-1', {}, { timeout: 15000 })).toBeTruthy();
    expect((screen.getByTestId('take-savepoint') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('restore-savepoint'));
    expect(await screen.findByText('Deploy orders', {}, { timeout: 15000 })).toBeTruthy();
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/v1/jobs/7/restore-plan?savepoint=file%3A%2Fsp%2Fsavepoint-1'), { timeout: 15000 });
  });

  it('lists exceptions with their stack trace, versions with editor links and the lineage graph', async () => {
    fakeFetch(routes(running));
    show('/jobs/orders?tab=exceptions');
    const summary = await screen.findByTestId('exception-summary', {}, { timeout: 15000 });
    expect(summary.textContent).toBe('NumberFormatException: For input string: "x"');
    fireEvent.click(screen.getByRole('button', { name: /expand row/i }));
    expect((await screen.findByTestId('exception-stack', {}, { timeout: 15000 })).textContent).toContain('at java.lang.Long.parseLong(Long.java:692)');

    fireEvent.click(screen.getByTestId('tab-versions'));
    await waitFor(() => expect(screen.getAllByTestId('version-edit')).toHaveLength(2), { timeout: 15000 });
    expect(screen.getAllByTestId('version-edit').map((a) => a.getAttribute('href'))).toEqual(['/jobs/orders/edit', '/jobs/orders/edit?version=3']);
    expect(within(screen.getByTestId('versions')).getByText('ben')).toBeTruthy();

    fireEvent.click(screen.getByTestId('tab-lineage'));
    await waitFor(() => expect(screen.getAllByTestId('lineage-table')).toHaveLength(2), { timeout: 15000 });
    expect(screen.getByTestId('lineage-graph')).toBeTruthy();
    expect(screen.getAllByTestId('lineage-table').map((t) => t.getAttribute('data-table-id'))).toEqual(['x/sink', 'x/src']);
  });
});

describe('flinkUiUrl', () => {
  it('joins the cluster’s REST address and the Flink job id', () => {
    const clusters = [{ id: 1, name: 'prod', kind: 'REMOTE', restUrl: 'https://flink.example:8081', health: {} as never }];
    expect(flinkUiUrl({ cluster: 'prod', flinkJobId: 'abc' }, clusters)).toBe('https://flink.example:8081/#/job/running/abc/overview');
    expect(flinkUiUrl({ cluster: 'other', flinkJobId: 'abc' }, clusters)).toBeNull();
    expect(flinkUiUrl({ cluster: 'prod', flinkJobId: null }, clusters)).toBeNull();
  });
});
