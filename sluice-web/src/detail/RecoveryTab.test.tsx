import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { policyChanges, RecoveryTab, type JobEvents, type RecoveryPolicyView } from './RecoveryTab';

const job = { id: 7, name: 'payments', project: 'risk', state: 'RUNNING' } as Job;

const policy: RecoveryPolicyView = {
  jobId: 7,
  job: 'payments',
  project: 'risk',
  tier: 'P1',
  source: 'tier',
  enabled: true,
  restoreFrom: 'checkpoint',
  maxAttempts: 3,
  initialBackoff: '10s',
  maxBackoff: '5m',
  stuckRestartingAfter: '5m',
  restartsThreshold: { count: 5, within: '10m' },
  noCheckpointFor: '15m',
  progress: { phase: 'waiting', attempts: 1, reason: 'the job FAILED', episodeStartedAt: null, nextAttemptAt: '2026-12-02T03:00:20Z', lastAttemptAt: null, flinkJobId: null },
};

const events: JobEvents = {
  jobId: 7,
  job: 'payments',
  events: [
    { id: 2, at: '2026-12-02T03:00:10Z', scope: 'job', source: 'recovery', kind: 'recovery.attempt', seen: 'the job FAILED', action: 'deploy from the latest checkpoint', outcome: 'submitted', attempt: 1, flinkJobId: 'ab' },
    { id: 1, at: '2026-12-02T03:00:00Z', scope: 'cluster', source: 'supervisor', kind: 'taskmanager.restarted', seen: 'the TaskManager exited with 137', action: 'started it again', outcome: 'registered', attempt: null, flinkJobId: null },
  ],
};

function show(mayOperate: boolean) {
  return render(
    <AntApp>
      <RecoveryTab job={job} live mayOperate={mayOperate} />
    </AntApp>,
  );
}

describe('RecoveryTab', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the job's events and its policy with its progress", async () => {
    fakeFetch({ 'GET /api/v1/jobs/7/events': () => events, 'GET /api/v1/jobs/7/recovery-policy': () => policy });
    show(false);
    await waitFor(() => expect(screen.getAllByTestId('job-event').map((r) => r.getAttribute('data-kind'))).toEqual(['recovery.attempt', 'taskmanager.restarted']));
    expect(screen.getByTestId('recovery-phase').getAttribute('data-phase')).toBe('waiting');
    expect(screen.getByText('1 of at most 3')).toBeTruthy();
    expect(screen.getByText('attempt 1')).toBeTruthy();
    expect(screen.queryByTestId('recovery-edit')).toBeNull();
  });

  it('saves only what the operator changed', async () => {
    const calls = fakeFetch({
      'GET /api/v1/jobs/7/events': () => events,
      'GET /api/v1/jobs/7/recovery-policy': () => policy,
      'PUT /api/v1/jobs/7/recovery-policy': () => ({ ...policy, maxAttempts: 5 }),
    });
    show(true);
    fireEvent.click(await screen.findByTestId('recovery-edit'));
    const attempts = screen.getByRole('spinbutton', { name: 'Attempts' });
    fireEvent.change(attempts, { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('recovery-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ maxAttempts: 5 });
  });

  it('sends a threshold whole when either half changes', () => {
    const form = {
      enabled: true,
      restoreFrom: 'savepoint',
      maxAttempts: 3,
      initialBackoff: '10s',
      maxBackoff: '5m',
      stuckRestartingAfter: '5m',
      noCheckpointFor: '15m',
      restartsCount: 5,
      restartsWithin: '30m',
    };
    expect(policyChanges(policy, form)).toEqual({ restoreFrom: 'savepoint', restartsThreshold: { count: 5, within: '30m' } });
    expect(policyChanges(policy, { ...form, restoreFrom: 'checkpoint', restartsWithin: '10m', noCheckpointFor: 'none' })).toEqual({
      noCheckpointFor: 'none',
    });
    expect(policyChanges(policy, { ...form, restoreFrom: 'checkpoint', restartsWithin: '10m' })).toEqual({});
  });
});
