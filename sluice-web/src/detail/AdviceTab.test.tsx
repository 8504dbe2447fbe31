import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { AdviceTab, type AppliedAdvice, type TuningAdvice } from './AdviceTab';

const job = { id: 7, name: 'orders', project: 'shop', state: 'RUNNING' } as Job;

const advice: TuningAdvice = {
  job: 'orders',
  jobId: 7,
  flinkJobId: 'f1',
  at: '2026-12-02T06:00:00Z',
  targetUtilization: 0.7,
  catchUp: '5m',
  changes: true,
  vertices: [
    {
      id: 'src1',
      name: 'Source: orders',
      statement: 'totals',
      uid: 'sluice-totals-src',
      parallelism: 1,
      maxParallelism: 128,
      busyPercent: 12.5,
      backpressuredPercent: 80,
      inputRate: 1000,
      trueProcessingRate: 8000,
      targetRate: 1000,
      pendingRecords: 1200,
      partitions: 4,
      recommendedParallelism: 1,
      action: 'keep',
      reason: 'It is back-pressured by the vertex after it, not slow itself.',
    },
    {
      id: 'agg2',
      name: 'GroupAggregate totals',
      statement: 'totals',
      uid: 'sluice-totals-agg',
      parallelism: 1,
      maxParallelism: 128,
      busyPercent: 95,
      backpressuredPercent: 0,
      inputRate: 1000,
      trueProcessingRate: 1052.6,
      targetRate: 1004,
      pendingRecords: null,
      partitions: null,
      recommendedParallelism: 2,
      action: 'scale-up',
      reason: 'Busy 95% of the time: 2 subtasks take 1004 records/s at 70% busy.',
    },
  ],
  taskManagers: [
    {
      taskManager: 'tm-1',
      heapUsedPercent: 93,
      gcTimeMsPerSecond: 140,
      managedUsedPercent: 10,
      action: 'raise-heap',
      reason: 'Heap 93% used and garbage collection takes 140 ms of every second: raise taskmanager.memory.task.heap.size (or taskmanager.memory.process.size).',
    },
  ],
};

const applied: AppliedAdvice = {
  parallelism: { agg2: 2 },
  operators: { 'sluice-totals-agg': 2 },
  savepoint: 'file:/savepoints/savepoint-ab12',
  restorePlan: { statements: [{ statement: 'totals', label: 'INSERT INTO totals', status: 'KEPT' }] },
};

function show(mayOperate: boolean, live = false) {
  return render(
    <AntApp>
      <AdviceTab job={job} live={live} mayOperate={mayOperate} />
    </AntApp>,
  );
}

