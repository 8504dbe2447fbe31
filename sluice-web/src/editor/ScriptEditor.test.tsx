import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { useEffect, useRef } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Job, Me } from '../api/types';
import { EditorPage } from '../pages/EditorPage';
import { draftKey } from './drafts';
import type { ProblemMarker } from './markers';
import { LANGUAGE, ORDERS } from './testData';

// Monaco does not run in jsdom: the editor is a textarea, and the handle the page drives records
// what it is asked to do (markers, reveal, replacements).
const fake = vi.hoisted(() => ({
  text: '',
  markers: [] as ProblemMarker[][],
  revealed: [] as [number, number][],
  edits: [] as [unknown, string][],
  commands: new Map<number, () => void>(),
  onChange: null as ((v: string) => void) | null,
  setTextarea: null as ((v: string) => void) | null,
}));

vi.mock('../monaco-setup', () => ({ monaco: {} }));

vi.mock('./editorHandle', () => ({
  monacoHandle: () => ({
    getText: () => fake.text,
    replaceText: (text: string) => {
      fake.text = text;
      fake.setTextarea?.(text);
      fake.onChange?.(text);
    },
    edit: (range: unknown, text: string) => fake.edits.push([range, text]),
    rangeText: (r: { startLineNumber: number; startColumn: number; endColumn: number }) =>
      fake.text.split('\n')[r.startLineNumber - 1].slice(r.startColumn - 1, r.endColumn - 1),
    setMarkers: (m: ProblemMarker[]) => fake.markers.push(m),
    reveal: (line: number, column: number) => fake.revealed.push([line, column]),
    modelUri: () => 'inmemory://model/1',
  }),
}));

