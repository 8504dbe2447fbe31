import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { AdviceTab, scalingChanges, type AppliedAdvice, type ScalingPolicyView, type TuningAdvice } from './AdviceTab';

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

const policy: ScalingPolicyView = {
  jobId: 7,
  job: 'orders',
  source: 'tier',
  auto: false,
  minParallelism: 1,
  maxParallelism: 0,
  coolDown: '10m',
  scaleDownDelay: '30m',
  utilization: 0.7,
  catchUp: '5m',
  zone: 'Asia/Shanghai',
  schedule: [
    { from: '08:00', to: '20:00', parallelism: 4 },
    { from: '20:00', to: '08:00', parallelism: 1 },
  ],
  lastScaledAt: '2026-12-02T05:00:00Z',
  scaleDownSince: null,
};

/** The routes every render asks: the advice and the scaling policy. */
function routes(extra: Record<string, (body: unknown) => unknown> = {}) {
  return { 'GET /api/v1/jobs/7/advice': () => advice, 'GET /api/v1/jobs/7/scaling-policy': () => policy, ...extra };
}

const cellTexts = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

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
    const calls = fakeFetch(routes());
    show(false);
    const agg = await screen.findByTestId('advice-row-agg2');
    expect(calls.filter((c) => c.url.startsWith('/api/v1/jobs/7/advice')).map((c) => c.url)).toEqual(['/api/v1/jobs/7/advice?utilization=0.7&catchUp=5m']);
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
    fakeFetch(routes({ 'GET /api/v1/jobs/7/advice': () => ({ ...advice, changes: false, vertices: [advice.vertices[0]] }) }));
    show(true);
    await screen.findByTestId('advice-row-src1');
    expect(screen.getByTestId('advice-no-changes')).toBeTruthy();
    expect(screen.queryByTestId('advice-apply')).toBeNull();
  });

  it('asks again at the utilisation typed, and applies what was shown at those settings', async () => {
    const calls = fakeFetch(routes({ 'POST /api/v1/jobs/7/advice/apply': () => applied }));
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
    fakeFetch(routes({ 'POST /api/v1/jobs/7/advice/apply': () => problem(409, { title: 'Conflict', detail: "Applying would drop the state of 'totals'" }) }));
    show(true);
    fireEvent.click(await screen.findByTestId('advice-apply'));
    fireEvent.click(await screen.findByTestId('advice-apply-confirm'));
    expect(await screen.findByText("Applying would drop the state of 'totals'", { exact: false })).toBeTruthy();
    expect(screen.queryByTestId('advice-applied')).toBeNull();
  });

  it('says advice needs a running job when the server answers 409', async () => {
    fakeFetch(
      routes({
        'GET /api/v1/jobs/7/advice': () => problem(409, { title: 'Conflict', detail: "Job 'orders' is not running (state STOPPED): advice needs the rates of a running job" }),
      }),
    );
    show(true);
    const info = await screen.findByTestId('advice-not-running');
    expect(within(info).getByText('Advice needs a running job')).toBeTruthy();
    expect(within(info).getByText("Job 'orders' is not running (state STOPPED): advice needs the rates of a running job")).toBeTruthy();
    expect(info.className).toContain('ant-alert-info');
    expect(screen.queryByTestId('advice-table')).toBeNull();
    expect(screen.queryByTestId('advice-apply')).toBeNull();
    // the scaling policy does not need a running job
    const card = await screen.findByTestId('scaling-policy');
    expect((await within(card).findByTestId('scaling-auto')).textContent).toBe('off');
    expect(within(card).getByTestId('scaling-change')).toBeTruthy();
  });

  it("shows the scaling policy with its bounds, timings and schedule, and offers a viewer no change", async () => {
    fakeFetch(routes());
    show(false);
    const card = await screen.findByTestId('scaling-policy');
    expect((await within(card).findByTestId('scaling-auto')).textContent).toBe('off');
    expect(within(card).getByTestId('scaling-source').textContent).toBe('tier default');
    expect(within(card).getByTestId('scaling-bounds').textContent).toBe("1–each vertex's max");
    const value = (label: string) => within(card).getByText(label).closest('.ant-descriptions-item')?.querySelector('.ant-descriptions-item-content')?.textContent;
    expect(value('Sized for')).toBe('70% busy, backlog caught up in 5m');
    expect(value('Cool-down')).toBe('10m');
    expect(value('Scale-down delay')).toBe('30m');
    expect(value('Zone')).toBe('Asia/Shanghai');
    expect(value('Last scaled')).toBe(new Date('2026-12-02T05:00:00Z').toLocaleString());
    expect(value('Scale-down pending since')).toBe('none pending');
    expect(cellTexts(within(card).getByTestId('scaling-window-0'))).toEqual(['08:00', '20:00', '4']);
    expect(cellTexts(within(card).getByTestId('scaling-window-1'))).toEqual(['20:00', '08:00', '1']);
    expect(within(card).queryByTestId('scaling-change')).toBeNull();
  });

  it("shows a job's own policy with a bounded maximum, a pending scale-down and no schedule", async () => {
    fakeFetch(routes({ 'GET /api/v1/jobs/7/scaling-policy': () => ({ ...policy, source: 'job', auto: true, maxParallelism: 8, schedule: [], lastScaledAt: null, scaleDownSince: '2026-12-02T05:30:00Z' }) }));
    show(true);
    const card = await screen.findByTestId('scaling-policy');
    expect((await within(card).findByTestId('scaling-auto')).textContent).toBe('on');
    expect(within(card).getByTestId('scaling-source').textContent).toBe('own policy');
    expect(within(card).getByTestId('scaling-bounds').textContent).toBe('1–8');
    expect(within(card).getByText('never')).toBeTruthy();
    expect(within(card).getByText(new Date('2026-12-02T05:30:00Z').toLocaleString())).toBeTruthy();
    expect(within(card).getByText('No schedule: the default parallelism changes only by the advice')).toBeTruthy();
  });

  it('saves only the automatic mode when only it changed, and shows the policy the server answers', async () => {
    const calls = fakeFetch(routes({ 'PUT /api/v1/jobs/7/scaling-policy': () => ({ ...policy, source: 'job', auto: true }) }));
    show(true);
    fireEvent.click(await screen.findByTestId('scaling-change'));
    const autoSwitch = screen.getByRole('switch', { name: 'Automatic mode' });
    expect(autoSwitch.getAttribute('data-testid')).toBe('scaling-auto-switch');
    fireEvent.click(autoSwitch);
    fireEvent.click(screen.getByTestId('scaling-save'));
    await waitFor(() => expect(screen.getByTestId('scaling-auto').textContent).toBe('on'));
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([{ method: 'PUT', url: '/api/v1/jobs/7/scaling-policy', body: { auto: true } }]);
    expect(screen.getByTestId('scaling-source').textContent).toBe('own policy');
    expect(screen.queryByTestId('scaling-save')).toBeNull();
  });

  it('sends the whole schedule when a window is added, and shows the field the server names', async () => {
    const calls = fakeFetch(
      routes({
        'PUT /api/v1/jobs/7/scaling-policy': () =>
          problem(400, {
            title: 'Bad request',
            detail: 'schedule[2].from: overlaps schedule[0]',
            errors: [{ field: 'schedule[2].from', message: 'overlaps schedule[0]' }],
          }),
      }),
    );
    show(true);
    fireEvent.click(await screen.findByTestId('scaling-change'));
    fireEvent.click(screen.getByTestId('scaling-add-window'));
    const added = screen.getByTestId('scaling-window-2');
    fireEvent.change(within(added).getByRole('textbox', { name: 'Window 3 from' }), { target: { value: '12:00' } });
    fireEvent.change(within(added).getByRole('textbox', { name: 'Window 3 to' }), { target: { value: '13:00' } });
    fireEvent.change(within(added).getByRole('spinbutton', { name: 'Window 3 parallelism' }), { target: { value: '6' } });
    fireEvent.click(screen.getByTestId('scaling-save'));
    const error = await screen.findByTestId('scaling-error');
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      {
        schedule: [
          { from: '08:00', to: '20:00', parallelism: 4 },
          { from: '20:00', to: '08:00', parallelism: 1 },
          { from: '12:00', to: '13:00', parallelism: 6 },
        ],
      },
    ]);
    expect(within(error).getByText('Bad request')).toBeTruthy();
    expect(within(error).getByText('schedule[2].from').tagName).toBe('CODE');
    expect(within(error).getByText('overlaps schedule[0]')).toBeTruthy();
    // the form stays open with what was typed
    expect((within(screen.getByTestId('scaling-window-2')).getByRole('textbox', { name: 'Window 3 from' }) as HTMLInputElement).value).toBe('12:00');
  });

  it('computes the PUT body from the fields that differ, clearing the schedule with an empty list', () => {
    const form = {
      auto: false,
      minParallelism: 1,
      maxParallelism: 0,
      coolDown: '10m',
      scaleDownDelay: '30m',
      utilization: 0.7,
      catchUp: '5m',
      zone: 'Asia/Shanghai',
      schedule: policy.schedule.map((w) => ({ ...w })),
    };
    expect(scalingChanges(policy, form)).toEqual({});
    expect(scalingChanges(policy, { ...form, maxParallelism: 8, coolDown: '15m', zone: 'UTC' })).toEqual({ maxParallelism: 8, coolDown: '15m', zone: 'UTC' });
    expect(scalingChanges(policy, { ...form, schedule: [] })).toEqual({ schedule: [] });
    expect(scalingChanges(policy, { ...form, schedule: [form.schedule[0], { ...form.schedule[1], parallelism: 2 }] })).toEqual({
      schedule: [
        { from: '08:00', to: '20:00', parallelism: 4 },
        { from: '20:00', to: '08:00', parallelism: 2 },
      ],
    });
    expect(scalingChanges(policy, { ...form, minParallelism: null })).toEqual({ minParallelism: null });
  });
});
