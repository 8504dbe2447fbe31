import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import type { DataSource, Readiness, TableDetail } from '../datasources/types';
import { fakeFetch, installDomShims, problem } from '../graph/testEnv';
import { DatasourcePage } from './DatasourcePage';

const developer: Me = { username: 'dana', admin: false, projects: [{ project: 'data', role: 'developer' }], token: null };

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
  description: null,
  createdBy: 'admin',
  createdAt: '2026-12-03T08:00:00Z',
  updatedAt: '2026-12-03T08:00:00Z',
};

const orders: TableDetail = {
  schema: 'public',
  name: 'orders',
  type: 'TABLE',
  rowEstimate: 1200,
  primaryKey: ['id'],
  columns: [
    { name: 'id', position: 1, type: 'bigint', flinkType: 'BIGINT', nullable: false, defaultValue: null, primaryKey: true, comment: 'order id' },
    { name: 'total', position: 2, type: 'numeric(12,2)', flinkType: 'DECIMAL(12, 2)', nullable: true, defaultValue: '0', primaryKey: false, comment: null },
    { name: 'shape', position: 3, type: 'geometry', flinkType: null, nullable: true, defaultValue: null, primaryKey: false, comment: null },
  ],
};

let location = '';
function Where() {
  const l = useLocation();
  location = l.pathname + l.search;
  return null;
}