vi.mock('@monaco-editor/react', () => {
  function Editor(props: {
    defaultValue?: string;
    onMount?: (ed: unknown, monaco: unknown) => void;
    onChange?: (v: string) => void;
    options?: { readOnly?: boolean };
  }) {
    const ref = useRef<HTMLTextAreaElement>(null);
    useEffect(() => {
      fake.text = props.defaultValue ?? '';
      fake.onChange = (v) => props.onChange?.(v);
      fake.setTextarea = (v) => {
        if (ref.current) ref.current.value = v;
      };
      props.onMount?.(
        { addCommand: (key: number, run: () => void) => fake.commands.set(key, run), onDidDispose: () => undefined },
        { KeyMod: { CtrlCmd: 1, Shift: 2, Alt: 4 }, KeyCode: { KeyS: 8, KeyF: 16 } },
      );
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, []);
    return (
      <textarea
        ref={ref}
        data-testid="fake-monaco"
        defaultValue={props.defaultValue}
        readOnly={props.options?.readOnly}
        onChange={(e) => {
          fake.text = e.target.value;
          props.onChange?.(e.target.value);
        }}
      />
    );
  }
  function DiffEditor(props: { original?: string; modified?: string }) {
    return <div data-testid="fake-diff" data-original={props.original} data-modified={props.modified} />;
  }
  return { Editor, DiffEditor };
});

const SERVER_SCRIPT = "CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen');\nINSERT INTO sink SELECT amout FROM orders;\n";

const JOB: Job = {
  id: 7,
  name: 'orders_job',
  project: 'risk',
  type: 'SQL',
  cluster: 'local',
  currentVersion: 3,
  deployedVersion: null,
  desiredState: 'STOPPED',
  state: 'CREATED',
  flinkJobId: null,
  flinkState: null,
  clusterReachable: true,
  startedAt: null,
  restarts: null,
  lastCheckpoint: null,
  lastSavepoint: null,
  lastError: null,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
};

const DEVELOPER: Me = { username: 'ana', admin: false, projects: [{ project: 'risk', role: 'developer' }], token: null };
const VIEWER: Me = { username: 'vic', admin: false, projects: [{ project: 'risk', role: 'viewer' }], token: null };

const TYPO = {
  type: 'https://sluice.dev/problems/invalid-script',
  title: 'Invalid script',
  status: 422,
  detail: '1 problem(s) in the script',
  errors: [{ statement: 2, line: 2, column: 25, endLine: 2, endColumn: 29, message: "Column 'amout' not found in any table", suggestions: ['amount'] }],
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

let calls: Call[];
let validateReply: (script: string) => Reply;
let routes: Record<string, (body: unknown) => Reply>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

// What antd's table, drawer and modal ask of the browser and jsdom does not have.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', NoResizeObserver);
  calls = [];
  fake.markers = [];
  fake.revealed = [];
  fake.edits = [];
  fake.commands.clear();
  window.localStorage.clear();
  validateReply = () => ({ status: 422, body: TYPO });
  routes = {
    'GET /api/v1/jobs?name=orders_job': () => ({ status: 200, body: [JOB] }),
    'GET /api/v1/jobs/7': () => ({ status: 200, body: JOB }),
    'GET /api/v1/jobs/7/versions/3': () => ({ status: 200, body: { jobId: 7, version: 3, script: SERVER_SCRIPT, author: 'ana', comment: 'c', createdAt: '2026-12-01T10:00:00Z' } }),
    'GET /api/v1/sql/language': () => ({ status: 200, body: LANGUAGE }),
    'POST /api/v1/sql/tables': () => ({ status: 200, body: { tables: [ORDERS] } }),
    'POST /api/v1/jobs/7/validate': (body) => validateReply((body as { script: string }).script),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body });
      const route = routes[`${method} ${path}`];
      if (!route) return json(404, { title: 'Not found', detail: `${method} ${path}` });
      const reply = await route(body);
      return json(reply.status, reply.body);
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage(me: Me = DEVELOPER) {
  return render(
    <SessionContext.Provider value={me}>
      <AntApp>
        <MemoryRouter initialEntries={['/jobs/orders_job/edit']}>
          <Routes>
            <Route path="/jobs/:name/edit" element={<EditorPage />} />
            <Route path="/debug/:runId" element={<div>debug page</div>} />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </SessionContext.Provider>,
  );
}

const validations = () => calls.filter((c) => c.path === '/api/v1/jobs/7/validate').map((c) => (c.body as { script: string }).script);

function type(text: string) {
  fireEvent.change(screen.getByTestId('fake-monaco'), { target: { value: text } });
}

describe('the editor page', () => {
  it("validates the job's script on load and shows each problem as a marker and a row", async () => {
    renderPage();
    const row = await screen.findByTestId('problem');
    expect((screen.getByTestId('fake-monaco') as HTMLTextAreaElement).value).toBe(SERVER_SCRIPT);
    expect(validations()).toEqual([SERVER_SCRIPT]);
    expect(row.dataset.line).toBe('2');
    expect(row.dataset.column).toBe('25');
    expect(row.textContent).toBe("2:25statement 2Column 'amout' not found in any tableChange to 'amount'");
    expect(fake.markers[fake.markers.length - 1]).toEqual([
      { startLineNumber: 2, startColumn: 25, endLineNumber: 2, endColumn: 30, message: "Column 'amout' not found in any table", suggestions: ['amount'], statement: 2 },
    ]);
    fireEvent.click(row);
    expect(fake.revealed).toEqual([[2, 25]]);
    // The row's quick fix is the marker's: 'amout' becomes 'amount'.
    fireEvent.click(screen.getByTestId('problem-fix'));
    expect(fake.edits).toEqual([[{ startLineNumber: 2, startColumn: 25, endLineNumber: 2, endColumn: 30 }, 'amount']]);
    expect(fake.revealed).toEqual([[2, 25]]);
    // Taken again on the changed text before it is validated again, the fix would land one
    // character off ('amountt'): it is not applied.
    type(SERVER_SCRIPT.replace('amout', 'amount'));
    fireEvent.click(screen.getByTestId('problem-fix'));
    expect(fake.edits).toHaveLength(1);
    expect(screen.getByTestId('base-version').textContent).toBe('v3');
    // The tables of the draft are asked for with the job's project.
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/sql/tables')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/sql/tables')!.body).toEqual({ script: SERVER_SCRIPT, project: 'risk' });
  });

  it('validates again after an edit and ignores an answer for an older text', async () => {
    let answerOld: (r: { status: number; body: unknown }) => void = () => undefined;
    validateReply = (script) =>
      script === SERVER_SCRIPT ? new Promise((resolve) => (answerOld = resolve)) : { status: 200, body: { valid: true, statements: [{}, {}] } };
    renderPage();
    await waitFor(() => expect(validations()).toEqual([SERVER_SCRIPT]));
    const fixed = SERVER_SCRIPT.replace('amout', 'amount');
    type(fixed);
    await waitFor(() => expect(validations()).toEqual([SERVER_SCRIPT, fixed]), { timeout: 15000 });
    await waitFor(() => expect(screen.getByTestId('validation-status').textContent).toBe(' valid, 2 statements'));
    await act(async () => answerOld({ status: 422, body: TYPO }));
    expect(screen.queryAllByTestId('problem')).toHaveLength(0);
    expect(screen.getByTestId('validation-status').textContent).toBe(' valid, 2 statements');
  });

  it('shows a server failure as an error, never as markers', async () => {
    validateReply = () => ({ status: 503, body: { title: 'Engine unavailable', detail: 'try again' } });
    renderPage();
    const alert = await screen.findByTestId('api-error');
    expect(alert.textContent).toContain('Engine unavailable');
    expect(screen.queryAllByTestId('problem')).toHaveLength(0);
    expect(fake.markers.every((m) => m.length === 0)).toBe(true);
  });

  it('keeps every edit as a draft of the version it was edited from', async () => {
    renderPage();
    await screen.findByTestId('problem');
    type('SELECT 1');
    const stored = JSON.parse(window.localStorage.getItem(draftKey('orders_job'))!);
    expect(stored.script).toBe('SELECT 1');
    expect(stored.baseVersion).toBe(3);
    expect(typeof stored.savedAt).toBe('number');
    expect(screen.getByTestId('dirty').textContent).toBe('unsaved changes');
    // Back to the server's text: no draft is left.
    type(SERVER_SCRIPT);
    expect(window.localStorage.getItem(draftKey('orders_job'))).toBeNull();
  });

  it('restores a draft of the current version, and Discard goes back to the server', async () => {
    window.localStorage.setItem(draftKey('orders_job'), JSON.stringify({ script: 'SELECT 2', baseVersion: 3, savedAt: 1 }));
    renderPage();
    const banner = await screen.findByTestId('draft-banner');
    expect(banner.dataset.kind).toBe('restored');
    expect(banner.textContent).toContain('Draft restored');
    expect((screen.getByTestId('fake-monaco') as HTMLTextAreaElement).value).toBe('SELECT 2');
    fireEvent.click(screen.getByTestId('discard-draft'));
    expect(fake.text).toBe(SERVER_SCRIPT);
    expect(screen.queryByTestId('draft-banner')).toBeNull();
    expect(window.localStorage.getItem(draftKey('orders_job'))).toBeNull();
  });

  it('shows a draft of an older version beside the server and keeps it when asked', async () => {
    window.localStorage.setItem(draftKey('orders_job'), JSON.stringify({ script: 'SELECT 2', baseVersion: 2, savedAt: 1 }));
    renderPage();
    const banner = await screen.findByTestId('draft-banner');
    expect(banner.dataset.kind).toBe('conflict');
    const diff = screen.getByTestId('fake-diff');
    expect(diff.dataset.original).toBe(SERVER_SCRIPT);
    expect(diff.dataset.modified).toBe('SELECT 2');
    expect(screen.queryByTestId('fake-monaco')).toBeNull();
    fireEvent.click(screen.getByTestId('keep-draft'));
    expect((await screen.findByTestId('fake-monaco') as HTMLTextAreaElement).value).toBe('SELECT 2');
    expect(JSON.parse(window.localStorage.getItem(draftKey('orders_job'))!).baseVersion).toBe(3);
  });

  it("takes the server's version over an older draft when asked", async () => {
    window.localStorage.setItem(draftKey('orders_job'), JSON.stringify({ script: 'SELECT 2', baseVersion: 2, savedAt: 1 }));
    renderPage();
    fireEvent.click(await screen.findByTestId('take-server'));
    expect((await screen.findByTestId('fake-monaco') as HTMLTextAreaElement).value).toBe(SERVER_SCRIPT);
    expect(window.localStorage.getItem(draftKey('orders_job'))).toBeNull();
  });

  it('saves with Ctrl+S and a comment, shows the new version and clears the draft', async () => {
    routes['PUT /api/v1/jobs/7'] = () => ({ status: 200, body: { id: 7, name: 'orders_job', project: 'risk', version: 4, author: 'ana', comment: 'fix the typo' } });
    renderPage();
    await screen.findByTestId('problem');
    const fixed = SERVER_SCRIPT.replace('amout', 'amount');
    type(fixed);
    expect(window.localStorage.getItem(draftKey('orders_job'))).not.toBeNull();
    act(() => fake.commands.get(1 | 8)!());
    fireEvent.change(await screen.findByTestId('save-comment'), { target: { value: 'fix the typo' } });
    fireEvent.click(screen.getByTestId('save-confirm'));
    const saved = await screen.findByTestId('saved-version');
    expect(saved.textContent).toBe('saved as v4');
    expect(calls.find((c) => c.method === 'PUT')).toEqual({ method: 'PUT', path: '/api/v1/jobs/7', body: { script: fixed, comment: 'fix the typo' } });
    expect(window.localStorage.getItem(draftKey('orders_job'))).toBeNull();
    expect(screen.getByTestId('base-version').textContent).toBe('v4');
    expect(screen.queryByTestId('dirty')).toBeNull();
  });

  it('formats with the keywords of the server', async () => {
    routes['GET /api/v1/jobs/7/versions/3'] = () => ({ status: 200, body: { jobId: 7, version: 3, script: 'select id   \nfrom orders;\ninsert into x select 1;', author: 'ana', comment: null, createdAt: '' } });
    renderPage();
    await screen.findByTestId('fake-monaco');
    await waitFor(() => expect(screen.getByTestId('editor').dataset.languageLoaded).toBe('true'));
    fireEvent.click(screen.getByTestId('format'));
    expect(fake.text).toBe('SELECT id\nFROM orders;\n\nINSERT INTO x SELECT 1;\n');
  });

  it('is read-only for a viewer, with every change disabled and nothing validated', async () => {
    renderPage(VIEWER);
    const textarea = (await screen.findByTestId('fake-monaco')) as HTMLTextAreaElement;
    expect(textarea.readOnly).toBe(true);
    for (const id of ['save', 'validate', 'format', 'debug', 'deploy']) {
      expect((screen.getByTestId(id) as HTMLButtonElement).disabled).toBe(true);
    }
    expect((screen.getByTestId('versions') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('read-only').textContent).toBe('read-only');
    expect(screen.getByTestId('validation-status').textContent).toBe('validating needs the developer role');
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/sql/tables')).toBe(true));
    expect(validations()).toEqual([]);
  });

  it('rolls back to a version and puts it in the editor', async () => {
    const version = (v: number, script: string, comment: string) => ({ jobId: 7, version: v, script, author: 'ana', comment, createdAt: '2026-12-01T10:00:00Z' });
    routes['GET /api/v1/jobs/7/versions'] = () => ({ status: 200, body: [version(1, 'SELECT 1', 'first'), version(2, 'SELECT 2', 'second'), version(3, SERVER_SCRIPT, 'third')] });
    routes['POST /api/v1/jobs/7/rollback'] = () => ({ status: 200, body: { id: 7, name: 'orders_job', project: 'risk', version: 4, author: 'ana', comment: 'rollback to 1' } });
    routes['GET /api/v1/jobs/7/versions/4'] = () => ({ status: 200, body: version(4, 'SELECT 1', 'rollback to 1') });
    renderPage();
    await screen.findByTestId('problem');
    fireEvent.click(screen.getByTestId('versions'));
    const rows = await screen.findAllByTestId('version-row');
    expect(rows.map((r) => r.dataset.version)).toEqual(['3', '2', '1']);
    const diff = screen.getByTestId('versions-diff');
    expect([diff.dataset.original, diff.dataset.modified]).toEqual(['2', '3']);
    const first = rows[2];
    fireEvent.click(first.querySelector('[data-testid="rollback"]')!);
    fireEvent.click(await screen.findByRole('button', { name: 'OK' }));
    await waitFor(() => expect(fake.text).toBe('SELECT 1'));
    expect(calls.find((c) => c.path === '/api/v1/jobs/7/rollback')!.body).toEqual({ version: 1 });
    expect(screen.getByTestId('base-version').textContent).toBe('v4');
  });
});
