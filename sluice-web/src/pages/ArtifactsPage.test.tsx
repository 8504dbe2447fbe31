import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';
import type { ArtifactVersion } from '../artifacts/types';
import { fakeFetch, installDomShims } from '../graph/testEnv';
import { ArtifactPage } from './ArtifactPage';
import { ArtifactsPage } from './ArtifactsPage';

const owner: Me = { username: 'olga', admin: false, projects: [{ project: 'udf', role: 'owner' }], token: null };

const v1: ArtifactVersion = {
  artifact: 'udflib',
  project: 'udf',
  version: 1,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  sizeBytes: 2048,
  fileName: 'udflib-1.0.jar',
  uploadedBy: 'olga',
  uploadedAt: '2026-12-02T10:00:00Z',
  comment: 'first',
  functions: [
    { className: 'com.acme.Twice', kind: 'SCALAR', signatures: ['(INT) -> INT', '(BIGINT) -> BIGINT'], problem: null },
    { className: 'com.acme.Broken', kind: 'SCALAR', signatures: [], problem: 'its eval method is private' },
  ],
};

function show(url: string) {
  return render(
    <AntApp>
      <SessionContext.Provider value={owner}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/artifacts" element={<ArtifactsPage />} />
            <Route path="/artifacts/:name" element={<ArtifactPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>
    </AntApp>,
  );
}

describe('Artifacts', () => {
  beforeEach(() => installDomShims());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('uploads a jar as FormData with the CSRF header and shows the server error on the file field', async () => {
    document.cookie = 'XSRF-TOKEN=tok123';
    const posts: { body: FormData; headers: Record<string, string> }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST' && url === '/api/v1/artifacts') {
        posts.push({ body: init.body as FormData, headers: init.headers as Record<string, string> });
        return new Response(JSON.stringify({ title: 'Bad Request', detail: 'file: The file is not a jar: no zip entries' }), { status: 400 });
      }
      return new Response('[]', { status: 200 });
    });
    show('/artifacts');
    fireEvent.change(await screen.findByTestId('upload-name'), { target: { value: 'udflib' } });
    fireEvent.change(screen.getByTestId('upload-comment'), { target: { value: 'first' } });
    const jar = new File(['not a zip'], 'udflib.jar');
    fireEvent.change(screen.getByTestId('upload-file'), { target: { files: [jar] } });
    fireEvent.click(screen.getByTestId('upload-submit'));
    expect(await screen.findByText('file: The file is not a jar: no zip entries')).toBeTruthy();
    expect(posts).toHaveLength(1);
    const form = posts[0].body;
    expect(form).toBeInstanceOf(FormData);
    expect(form.get('name')).toBe('udflib');
    expect(form.get('project')).toBe('udf');
    expect(form.get('comment')).toBe('first');
    expect((form.get('file') as File).name).toBe('udflib.jar');
    expect(posts[0].headers['X-XSRF-TOKEN']).toBe('tok123');
    expect(posts[0].headers['Content-Type']).toBeUndefined();
  });

  it("shows a version's facts, functions, signatures and problems, and grants USE with the exact body", async () => {
    const calls = fakeFetch({
      'GET /api/v1/artifacts/udflib/versions': () => [v1],
      'GET /api/v1/grants': () => [],
      'POST /api/v1/grants': () => ({ id: 3 }),
    });
    show('/artifacts/udflib');
    await screen.findByTestId('artifact-version');
    expect(screen.getByTestId('sha256').textContent).toBe('9f86d081884c');
    expect(screen.getByTestId('version-facts').textContent).toContain('2.0 KB · olga');
    const rows = screen.getAllByTestId('scanned-function').map((r) => r.getAttribute('data-class'));
    expect(rows).toEqual(['com.acme.Twice', 'com.acme.Broken']);
    expect(screen.getAllByTestId('signature').map((s) => s.textContent)).toEqual(['(INT) -> INT', '(BIGINT) -> BIGINT']);
    expect(screen.getByTestId('function-problem').textContent).toBe('its eval method is private');
    expect(screen.getAllByTestId('register')).toHaveLength(1);
    fireEvent.change(screen.getByTestId('grant-who'), { target: { value: 'bob' } });
    fireEvent.click(screen.getByTestId('grant-add'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ artifact: 'udflib', user: 'bob' });
    expect(calls[1].url).toBe('/api/v1/grants?artifact=udflib');
  });
});
