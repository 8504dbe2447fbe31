import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../graph/testEnv';
import { useJob } from './jobs';

describe('useJob', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('looks the name up once and then refreshes the job by its id', async () => {
    let state = 'SUBMITTING';
    const calls = fakeFetch({
      'GET /api/v1/jobs?name=orders': () => [{ id: 7, name: 'orders' }],
      'GET /api/v1/jobs/7': () => ({ id: 7, name: 'orders', state }),
    });
    const { result } = renderHook(() => useJob('orders'));
    await waitFor(() => expect(result.current.job?.state).toBe('SUBMITTING'));
    state = 'RUNNING';
    await result.current.reload();
    await waitFor(() => expect(result.current.job?.state).toBe('RUNNING'));
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/jobs?name=orders', '/api/v1/jobs/7', '/api/v1/jobs/7']);
  });

  it('says when no job has the name', async () => {
    fakeFetch({ 'GET /api/v1/jobs?name=nope': () => [] });
    const { result } = renderHook(() => useJob('nope'));
    await waitFor(() => expect(result.current.error?.status).toBe(404));
    expect(result.current.error?.detail).toBe("no job named 'nope'");
  });
});
