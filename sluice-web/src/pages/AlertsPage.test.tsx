import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operator, showAlerts, viewer } from '../alerts/testing';
import type { Me } from '../api/types';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { formatValue, type AlertView } from './AlertsPage';

function alert(id: number, state: string, rule: string, extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    state,
    rule,
    ruleId: id,
    severity: 'P1',
    project: 'risk',
    job: 'payments',
    jobId: 7,
    vertex: null,
    value: 250000,
    since: '2026-12-02T03:00:00Z',
    pendingSince: '2026-12-02T02:59:00Z',
    firingSince: '2026-12-02T03:00:00Z',
    resolvedAt: state === 'RESOLVED' ? '2026-12-02T03:10:00Z' : null,
    lastNotifiedAt: null,
    suppressed: null,
    ...extra,
  };
}

const show = (me: Me, url = '/alerts') => showAlerts(me, url);

const rows = () => screen.getAllByTestId('alert-row').map((r) => [r.getAttribute('data-state'), r.getAttribute('data-rule')]);

describe('AlertsPage', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists open alerts by default, and every state on request', async () => {
    const all = [alert(1, 'FIRING', 'kafka-lag', { suppressed: 'inhibited' }), alert(2, 'PENDING', 'slow-input'), alert(3, 'RESOLVED', 'no-checkpoint')];
    const calls = fakeFetch({
      'GET /api/v1/alerts': () => all,
      'GET /api/v1/alerts?state=RESOLVED': () => all.filter((a) => a.state === 'RESOLVED'),
    });
    show(operator);
    await waitFor(() => expect(rows()).toEqual([['FIRING', 'kafka-lag'], ['PENDING', 'slow-input']]));
    expect(screen.getByText('inhibited')).toBeTruthy();
    expect(screen.getAllByText('250,000')).toHaveLength(2);
    fireEvent.click(screen.getByText('Resolved'));
    await waitFor(() => expect(rows()).toEqual([['RESOLVED', 'no-checkpoint']]));
    expect(calls.map((c) => c.url)).toContain('/api/v1/alerts?state=RESOLVED');
  });

  it('silences a rule on a job for a while, with a reason', async () => {
    const calls = fakeFetch({
      'GET /api/v1/alerts': () => [alert(1, 'FIRING', 'kafka-lag')],
      'POST /api/v1/silences': () => ({ id: 4 }),
    });
    show(operator);
    fireEvent.click(await screen.findByTestId('silence'));
    fireEvent.change(await screen.findByTestId('silence-comment'), { target: { value: 'broker maintenance' } });
    fireEvent.click(screen.getByTestId('silence-confirm'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      matchers: { job: 'payments', rule: 'kafka-lag' },
      for: '1h',
      comment: 'broker maintenance',
    });
  });

  it('offers no silence to a viewer', async () => {
    fakeFetch({ 'GET /api/v1/alerts': () => [alert(1, 'FIRING', 'kafka-lag')] });
    show(viewer);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('silence')).toBeNull();
  });

  it('hosts the rules and the channels in tabs kept in ?tab=', async () => {
    const calls = fakeFetch({
      'GET /api/v1/alerts': () => [alert(1, 'FIRING', 'kafka-lag')],
      'GET /api/v1/alert-rules?project=risk': () => [],
      'GET /api/v1/channels?project=risk': () => [],
    });
    show(viewer);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByTestId('alerts-tab-rules'));
    expect(await screen.findByText('No rule')).toBeTruthy();
    fireEvent.click(screen.getByTestId('alerts-tab-channels'));
    expect(await screen.findByText('No channel')).toBeTruthy();
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/alerts', '/api/v1/alert-rules?project=risk', '/api/v1/channels?project=risk']);
    expect(screen.queryByTestId('alert-row')).toBeNull();
  });

  it('writes values as people read them', () => {
    expect(formatValue(1234567)).toBe('1,234,567');
    expect(formatValue(0.256)).toBe('0.26');
    expect(formatValue(0.0000123)).toBe('1.2e-5');
    expect(formatValue(null)).toBe('');
  });
});
