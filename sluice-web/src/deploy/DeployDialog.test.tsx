import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job, RestorePlan } from '../api/types';
import { DeployDialog } from '../components/DeployDialog';
import { installResizeObserver, mockFetch, Session } from '../debug/testing';
import type { Savepoint } from '../api/types';

const job = { id: 7, name: 'payments_job', project: 'risk', currentVersion: 3, lastCheckpoint: 's3://cp/chk-9' } as unknown as Job;
const deployed = { ...job, state: 'RUNNING' };

const SAVEPOINTS: Savepoint[] = [
  { id: 2, jobId: 7, flinkJobId: 'f2', jobVersion: 2, kind: 'SAVEPOINT', path: 's3://sp/savepoint-2', createdAt: '2026-12-01T10:00:00Z' },
  { id: 1, jobId: 7, flinkJobId: 'f1', jobVersion: 1, kind: 'SAVEPOINT', path: 's3://sp/savepoint-1', createdAt: '2026-11-30T10:00:00Z' },
];

const op = (id: string, bytes: number, restored: boolean) => ({ operatorId: id, uid: restored ? 'uid-' + id : null, name: restored ? 'Op ' + id : null, stateBytes: bytes, restored });

const PLAN: RestorePlan = {
  savepoint: 's3://sp/savepoint-2',
  statements: [
    { statement: 'counts#aa', label: 'counts', number: 1, status: 'KEPT', restoredBytes: 2048, droppedBytes: 0, droppedOperators: 0, operators: [op('a', 2048, true)] },
    { statement: 'totals#bb', label: 'totals', number: 2, status: 'CHANGED', restoredBytes: 0, droppedBytes: 1536, droppedOperators: 1, operators: [op('b', 1536, false)] },
    { statement: 'old#cc', label: 'old', number: 0, status: 'REMOVED', restoredBytes: 0, droppedBytes: 3 * 1024 * 1024, droppedOperators: 1, operators: [op('c', 3 * 1024 * 1024, false)] },
    { statement: 'fresh#dd', label: 'fresh', number: 3, status: 'NEW', restoredBytes: 0, droppedBytes: 0, droppedOperators: 0, operators: [] },
  ],
  unowned: [],
};
const VIEW = { plan: PLAN, dropsState: true, statementsDroppingState: ['totals#bb', 'old#cc'] };

