import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { channelBody } from './ChannelsTab';
import { operator, showAlerts, tableTexts, viewer } from './testing';
import type { ChannelView, Delivery } from './types';

const channels: ChannelView[] = [
  { name: 'ops-hook', project: 'risk', type: 'webhook', url: 'http://hooks.example/alerts?token=${secret:hook_token}', tiers: ['P0', 'P1'] },
  { name: 'oncall-mail', project: 'risk', type: 'email', host: 'smtp.example.com', port: 587, from: 'sluice@example.com', to: ['a@example.com', 'b@example.com'], username: 'sluice', password: '${secret:smtp}', starttls: true, tiers: ['P0'] },
  { name: 'quiet', project: 'risk', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${secret:wecom_key}', tiers: [] },
];

function delivery(id: number, state: string, detail: string, extra: Partial<Delivery> = {}): Delivery {
  return {
    id,
    channel: 'ops-hook',
    project: 'risk',
    alertId: 0,
    status: 'firing',
    summary: 'input_rate 0 < 1000 for 20s',
    recipient: 'http://hooks.example/alerts?token=${secret:hook_token}',
    state,
    attempts: 1,
    lastError: state === 'failed' ? detail : null,
    createdAt: '2026-12-02T03:00:00Z',
    deliveredAt: state === 'delivered' ? '2026-12-02T03:00:01Z' : null,
    nextAttemptAt: null,
    log: [{ attempt: 1, at: '2026-12-02T03:00:01Z', delivered: state === 'delivered', detail }],
    ...extra,
  };
}

const rows = () => tableTexts(screen.getByTestId('channels-table')).map((r) => r.slice(1, 5));

describe('ChannelsTab', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("lists the project's channels with where they send and the tiers they take, and offers a viewer no change", async () => {
    const calls = fakeFetch({ 'GET /api/v1/channels?project=risk': () => channels });
    showAlerts(viewer, '/alerts?tab=channels');
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()).toEqual([
      ['ops-hook', 'webhook', 'http://hooks.example/alerts?token=${secret:hook_token}', 'P0P1'],
      ['oncall-mail', 'email', 'a@example.com, b@example.com', 'P0'],
      ['quiet', 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${secret:wecom_key}', 'none'],
    ]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/channels?project=risk']);
    expect(screen.queryByTestId('channel-new')).toBeNull();
    expect(screen.queryByTestId('channel-test-ops-hook')).toBeNull();
    expect(screen.queryByTestId('channel-delete-ops-hook')).toBeNull();
  });

  it('tests a channel and shows what became of the sample', async () => {
    const calls = fakeFetch({
      'GET /api/v1/channels?project=risk': () => channels,
      'POST /api/v1/channels/ops-hook/test': () => delivery(9, 'delivered', 'HTTP 204'),
      'POST /api/v1/channels/quiet/test': () => delivery(10, 'failed', 'HTTP 404: no such robot', { channel: 'quiet' }),
    });
    showAlerts(operator, '/alerts?tab=channels');
    fireEvent.click(await screen.findByTestId('channel-test-ops-hook'));
    const result = await screen.findByTestId('channel-test-result-ops-hook');
    expect(result.querySelector('.ant-tag')?.textContent).toBe('delivered');
    expect(result.textContent).toBe('deliveredHTTP 204');
    fireEvent.click(screen.getByTestId('channel-test-quiet'));
    expect((await screen.findByTestId('channel-test-result-quiet')).textContent).toBe('failedHTTP 404: no such robot');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/channels/ops-hook/test', '/api/v1/channels/quiet/test']);
  });

  it("lists a channel's deliveries when its row is expanded", async () => {
    const calls = fakeFetch({
      'GET /api/v1/channels?project=risk': () => channels,
      'GET /api/v1/channels/ops-hook/deliveries?limit=20': () => [delivery(2, 'failed', 'HTTP 503: busy', { attempts: 5 }), delivery(1, 'delivered', 'HTTP 200')],
    });
    showAlerts(viewer, '/alerts?tab=channels');
    await waitFor(() => expect(rows()).toHaveLength(3));
    const expand = screen.getByTestId('channels-table').querySelectorAll<HTMLElement>('.ant-table-row-expand-icon')[0];
    fireEvent.click(expand);
    await waitFor(() => expect(screen.getAllByTestId('delivery-row').map((r) => r.getAttribute('data-state'))).toEqual(['failed', 'delivered']));
    const texts = screen.getAllByTestId('delivery-row').map((r) => Array.from(r.querySelectorAll('td')).slice(1).map((td) => td.textContent));
    expect(texts).toEqual([
      ['firing', 'input_rate 0 < 1000 for 20s', '5', 'failedHTTP 503: busy'],
      ['firing', 'input_rate 0 < 1000 for 20s', '1', 'deliveredHTTP 200'],
    ]);
    expect(calls.map((c) => c.url)).toContain('/api/v1/channels/ops-hook/deliveries?limit=20');
  });

  it('creates a webhook channel with the tiers it takes', async () => {
    const calls = fakeFetch({
      'GET /api/v1/channels?project=risk': () => channels,
      'POST /api/v1/channels': () => channels[0],
    });
    showAlerts(operator, '/alerts?tab=channels');
    fireEvent.click(await screen.findByTestId('channel-new'));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'pager-hook' } });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://pager.example/hook?token=${secret:pager}' } });
    fireEvent.click(screen.getByLabelText('P1'));
    fireEvent.click(screen.getByTestId('channel-create'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'pager-hook',
      type: 'webhook',
      project: 'risk',
      url: 'https://pager.example/hook?token=${secret:pager}',
      tiers: ['P0', 'P1'],
    });
  });

  it('writes an email channel with only its fields', () => {
    expect(
      channelBody('risk', { type: 'email', name: 'mail', url: 'ignored', host: ' smtp.example.com ', port: 2525, from: 'a@example.com', to: ['b@example.com'], username: '', password: '${secret:smtp}', tiers: [] }),
    ).toEqual({ name: 'mail', type: 'email', project: 'risk', host: 'smtp.example.com', port: 2525, from: 'a@example.com', to: ['b@example.com'], password: '${secret:smtp}', tiers: [] });
  });
});