function show(url: string, me: Me = developer) {
  return render(
    <AntApp>
      <SessionContext.Provider value={me}>
        <MemoryRouter initialEntries={[url]}>
          <Where />
          <Routes>
            <Route path="/datasources/:name" element={<DatasourcePage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

describe('A data source', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows its settings and the detail of a failed connection test; a developer may not edit or delete", async () => {
    const calls = fakeFetch({
      'GET /api/v1/datasources/crm': () => crm,
      'POST /api/v1/datasources/3/test': () =>
        problem(422, { title: 'Database connection failed', status: 422, detail: 'Connection to localhost:5432 refused. Check that the hostname and port are correct' }),
    });
    show('/datasources/crm');
    const settings = await screen.findByTestId('datasource-settings');
    expect(within(settings).getByText('Database')).toBeTruthy();
    expect(screen.getByTestId('password-secret').textContent).toBe('crm_pw');
    expect((screen.getByTestId('edit-datasource') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('delete-datasource') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('test-connection'));
    const failed = await screen.findByTestId('test-failed');
    expect(failed.textContent).toContain('Database connection failed');
    expect(screen.getByTestId('test-failed-detail').textContent).toBe('Connection to localhost:5432 refused. Check that the hostname and port are correct');
    expect(screen.queryByTestId('test-ok')).toBeNull();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/datasources/crm', 'POST /api/v1/datasources/3/test']);
  });

  it('shows a successful connection test with product, version and time', async () => {
    fakeFetch({
      'GET /api/v1/datasources/crm': () => crm,
      'POST /api/v1/datasources/3/test': () => ({ ok: true, product: 'PostgreSQL', version: '15.18', millis: 12, message: null }),
    });
    show('/datasources/crm');
    fireEvent.click(await screen.findByTestId('test-connection'));
    expect((await screen.findByTestId('test-ok')).textContent).toBe('Connected to PostgreSQL 15.18 in 12 ms');
  });

  it('lists the tables of a schema, shows the columns of a clicked table and ticks tables for the readiness check', async () => {
    const calls = fakeFetch({
      'GET /api/v1/datasources/crm': () => crm,
      'GET /api/v1/datasources/3/schemas': () => [
        { name: 'public', tables: 2 },
        { name: 'audit', tables: 1 },
      ],
      'GET /api/v1/datasources/3/tables?schema=public': () => [
        { schema: 'public', name: 'orders', type: 'TABLE', rowEstimate: 1200, primaryKey: ['id'] },
        { schema: 'public', name: 'events', type: 'TABLE', rowEstimate: 3_400_000, primaryKey: [] },
      ],
      'GET /api/v1/datasources/3/tables/public.orders': () => orders,
    });
    show('/datasources/crm?tab=tables');
    await waitFor(() => expect(screen.getAllByTestId('table-row')).toHaveLength(2));
    expect(screen.getByTestId('schema-select').textContent).toBe('public (2 tables)');
    const rows = screen.getAllByTestId('table-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['public.orders', 'public.events']);
    expect(screen.getAllByTestId('row-estimate').map((e) => e.textContent)).toEqual(['1.2K', '3.4M']);
    expect(within(rows[0]).getByTestId('primary-key').textContent).toBe('id');
    expect(within(rows[1]).getByTestId('no-primary-key').textContent).toBe('no primary key');

    fireEvent.click(within(rows[0]).getByText('orders'));
    await waitFor(() => expect(screen.getAllByTestId('column-row')).toHaveLength(3));
    const columns = screen.getAllByTestId('column-row');
    expect(columns.map((c) => c.getAttribute('data-name'))).toEqual(['id', 'total', 'shape']);
    expect([...columns[1].querySelectorAll('td')].map((td) => td.textContent)).toEqual(['total', 'numeric(12,2)', 'DECIMAL(12, 2)', 'yes', '0', '', '']);
    expect(within(columns[2]).getByTestId('not-readable').textContent).toBe('not readable');
    expect(within(columns[0]).queryByTestId('not-readable')).toBeNull();
    expect(screen.getAllByTestId('not-readable')).toHaveLength(1);

    // Ticking a table puts it in the address, for the readiness tab; it does not open the table.
    fireEvent.click(rows[1].querySelector('input[type="checkbox"]')!);
    await waitFor(() => expect(location).toBe('/datasources/crm?tab=tables&tables=public.events'));
    expect(calls.filter((c) => c.url.includes('/tables/')).map((c) => c.url)).toEqual(['/api/v1/datasources/3/tables/public.orders']);
  });

  it('checks readiness for the ticked tables and shows a failed check with its fix', async () => {
    const readiness: Readiness = {
      ready: false,
      type: 'postgresql',
      checks: [
        { name: 'wal_level', ok: false, severity: 'error', actual: 'replica', expected: 'logical', message: 'Logical decoding needs wal_level = logical', fix: 'ALTER SYSTEM SET wal_level = logical; -- then restart' },
        { name: 'replica_identity public.events', ok: false, severity: 'warning', actual: 'DEFAULT', expected: 'FULL', message: 'Updates carry only the key', fix: null },
        { name: 'max_replication_slots', ok: true, severity: 'error', actual: '10', expected: '>= 1', message: 'Enough replication slots', fix: null },
      ],
      notes: ['Each job reading this database takes one replication slot.'],
    };
    const calls = fakeFetch({
      'GET /api/v1/datasources/crm': () => crm,
      'GET /api/v1/datasources/3/readiness?tables=public.orders,public.events': () => readiness,
    });
    show('/datasources/crm?tab=readiness&tables=public.orders,public.events');
    expect((await screen.findByTestId('readiness-tables')).textContent).toBe('the database and public.orders, public.events');
    fireEvent.click(screen.getByTestId('readiness-check'));
    const overall = await screen.findByTestId('readiness-overall');
    expect(overall.textContent).toBe('Not ready for change data capture: 2 checks fail');
    const rows = screen.getAllByTestId('readiness-check-row');
    expect(rows.map((r) => [r.getAttribute('data-name'), r.querySelector('.ant-tag')?.textContent])).toEqual([
      ['wal_level', 'error'],
      ['replica_identity public.events', 'warning'],
      ['max_replication_slots', 'ok'],
    ]);
    expect([...rows[0].querySelectorAll('td')].slice(2, 5).map((td) => td.textContent)).toEqual(['replica', 'logical', 'Logical decoding needs wal_level = logical']);
    const fixes = screen.getAllByTestId('readiness-fix');
    expect(fixes).toHaveLength(1);
    expect(fixes[0].querySelector('pre')?.textContent).toBe('ALTER SYSTEM SET wal_level = logical; -- then restart');
    expect(within(rows[0]).getByTestId('readiness-fix')).toBe(fixes[0]);
    expect(fixes[0].querySelector('.ant-typography-copy')).toBeTruthy();
    expect(screen.getByTestId('readiness-note').textContent).toBe('Each job reading this database takes one replication slot.');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/datasources/crm', '/api/v1/datasources/3/readiness?tables=public.orders,public.events']);
  });
});