beforeAll(installResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function open(props: { initialRestore?: string } = {}) {
  const onDeployed = vi.fn();
  render(
    <Session>
      <DeployDialog job={job} open onClose={() => undefined} onDeployed={onDeployed} {...props} />
    </Session>,
  );
  return onDeployed;
}

const confirmButton = () => screen.getByTestId('deploy-confirm') as HTMLButtonElement;
/** The checkbox input itself carries the test id, so an end-to-end test can check it. */
const tick = (statement: string) =>
  fireEvent.click(screen.getAllByTestId('confirm-drop').find((c) => c.getAttribute('data-statement') === statement)!);

describe('DeployDialog', () => {
  it('shows the restore plan and deploys only once every statement losing state is ticked', async () => {
    const calls = mockFetch({
      'GET /api/v1/jobs/7/savepoints': { body: SAVEPOINTS },
      'GET /api/v1/jobs/7/restore-plan': { body: VIEW },
      'POST /api/v1/jobs/7/deploy': { body: deployed },
    });
    const onDeployed = open();
    await screen.findByTestId('restore-plan');
    expect(screen.getByTestId('deploy-restore').getAttribute('data-choice')).toBe('latest');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/jobs/7/savepoints', '/api/v1/jobs/7/restore-plan?savepoint=latest']);
    const rows = screen.getAllByTestId('restore-statement');
    expect(rows.map((r) => [r.getAttribute('data-statement'), r.getAttribute('data-status')])).toEqual([
      ['counts#aa', 'KEPT'],
      ['totals#bb', 'CHANGED'],
      ['old#cc', 'REMOVED'],
      ['fresh#dd', 'NEW'],
    ]);
    expect(within(rows[0]).getByText('KEPT').className).toContain('ant-tag-green');
    expect(within(rows[2]).getByText('REMOVED').className).toContain('ant-tag-red');
    expect(rows[0].textContent).toContain('2.0 KiB');
    expect(rows[2].textContent).toContain('3.0 MiB (1 op.)');
    expect(screen.getAllByTestId('confirm-drop').map((c) => c.getAttribute('data-statement'))).toEqual(['totals#bb', 'old#cc']);

    expect(confirmButton().disabled).toBe(true);
    tick('old#cc');
    expect(confirmButton().disabled).toBe(true);
    tick('totals#bb');
    expect(confirmButton().disabled).toBe(false);
    tick('old#cc');
    expect(confirmButton().disabled).toBe(true);
    tick('old#cc');
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onDeployed).toHaveBeenCalledWith(deployed));
    expect(calls[2]).toEqual({ method: 'POST', url: '/api/v1/jobs/7/deploy', body: { restore: 'latest', confirmDrop: ['totals#bb', 'old#cc'] } });
  });

  it('deploys at once when the restore keeps all state', async () => {
    const calls = mockFetch({
      'GET /api/v1/jobs/7/savepoints': { body: SAVEPOINTS },
      'GET /api/v1/jobs/7/restore-plan': { body: { plan: { ...PLAN, statements: [PLAN.statements[0]] }, dropsState: false, statementsDroppingState: [] } },
      'POST /api/v1/jobs/7/deploy': { body: deployed },
    });
    const onDeployed = open();
    await screen.findByTestId('restore-plan');
    expect(screen.queryAllByTestId('confirm-drop')).toEqual([]);
    expect(confirmButton().disabled).toBe(false);
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onDeployed).toHaveBeenCalled());
    expect(calls[2].body).toEqual({ restore: 'latest', confirmDrop: [] });
  });

  it('shows the plan a refused deploy carries and asks again for what it adds', async () => {
    const refusal = {
      ...VIEW,
      plan: { ...PLAN, unowned: [op('x', 100, false)] },
      statementsDroppingState: ['old#cc', 'totals#bb', 'unattributed'],
    };
    let deploys = 0;
    const calls = mockFetch({
      'GET /api/v1/jobs/7/savepoints': { body: SAVEPOINTS },
      'GET /api/v1/jobs/7/restore-plan': { body: VIEW },
      'POST /api/v1/jobs/7/deploy': () =>
        ++deploys === 1
          ? { status: 409, body: { title: 'Restore would drop state', detail: 'would drop the state of [old#cc, totals#bb, unattributed]', restorePlan: refusal.plan, statementsDroppingState: refusal.statementsDroppingState } }
          : { body: deployed },
    });
    const onDeployed = open();
    await screen.findByTestId('restore-plan');
    tick('totals#bb');
    tick('old#cc');
    fireEvent.click(confirmButton());
    expect((await screen.findByTestId('api-error')).textContent).toContain('Restore would drop state');
    await waitFor(() => expect(screen.getAllByTestId('confirm-drop')).toHaveLength(3));
    expect(screen.getAllByTestId('restore-statement').map((r) => r.getAttribute('data-statement'))).toContain('unattributed');
    expect(confirmButton().disabled).toBe(true);
    tick('unattributed');
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onDeployed).toHaveBeenCalledWith(deployed));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { restore: 'latest', confirmDrop: ['totals#bb', 'old#cc'] },
      { restore: 'latest', confirmDrop: ['totals#bb', 'old#cc', 'unattributed'] },
    ]);
  });

  it('says when there is nothing to restore from and offers to start without state', async () => {
    const calls = mockFetch({
      'GET /api/v1/jobs/7/savepoints': { body: [] },
      'GET /api/v1/jobs/7/restore-plan': { status: 409, body: { title: 'Conflict', detail: "Job 'payments_job' has no retained checkpoint to restore from" } },
      'POST /api/v1/jobs/7/deploy': { body: deployed },
    });
    const onDeployed = open();
    expect((await screen.findByTestId('restore-nothing')).textContent).toContain('has no retained checkpoint to restore from');
    expect(screen.getByTestId('deploy-restore').getAttribute('data-choice')).toBe('latest-checkpoint');
    expect(confirmButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId('deploy-without-state'));
    await waitFor(() => expect(screen.getByTestId('deploy-restore').getAttribute('data-choice')).toBe('none'));
    expect(confirmButton().disabled).toBe(false);
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onDeployed).toHaveBeenCalled());
    expect(calls.filter((c) => c.method === 'POST')[0].body).toEqual({ restore: 'none', confirmDrop: [] });
  });

  it('preselects the savepoint it is given and plans the restore from its path', async () => {
    const calls = mockFetch({
      'GET /api/v1/jobs/7/savepoints': { body: SAVEPOINTS },
      'GET /api/v1/jobs/7/restore-plan': { body: { ...VIEW, plan: { ...PLAN, savepoint: 's3://sp/savepoint-1' } } },
      'POST /api/v1/jobs/7/deploy': { body: deployed },
    });
    open({ initialRestore: 's3://sp/savepoint-1' });
    await screen.findByTestId('restore-plan');
    expect(screen.getByTestId('deploy-restore').getAttribute('data-choice')).toBe('savepoint');
    expect(calls[1].url).toBe('/api/v1/jobs/7/restore-plan?savepoint=s3%3A%2F%2Fsp%2Fsavepoint-1');
    tick('totals#bb');
    tick('old#cc');
    fireEvent.click(confirmButton());
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2].body).toEqual({ restore: 's3://sp/savepoint-1', confirmDrop: ['totals#bb', 'old#cc'] });
  });
});
