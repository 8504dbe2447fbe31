import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { MetricGroupsPage } from './MetricGroupsPage';

const viewer: Me = { username: 'ana', admin: false, projects: [{ project: 'demo', role: 'viewer' }], token: null };

describe('MetricGroupsPage', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists the groups as the server lists them, without their windows', async () => {
    fakeFetch({
      // The listing does not compile the groups: windows is null.
      'GET /api/v1/metric-groups': () => [
        { name: 'demo_payments', project: 'demo', version: 3, author: 'sluice', comment: null, createdAt: '2026-12-01T00:00:00Z', changed: false, script: '', windows: null, metrics: ['payments'] },
      ],
    });
    render(
      <AntApp>
        <SessionContext.Provider value={viewer}>
          <MemoryRouter>
            <MetricGroupsPage />
          </MemoryRouter>
        </SessionContext.Provider>
      </AntApp>,
    );
    await waitFor(() => expect(screen.getAllByTestId('mg-row').map((r) => r.getAttribute('data-name'))).toEqual(['demo_payments']));
    expect(screen.getByText('metrics.demo_payments')).toBeTruthy();
    // A viewer cannot create a group.
    expect(screen.queryByTestId('mg-new')).toBeNull();
  });
});
