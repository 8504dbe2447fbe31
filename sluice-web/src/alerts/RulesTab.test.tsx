import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { ruleBody, thresholdValue } from './RulesTab';
import { operator, pick, showAlerts, tableTexts, viewer } from './testing';
import type { ChannelView, RuleView } from './types';

function rule(id: number, name: string, extra: Partial<RuleView> = {}): RuleView {
  return {
    id,
    name,
    project: 'risk',
    job: null,
    tier: null,
    severity: null,
    for: '0s',
    match: 'all',
    conditions: [{ metric: 'job_state', op: '==', value: 'FAILED' }],
    channels: null,
    repeatInterval: null,
    description: null,
    template: 'job_failed',
    summary: 'job_state == FAILED',
    ...extra,
  };
}

const rules: RuleView[] = [
  rule(1, 'slow-input', { job: 'payments', severity: 'P1', for: '20s', template: null, summary: 'input_rate < 1000 for 20s', channels: ['ops-hook'], conditions: [{ metric: 'input_rate', op: '<', value: 1000 }] }),
  rule(2, 'p0-job-failed', { tier: 'P0', severity: 'P0' }),
  rule(3, 'any-failed'),
];

const hook: ChannelView = { name: 'ops-hook', project: 'risk', type: 'webhook', url: 'http://hooks.example/a', tiers: ['P0'] };

const rows = () => tableTexts(screen.getByTestId('rules-table'));

describe('RulesTab', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("lists the project's rules: what each watches, its severity, summary and channels", async () => {
    const calls = fakeFetch({ 'GET /api/v1/alert-rules?project=risk': () => rules });
    showAlerts(viewer, '/alerts?tab=rules');
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()).toEqual([
      ['slow-input', 'payments', 'P1', 'input_rate < 1000 for 20s', 'ops-hook', ''],
      ['p0-job-failed', 'P0 jobs', 'P0', 'job_state == FAILED', "severity's channels", ''],
      ['any-failed', 'all jobs', "job's tier", 'job_state == FAILED', "severity's channels", ''],
    ]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/alert-rules?project=risk']);
    expect(screen.queryByTestId('rule-new')).toBeNull();
    expect(screen.queryByTestId('rules-defaults')).toBeNull();
    expect(screen.queryByTestId('rule-delete-1')).toBeNull();
  });

  it('creates a rule of two conditions: numbers as numbers, durations as text, no channels for the severity\'s', async () => {
    const calls = fakeFetch({
      'GET /api/v1/alert-rules?project=risk': () => rules,
      'GET /api/v1/channels?project=risk': () => [hook],
      'POST /api/v1/alert-rules': () => rule(4, 'lag-and-stale', { summary: 'kafka_lag > 100000 and checkpoint_age > 10m for 5m' }),
    });
    showAlerts(operator, '/alerts?tab=rules');
    fireEvent.click(await screen.findByTestId('rule-new'));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'lag-and-stale' } });
    fireEvent.change(screen.getByLabelText('Job'), { target: { value: 'payments' } });
    fireEvent.change(screen.getByLabelText('For'), { target: { value: '5m' } });
    await pick('rule_severity', 'P1');
    await pick('rule_conditions_0_metric', 'kafka_lag');
    fireEvent.change(document.getElementById('rule_conditions_0_value')!, { target: { value: '100000' } });
    fireEvent.click(screen.getByTestId('rule-add-condition'));
    await pick('rule_conditions_1_metric', 'checkpoint_age');
    fireEvent.change(document.getElementById('rule_conditions_1_value')!, { target: { value: '10m' } });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain('/api/v1/channels?project=risk'));
    fireEvent.click(screen.getByTestId('rule-create'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'lag-and-stale',
      project: 'risk',
      job: 'payments',
      severity: 'P1',
      for: '5m',
      match: 'all',
      conditions: [
        { metric: 'kafka_lag', op: '>', value: 100000 },
        { metric: 'checkpoint_age', op: '>', value: '10m' },
      ],
    });
    await waitFor(() => expect(screen.queryByTestId('rule-create')).toBeNull());
  });

  it('shows where a refused rule is wrong', async () => {
    fakeFetch({
      'GET /api/v1/alert-rules?project=risk': () => [],
      'GET /api/v1/channels?project=risk': () => [],
      'POST /api/v1/alert-rules': () =>
        problem(400, { title: 'Bad Request', detail: "conditions[0].op: '=~' is not one of <, <=, >, >=, ==, !=", errors: [{ field: 'conditions[0].op', message: "'=~' is not one of <, <=, >, >=, ==, !=" }] }),
    });
    showAlerts(operator, '/alerts?tab=rules');
    expect(await screen.findByText('No rule yet: create one, or the default rules')).toBeTruthy();
    fireEvent.click(screen.getByTestId('rule-new'));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'odd' } });
    await pick('rule_conditions_0_metric', 'input_rate');
    fireEvent.change(document.getElementById('rule_conditions_0_value')!, { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('rule-create'));
    const error = await screen.findByTestId('api-error');
    expect(error.querySelector('li')?.textContent).toBe("conditions[0].op '=~' is not one of <, <=, >, >=, ==, !=");
    expect(error.querySelector('code')?.textContent).toBe('conditions[0].op');
  });

  it('creates the default rules of the project, and deletes a rule', async () => {
    const calls = fakeFetch({
      'GET /api/v1/alert-rules?project=risk': () => rules,
      'POST /api/v1/alert-rules/defaults': () => ({ created: [rule(5, 'p1-job-failed')], existing: ['p0-job-failed'] }),
      'DELETE /api/v1/alert-rules/2': () => null,
    });
    showAlerts(operator, '/alerts?tab=rules');
    fireEvent.click(await screen.findByTestId('rules-defaults'));
    fireEvent.click(await screen.findByRole('button', { name: 'OK' }));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/v1/alert-rules/defaults')).toBe(true));
    expect(calls.find((c) => c.url === '/api/v1/alert-rules/defaults')?.body).toEqual({ project: 'risk' });
    expect(await screen.findByText('Created p1-job-failed')).toBeTruthy();
    fireEvent.click(screen.getByTestId('rule-delete-2'));
    const oks = await screen.findAllByRole('button', { name: 'OK' });
    fireEvent.click(oks[oks.length - 1]);
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/alert-rules/2']);
  });

  it('reads thresholds as numbers when they are numbers', () => {
    expect(thresholdValue(' 1000 ')).toBe(1000);
    expect(thresholdValue('0.5')).toBe(0.5);
    expect(thresholdValue('10m')).toBe('10m');
    expect(thresholdValue('FAILED')).toBe('FAILED');
    expect(ruleBody('risk', { name: 'x', match: 'any', conditions: [{ metric: 'restarts', op: '>=', value: '3' }], channels: ['pager'], severity: '' })).toEqual({
      name: 'x',
      project: 'risk',
      match: 'any',
      conditions: [{ metric: 'restarts', op: '>=', value: 3 }],
      channels: ['pager'],
    });
  });
});