describe('AdviceTab', () => {
  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    installDomShims();
    errors = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    // antd reports deprecated props and React bad markup through console.error.
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('shows each vertex with its parallelism, action, rates and reason, and the TaskManagers', async () => {
    const calls = fakeFetch({ 'GET /api/v1/jobs/7/advice': () => advice });
    show(false);
    const agg = await screen.findByTestId('advice-row-agg2');
    expect(calls[0].url).toBe('/api/v1/jobs/7/advice?utilization=0.7&catchUp=5m');
    expect(within(agg).getByText('1 → 2')).toBeTruthy();
    expect(within(agg).getByText('scale-up')).toBeTruthy();
    expect(within(agg).getByText('95%')).toBeTruthy();
    expect(within(agg).getByText('1,052.6')).toBeTruthy();
    expect(screen.getByTestId('advice-reason-agg2').textContent).toBe('Busy 95% of the time: 2 subtasks take 1004 records/s at 70% busy.');
    const src = screen.getByTestId('advice-row-src1');
    expect(within(src).getByText('1 → 1')).toBeTruthy();
    expect(within(src).getByText('keep')).toBeTruthy();
    expect(within(src).getByText('80%')).toBeTruthy();
    expect(within(src).getByText('1,200 records, 4 partitions')).toBeTruthy();
    expect(screen.getByTestId('advice-reason-src1').textContent).toBe('It is back-pressured by the vertex after it, not slow itself.');
    expect(within(screen.getByTestId('advice-table')).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-testid'))).toEqual(['advice-row-src1', 'advice-row-agg2']);
    const tms = screen.getByTestId('advice-taskmanagers');
    expect(within(tms).getByText('raise-heap')).toBeTruthy();
    expect(within(tms).getByText('Heap 93%, GC 140 ms/s, managed 10%')).toBeTruthy();
    expect(within(tms).getByText(advice.taskManagers[0].reason)).toBeTruthy();
    // a viewer does not get the button
    expect(screen.queryByTestId('advice-apply')).toBeNull();
  });

  it('offers no apply button when nothing changes, even to an operator', async () => {
    fakeFetch({ 'GET /api/v1/jobs/7/advice': () => ({ ...advice, changes: false, vertices: [advice.vertices[0]] }) });
    show(true);
    await screen.findByTestId('advice-row-src1');
    expect(screen.getByTestId('advice-no-changes')).toBeTruthy();
    expect(screen.queryByTestId('advice-apply')).toBeNull();
  });

  it('asks again at the utilisation typed, and applies what was shown at those settings', async () => {
    const calls = fakeFetch({
      'GET /api/v1/jobs/7/advice': () => advice,
      'POST /api/v1/jobs/7/advice/apply': () => applied,
    });
    show(true);
    await screen.findByTestId('advice-row-agg2');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Target utilisation' }), { target: { value: '0.5' } });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/v1/jobs/7/advice?utilization=0.5&catchUp=5m'));
    const catchUp = screen.getByRole('textbox', { name: 'Catch up' });
    fireEvent.change(catchUp, { target: { value: '10m' } });
    fireEvent.keyDown(catchUp, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/v1/jobs/7/advice?utilization=0.5&catchUp=10m'));

    fireEvent.click(await screen.findByTestId('advice-apply'));
    fireEvent.click(await screen.findByTestId('advice-apply-confirm'));
    const done = await screen.findByTestId('advice-applied');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toEqual([{ method: 'POST', url: '/api/v1/jobs/7/advice/apply', body: { utilization: 0.5, catchUp: '10m', vertices: { agg2: 2 } } }]);
    expect(within(done).getByText("Advice applied: every statement's state kept")).toBeTruthy();
    expect(screen.getByTestId('advice-applied-agg2').textContent).toBe('GroupAggregate totals: parallelism 2');
    expect(within(done).getByText('file:/savepoints/savepoint-ab12')).toBeTruthy();
    expect(within(done).getByText('INSERT INTO totals')).toBeTruthy();
    expect(within(done).getByText('kept')).toBeTruthy();
  });

  it('shows why applying was refused', async () => {
    fakeFetch({
      'GET /api/v1/jobs/7/advice': () => advice,
      'POST /api/v1/jobs/7/advice/apply': () => problem(409, { title: 'Conflict', detail: "Applying would drop the state of 'totals'" }),
    });
    show(true);
    fireEvent.click(await screen.findByTestId('advice-apply'));
    fireEvent.click(await screen.findByTestId('advice-apply-confirm'));
    expect(await screen.findByText("Applying would drop the state of 'totals'", { exact: false })).toBeTruthy();
    expect(screen.queryByTestId('advice-applied')).toBeNull();
  });

  it('says advice needs a running job when the server answers 409', async () => {
    fakeFetch({
      'GET /api/v1/jobs/7/advice': () => problem(409, { title: 'Conflict', detail: "Job 'orders' is not running (state STOPPED): advice needs the rates of a running job" }),
    });
    show(true);
    const info = await screen.findByTestId('advice-not-running');
    expect(within(info).getByText('Advice needs a running job')).toBeTruthy();
    expect(within(info).getByText("Job 'orders' is not running (state STOPPED): advice needs the rates of a running job")).toBeTruthy();
    expect(info.className).toContain('ant-alert-info');
    expect(screen.queryByTestId('advice-table')).toBeNull();
    expect(screen.queryByTestId('advice-apply')).toBeNull();
  });
});
