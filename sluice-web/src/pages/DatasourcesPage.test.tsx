import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import type { DataSource, DataSourceType } from '../datasources/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { DatasourcePage } from './DatasourcePage';
import { DatasourcesPage } from './DatasourcesPage';

const operator: Me = { username: 'otto', admin: false, projects: [{ project: 'data', role: 'operator' }], token: null };
const viewer: Me = { username: 'vera', admin: false, projects: [{ project: 'data', role: 'viewer' }], token: null };

const crm: DataSource = {
  id: 3,
  name: 'crm',
  project: 'data',
  type: 'postgresql',
  typeLabel: 'PostgreSQL',
  host: 'localhost',
  port: 5432,
  database: 'crm',
  username: 'u',
  passwordSecret: 'crm_pw',
  description: 'customers',
  createdBy: 'admin',
  createdAt: '2026-12-03T08:00:00Z',
  updatedAt: '2026-12-03T09:00:00Z',
};

const TYPES: DataSourceType[] = [
  { id: 'mysql', label: 'MySQL', defaultPort: 3306, supported: true, cdcConnector: 'mysql-cdc', note: null },
  { id: 'postgresql', label: 'PostgreSQL', defaultPort: 5432, supported: true, cdcConnector: 'postgres-cdc', note: null },
  { id: 'oracle', label: 'Oracle', defaultPort: 1521, supported: true, cdcConnector: 'oracle-cdc', note: null },
  { id: 'oceanbase', label: 'OceanBase', defaultPort: 2881, supported: false, cdcConnector: null, note: 'needs the OceanBase log proxy, not bundled' },
];

function show(url: string, me: Me = operator) {
  return render(
    <AntApp>
      <SessionContext.Provider value={me}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/datasources" element={<DatasourcesPage />} />
            <Route path="/datasources/:name" element={<DatasourcePage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

/** Opens an antd Select and picks the option showing `label`. */
async function pick(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll('.ant-select-item-option')].find((o) => o.textContent?.startsWith(label));
    if (!found) throw new Error(`no option ${label}`);
    return found as HTMLElement;
  });
  fireEvent.click(option);
}

describe('Data sources', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists the data sources with their type, address, username and password secret', async () => {
    const calls = fakeFetch({
      'GET /api/v1/datasources': () => [
        crm,
        { ...crm, id: 4, name: 'erp', type: 'oracle', typeLabel: 'Oracle', host: 'ora.internal', port: 1521, database: 'ERP', username: 'erp_ro', passwordSecret: 'datasource.erp.password' },
      ],
    });
    show('/datasources');
    await waitFor(() => expect(screen.getAllByTestId('datasource-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('datasource-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['crm', 'erp']);
    const cells = [...rows[1].querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 6)).toEqual(['erp', 'data', 'Oracle', 'ora.internal:1521/ERP', 'erp_ro', 'datasource.erp.password']);
    expect(within(rows[0]).getByRole('link', { name: 'crm' }).getAttribute('href')).toBe('/datasources/crm');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/datasources']);
  });

  it('keeps New data source disabled for a viewer', async () => {
    fakeFetch({ 'GET /api/v1/datasources': () => [crm] });
    show('/datasources', viewer);
    await screen.findAllByTestId('datasource-row');
    expect((screen.getByTestId('new-datasource') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows an unsupported type disabled with its note, and fills the default port of the picked type', async () => {
    fakeFetch({ 'GET /api/v1/datasources': () => [], 'GET /api/v1/datasources/types': () => TYPES });
    show('/datasources');
    fireEvent.click(await screen.findByTestId('new-datasource'));
    await screen.findByTestId('datasource-form');
    const select = screen.getByTestId('ds-type');
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
    const ocean = await waitFor(() => {
      const o = [...document.querySelectorAll('.ant-select-item-option')].find((x) => x.textContent?.startsWith('OceanBase'));
      if (!o) throw new Error('no OceanBase option');
      return o as HTMLElement;
    });
    expect(ocean.className).toContain('ant-select-item-option-disabled');
    expect(ocean.textContent).toBe('OceanBase — needs the OceanBase log proxy, not bundled');
    const mysql = [...document.querySelectorAll('.ant-select-item-option')].find((x) => x.textContent === 'MySQL')!;
    expect(mysql.className).not.toContain('ant-select-item-option-disabled');
    // A disabled option cannot be picked.
    fireEvent.click(ocean);
    expect((screen.getByTestId('ds-port') as HTMLInputElement).value).toBe('');
    await pick('ds-type', 'Oracle');
    await waitFor(() => expect((screen.getByTestId('ds-port') as HTMLInputElement).value).toBe('1521'));
    expect(await screen.findByText('Service name')).toBeTruthy();
    expect(screen.getByTestId('ds-password-help').textContent).toBe(
      'A literal password is stored as a project secret; or write ${secret:name} to use an existing secret.',
    );
  });

  it('posts the exact body, puts a 400 field error on its field, and opens the created data source', async () => {
    let posts = 0;
    const calls = fakeFetch({
      'GET /api/v1/datasources': () => [],
      'GET /api/v1/datasources/types': () => TYPES,
      'POST /api/v1/datasources': () => {
        posts++;
        if (posts === 1) {
          problem(400, { title: 'Bad Request', status: 400, detail: 'Invalid data source', errors: [{ field: 'host', message: 'Unknown host db.internl' }] });
        }
        return crm;
      },
      'GET /api/v1/datasources/crm': () => crm,
    });
    show('/datasources');
    fireEvent.click(await screen.findByTestId('new-datasource'));
    fireEvent.change(await screen.findByTestId('ds-name'), { target: { value: ' crm ' } });
    await pick('ds-type', 'PostgreSQL');
    fireEvent.change(screen.getByTestId('ds-host'), { target: { value: 'db.internl' } });
    fireEvent.change(screen.getByTestId('ds-database'), { target: { value: 'crm' } });
    fireEvent.change(screen.getByTestId('ds-username'), { target: { value: 'u' } });
    fireEvent.change(screen.getByTestId('ds-password'), { target: { value: '${secret:crm_pw}' } });
    fireEvent.change(screen.getByTestId('ds-description'), { target: { value: 'customers' } });
    fireEvent.click(screen.getByTestId('datasource-submit'));

    const message = await screen.findByText('Unknown host db.internl');
    expect(message.closest('.ant-form-item')?.querySelector('[data-testid="ds-host"]')).toBeTruthy();
    expect(screen.queryByTestId('api-error')).toBeNull();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/datasources');
    expect(post?.body).toEqual({
      name: 'crm',
      project: 'data',
      type: 'postgresql',
      host: 'db.internl',
      port: 5432,
      database: 'crm',
      username: 'u',
      password: '${secret:crm_pw}',
      description: 'customers',
    });

    fireEvent.change(screen.getByTestId('ds-host'), { target: { value: 'localhost' } });
    fireEvent.click(screen.getByTestId('datasource-submit'));
    await screen.findByTestId('datasource-page');
    expect(calls.filter((c) => c.method === 'POST').map((c) => (c.body as { host: string }).host)).toEqual(['db.internl', 'localhost']);
    expect(screen.getByTestId('password-secret').textContent).toBe('crm_pw');
  });
});
