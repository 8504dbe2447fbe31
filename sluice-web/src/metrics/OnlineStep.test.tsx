import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatementRestore } from '../api/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { OnlineStep, type RestorePreview } from './OnlineStep';
import { FULL } from './testData';
import type { VersionView } from './types';

function version(v: number): VersionView {
  return { name: 'pay', project: 'risk', version: v, author: 'bo', comment: null, createdAt: '2026-12-02T10:00:00Z', changed: true, script: '', windows: { hop_10m_1m: ['total'], tumble_1m: ['tx'] }, metrics: ['tx', 'total'] };
}

function statement(key: string, number: number, status: StatementRestore['status'], droppedBytes: number): StatementRestore {
  return {
    statement: key,
    label: 'INSERT INTO out_' + key,
    number,
    status,
    restoredBytes: status === 'KEPT' ? 2048 : 0,
    droppedBytes,
    droppedOperators: droppedBytes > 0 ? 1 : 0,
    operators: [],
  };
}

const CHANGED_HOP: RestorePreview = {
  name: 'pay',
  version: 2,
  job: 'metrics.pay',
  firstDeploy: false,
  reason: null,
  restoreFrom: 'file:/checkpoints/abc/chk-7',
  plan: {
    savepoint: 'file:/checkpoints/abc/chk-7',
    statements: [statement('tumble_1m__kafka', 1, 'KEPT', 0), statement('hop_10m_1m__kafka', 2, 'CHANGED', 4096), statement('malformed__kafka', 3, 'KEPT', 0)],
    unowned: [],
  },
  dropsState: true,
  statementsDroppingState: ['hop_10m_1m__kafka'],
};

const FIRST: RestorePreview = {
  name: 'pay',
  version: 1,
  job: 'metrics.pay',
  firstDeploy: true,
  reason: "Job 'metrics.pay' has never been deployed: every window starts empty",
  restoreFrom: null,
  plan: null,
  dropsState: false,
  statementsDroppingState: [],
};

const JOB = { id: 4, name: 'metrics.pay', state: 'RUNNING' };

function show() {
  return render(
    <AntApp>
      <MemoryRouter>
        <OnlineStep definition={FULL} project="risk" mayDeploy onSaved={() => {}} blocked={null} />
      </MemoryRouter>
    </AntApp>,
  );
}

const rows = (container: HTMLElement) =>
  within(container)
    .getAllByTestId('restore-statement')
    .map((r) => [r.getAttribute('data-statement'), r.getAttribute('data-status')]);

describe('OnlineStep', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows what a deploy keeps before it, and deploys confirming the drop of the ticked statement', async () => {
    const calls = fakeFetch({
      'POST /api/v1/metric-groups': () => version(2),
      'GET /api/v1/metric-groups/pay/diff': () => ({ name: 'pay', from: 1, to: 2, added: [], removed: [], changed: ['total'], otherChanges: [] }),
      'GET /api/v1/metric-groups/pay/restore-plan': () => CHANGED_HOP,
      'POST /api/v1/metric-groups/pay/deploy': () => JOB,
    });
    show();
    fireEvent.click(screen.getByTestId('mg-save'));

    const preview = await screen.findByTestId('mg-restore-preview');
    await waitFor(() => expect(within(preview).getAllByTestId('restore-statement')).toHaveLength(3));
    expect(calls.filter((c) => c.url.includes('restore-plan')).map((c) => c.url)).toEqual(['/api/v1/metric-groups/pay/restore-plan?version=2']);
    expect(rows(preview)).toEqual([
      ['tumble_1m__kafka', 'KEPT'],
      ['hop_10m_1m__kafka', 'CHANGED'],
      ['malformed__kafka', 'KEPT'],
    ]);
    expect(preview.textContent).toContain('Deploying version 2 drops the state of one statement');
    // Only the statement losing state can be ticked.
    const ticks = within(preview).getAllByTestId('confirm-drop');
    expect(ticks.map((t) => t.getAttribute('data-statement'))).toEqual(['hop_10m_1m__kafka']);
    fireEvent.click(ticks[0]);

    fireEvent.click(screen.getByTestId('mg-deploy'));

    await screen.findByTestId('mg-deployed');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/deploy')).map((c) => c.body)).toEqual([{ version: 2, confirmDrop: ['hop_10m_1m__kafka'] }]);
    expect(screen.queryByTestId('mg-restore-plan')).toBeNull();
    expect(screen.queryByTestId('mg-restore-preview')).toBeNull();
  });

  it('falls back to the refusal when the loss was not ticked', async () => {
    const calls = fakeFetch({
      'POST /api/v1/metric-groups': () => version(2),
      'GET /api/v1/metric-groups/pay/diff': () => ({ name: 'pay', from: 1, to: 2, added: [], removed: [], changed: ['total'], otherChanges: [] }),
      'GET /api/v1/metric-groups/pay/restore-plan': () => CHANGED_HOP,
      'POST /api/v1/metric-groups/pay/deploy': (body) => {
        if (!(body as { confirmDrop?: string[] }).confirmDrop) {
          problem(409, { title: 'Restore would drop state', restorePlan: CHANGED_HOP.plan, statementsDroppingState: ['hop_10m_1m__kafka'] });
        }
        return JOB;
      },
    });
    show();
    fireEvent.click(screen.getByTestId('mg-save'));
    const preview = await screen.findByTestId('mg-restore-preview');
    await waitFor(() => expect(within(preview).getAllByTestId('restore-statement')).toHaveLength(3));

    fireEvent.click(screen.getByTestId('mg-deploy'));

    const refusal = await screen.findByTestId('mg-restore-plan');
    expect(screen.queryByTestId('mg-restore-preview')).toBeNull();
    fireEvent.click(within(refusal).getByTestId('confirm-drop'));
    fireEvent.click(screen.getByTestId('mg-deploy-confirm'));
    await screen.findByTestId('mg-deployed');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/deploy')).map((c) => c.body)).toEqual([{ version: 2 }, { version: 2, confirmDrop: ['hop_10m_1m__kafka'] }]);
  });

  it('says a first deploy starts every window empty, and deploys with one click', async () => {
    const calls = fakeFetch({
      'POST /api/v1/metric-groups': () => version(1),
      'GET /api/v1/metric-groups/pay/restore-plan': () => FIRST,
      'POST /api/v1/metric-groups/pay/deploy': () => JOB,
    });
    show();
    fireEvent.click(screen.getByTestId('mg-save'));

    const preview = await screen.findByTestId('mg-restore-preview');
    await waitFor(() => expect(preview.textContent).toContain('First deploy: every window starts empty'));
    expect(within(preview).queryAllByTestId('restore-statement')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('mg-deploy'));

    await screen.findByTestId('mg-deployed');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/deploy')).map((c) => c.body)).toEqual([{ version: 1 }]);
  });
});
