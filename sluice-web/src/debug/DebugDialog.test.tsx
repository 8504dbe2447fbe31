import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import { DebugDialog } from '../components/DebugDialog';
import { generateRows } from './generate';
import { exampleText } from './request';
import { installResizeObserver, mockFetch, Session } from './testing';
import type { SourceTable } from './types';

const job = { id: 7, name: 'payments_job', project: 'risk', lastCheckpoint: null } as unknown as Job;

const SCRIPT = `CREATE TABLE payments (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'kafka');
CREATE TABLE counts (id BIGINT, n BIGINT) WITH ('connector' = 'print');
INSERT INTO counts SELECT id, COUNT(*) FROM payments GROUP BY id;`;

const TABLES = {
  tables: [
    { name: 'payments', kind: 'TABLE', statement: 1, line: 1, connector: 'kafka', columns: [{ name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(10, 2)' }] },
    { name: 'counts', kind: 'TABLE', statement: 2, line: 2, connector: 'print', columns: [{ name: 'id', type: 'BIGINT' }, { name: 'n', type: 'BIGINT' }] },
  ],
};

const SOURCE: SourceTable = {
  name: 'payments',
  statement: 1,
  line: 1,
  connector: 'kafka',
  columns: [
    { name: 'id', type: 'BIGINT', computed: false, metadata: false },
    { name: 'amount', type: 'DECIMAL(10, 2)', computed: false, metadata: false },
  ],
};

beforeAll(installResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function open(onStarted = vi.fn()) {
  render(
    <Session>
      <DebugDialog job={job} script={SCRIPT} open onClose={() => undefined} onStarted={onStarted} />
    </Session>,
  );
  return onStarted;
}

describe('DebugDialog', () => {
  it('offers the tables the script reads, not its sinks, and starts a run with pasted CSV rows', async () => {
    const calls = mockFetch({
      'POST /api/v1/sql/tables': { body: TABLES },
      'POST /api/v1/debug-runs': { status: 201, body: { id: 'run-1', status: 'RUNNING', steps: [] } },
    });
    const onStarted = open();
    const source = await screen.findByTestId('debug-source');
    expect(screen.getAllByTestId('debug-source').map((s) => s.getAttribute('data-table'))).toEqual(['payments']);
    expect(calls[0]).toEqual({ method: 'POST', url: '/api/v1/sql/tables', body: { script: SCRIPT, project: 'risk' } });

    fireEvent.click(within(source).getByText('CSV rows'));
    const sample = within(source).getByTestId('debug-sample') as HTMLTextAreaElement;
    expect(sample.value.split('\n')[0]).toBe('id,amount');
    fireEvent.change(sample, { target: { value: 'amount,id\n"9.50",1\n2.25,2' } });
    fireEvent.change(screen.getByTestId('debug-limit-maxRowsPerStep'), { target: { value: '200' } });
    fireEvent.click(screen.getByTestId('debug-start'));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('run-1'));
    expect(calls[1]).toEqual({
      method: 'POST',
      url: '/api/v1/debug-runs',
      body: {
        jobId: 7,
        script: SCRIPT,
        samples: { payments: { format: 'json', rows: [{ amount: '9.50', id: '1' }, { amount: '2.25', id: '2' }] } },
        maxRowsPerStep: 200,
        maxSeconds: 180,
        idleSeconds: 60,
      },
    });
  });

  it('starts with example rows of the table by default, editable in place', async () => {
    const calls = mockFetch({
      'POST /api/v1/sql/tables': { body: TABLES },
      'POST /api/v1/debug-runs': { status: 201, body: { id: 'run-2' } },
    });
    const onStarted = open();
    const source = await screen.findByTestId('debug-source');
    expect(within(source).getByTestId('debug-mode').getAttribute('data-mode')).toBe('json');
    const example = (within(source).getByTestId('debug-sample') as HTMLTextAreaElement).value;
    expect(example).toBe(exampleText(SOURCE, 'json'));
    fireEvent.click(screen.getByTestId('debug-start'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('run-2'));
    expect(calls[1].body).toEqual({
      jobId: 7,
      script: SCRIPT,
      samples: { payments: { format: 'json', rows: generateRows(SOURCE.columns, 3, 1) } },
      maxRowsPerStep: 1000,
      maxSeconds: 180,
      idleSeconds: 60,
    });
  });

  it('starts with generated rows, or live Kafka from a chosen start', async () => {
    const calls = mockFetch({
      'POST /api/v1/sql/tables': { body: TABLES },
      'POST /api/v1/debug-runs': { status: 201, body: { id: 'run-3' } },
    });
    const onStarted = open();
    const source = await screen.findByTestId('debug-source');
    fireEvent.click(within(source).getByText('Generate rows'));
    fireEvent.change(within(source).getByTestId('debug-generate-count'), { target: { value: '25' } });
    fireEvent.click(screen.getByTestId('debug-start'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
    expect(calls[1].body).toMatchObject({ samples: { payments: { format: 'json', rows: generateRows(SOURCE.columns, 25, 1) } } });

    fireEvent.click(within(source).getByText('Live Kafka'));
    fireEvent.click(within(source).getByText('earliest'));
    fireEvent.click(screen.getByTestId('debug-start'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(2));
    expect(calls[2].body).toEqual({ jobId: 7, script: SCRIPT, live: { payments: { from: 'earliest' } }, maxRowsPerStep: 1000, maxSeconds: 180, idleSeconds: 60 });
  });

  it('offers live input only to an operator', async () => {
    mockFetch({ 'POST /api/v1/sql/tables': { body: TABLES } });
    render(
      <Session me={{ username: 'dev', admin: false, projects: [{ project: 'risk', role: 'developer' }], token: null }}>
        <DebugDialog job={job} script={SCRIPT} open onClose={() => undefined} onStarted={() => undefined} />
      </Session>,
    );
    const source = await screen.findByTestId('debug-source');
    const live = within(source).getByText('Live Kafka').closest('label')!;
    expect(live.className).toContain('ant-radio-button-wrapper-disabled');
  });

  it('shows the server’s sample-row problems at the pasted line and keeps the input', async () => {
    mockFetch({
      'POST /api/v1/sql/tables': { body: TABLES },
      'POST /api/v1/debug-runs': {
        status: 422,
        body: {
          title: 'Sample rows do not fit',
          detail: 'payments row 2 column amount: Failed to deserialize',
          errors: [{ table: 'payments', row: 2, column: 'amount', message: 'Failed to deserialize' }],
        },
      },
    });
    const onStarted = open();
    const source = await screen.findByTestId('debug-source');
    fireEvent.click(within(source).getByText('JSON rows'));
    const text = '{"id": 1, "amount": 1}\n\n{"id": 2, "amount": "x"}';
    fireEvent.change(within(source).getByTestId('debug-sample'), { target: { value: text } });
    fireEvent.click(screen.getByTestId('debug-start'));
    expect((await screen.findByTestId('api-error')).textContent).toContain('Sample rows do not fit');
    expect(within(source).getByTestId('debug-source-error').textContent).toBe('line 3: row 2, column amount: Failed to deserialize');
    expect((within(source).getByTestId('debug-sample') as HTMLTextAreaElement).value).toBe(text);
    expect(screen.getByTestId('debug-dialog')).toBeTruthy();
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('refuses unreadable rows before sending, naming the line', async () => {
    const calls = mockFetch({ 'POST /api/v1/sql/tables': { body: TABLES } });
    open();
    const source = await screen.findByTestId('debug-source');
    fireEvent.click(within(source).getByText('CSV rows'));
    fireEvent.change(within(source).getByTestId('debug-sample'), { target: { value: 'id,amount\n1\n' } });
    fireEvent.click(screen.getByTestId('debug-start'));
    expect((await within(source).findByTestId('debug-source-error')).textContent).toBe('line 2: 1 cells, the header row names 2 columns');
    expect(calls.filter((c) => c.url === '/api/v1/debug-runs')).toEqual([]);
  });

  it('shows script problems at line:column', async () => {
    mockFetch({
      'POST /api/v1/sql/tables': { body: TABLES },
      'POST /api/v1/debug-runs': {
        status: 422,
        body: { title: 'Invalid script', detail: '1 problem(s)', errors: [{ statement: 3, line: 3, column: 42, message: "Object 'paymnts' not found" }] },
      },
    });
    open();
    await screen.findByTestId('debug-source');
    fireEvent.click(screen.getByTestId('debug-start'));
    expect((await screen.findByTestId('api-error')).textContent).toContain("statement 3, 3:42 Object 'paymnts' not found");
  });

  it('reads the tables from the script when the server has no table list', async () => {
    mockFetch({});
    open();
    const sources = await screen.findAllByTestId('debug-source');
    expect(sources.map((s) => s.getAttribute('data-table'))).toEqual(['payments']);
    expect(screen.getByText('Tables and columns read from the script’s text'.replace('’', "'"))).toBeTruthy();
  });
});
