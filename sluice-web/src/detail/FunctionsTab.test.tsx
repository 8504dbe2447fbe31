import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import type { JobFunctions } from '../artifacts/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { FunctionsTab } from './FunctionsTab';

const job = { id: 7, name: 'payments', project: 'risk', state: 'RUNNING', currentVersion: 4, deployedVersion: 3 } as Job;

const v4: JobFunctions = {
  version: 4,
  functions: [
    { name: 'twice', artifact: 'mylib', version: 1, className: 'com.acme.Twice', registeredNow: 'com.acme.Twice of mylib:2' },
    { name: 'risk.total', artifact: 'mylib', version: 1, className: 'com.acme.Total', registeredNow: null },
  ],
  upgradable: true,
};
const v3: JobFunctions = { version: 3, functions: [{ name: 'twice', artifact: 'mylib', version: 1, className: 'com.acme.Twice', registeredNow: 'com.acme.Twice of mylib:2' }], upgradable: true };

function show(mayDevelop: boolean, onUpgraded = () => {}) {
  return render(
    <MemoryRouter>
      <AntApp>
        <FunctionsTab job={job} mayDevelop={mayDevelop} onUpgraded={onUpgraded} />
      </AntApp>
    </MemoryRouter>,
  );
}

const rows = (testId: string) =>
  Array.from(screen.getByTestId(testId).querySelectorAll('[data-testid="pin"]')).map((r) => [r.getAttribute('data-name'), r.querySelector('[data-testid="pin-artifact"]')?.textContent]);

describe('FunctionsTab', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the current version's pins, what changed since, and the deployed version's pins", async () => {
    fakeFetch({ 'GET /api/v1/jobs/7/functions': () => v4, 'GET /api/v1/jobs/7/functions?version=3': () => v3 });
    show(true);
    await waitFor(() => expect(rows('pins-current')).toEqual([['twice', 'mylib:1'], ['risk.total', 'mylib:1']]));
    expect(screen.getAllByTestId('pin-changed').map((t) => t.textContent)).toContain('com.acme.Twice of mylib:2');
    await waitFor(() => expect(rows('pins-deployed')).toEqual([['twice', 'mylib:1']]));
    expect(screen.getByText(/deployed with v3/)).toBeTruthy();
  });

  it('upgrades to the functions as registered now after confirming, then reloads the job', async () => {
    const onUpgraded = vi.fn();
    const calls = fakeFetch({
      'GET /api/v1/jobs/7/functions': () => v4,
      'GET /api/v1/jobs/7/functions?version=3': () => v3,
      'POST /api/v1/jobs/7/functions/upgrade': () => ({ ...v4, version: 5, upgradable: false }),
    });
    show(true, onUpgraded);
    fireEvent.click(await screen.findByTestId('upgrade-functions'));
    expect(await screen.findByText('Save v5 pinned to the functions as registered now?')).toBeTruthy();
    fireEvent.click(screen.getByTestId('upgrade-functions-confirm'));
    await waitFor(() => expect(onUpgraded).toHaveBeenCalledTimes(1));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/jobs/7/functions/upgrade']);
  });

  it('shows a refused upgrade and keeps the pins', async () => {
    const onUpgraded = vi.fn();
    fakeFetch({
      'GET /api/v1/jobs/7/functions': () => v4,
      'GET /api/v1/jobs/7/functions?version=3': () => v3,
      'POST /api/v1/jobs/7/functions/upgrade': () => problem(409, { title: 'Conflict', status: 409, detail: 'The functions are as registered now' }),
    });
    show(true, onUpgraded);
    fireEvent.click(await screen.findByTestId('upgrade-functions'));
    fireEvent.click(await screen.findByTestId('upgrade-functions-confirm'));
    expect(await screen.findByText('The functions are as registered now')).toBeTruthy();
    expect(onUpgraded).not.toHaveBeenCalled();
    expect(rows('pins-current')).toHaveLength(2);
  });

  it('says when the version is pinned to the functions as registered now, and when it calls none', async () => {
    fakeFetch({ 'GET /api/v1/jobs/7/functions': () => ({ ...v4, upgradable: false }), 'GET /api/v1/jobs/7/functions?version=3': () => ({ version: 3, functions: [], upgradable: false }) });
    show(false);
    expect(await screen.findByTestId('functions-up-to-date')).toBeTruthy();
    expect(screen.queryByTestId('upgrade-functions')).toBeNull();
    expect(await screen.findByText('v3 calls no registered function')).toBeTruthy();
  });

  it('gates the upgrade behind the developer role', async () => {
    fakeFetch({ 'GET /api/v1/jobs/7/functions': () => v4, 'GET /api/v1/jobs/7/functions?version=3': () => v3 });
    show(false);
    const button = await screen.findByTestId('upgrade-functions');
    fireEvent.mouseOver(button.parentElement!);
    expect(await screen.findByText('Upgrading needs the developer role in project risk')).toBeTruthy();
  });
});
