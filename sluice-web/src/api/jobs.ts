import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, seg } from './client';
import type { Job } from './types';

/** The job a page's URL names, with its live state; `reload` fetches it again. */
export function useJob(name: string | undefined, refreshMs?: number) {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const alive = useRef(true);
  // The name is looked up once; every refresh after that asks for the job by its id.
  const idOf = useRef<{ name: string; id: number } | null>(null);

  const reload = useCallback(async () => {
    if (!name) return;
    try {
      let id = idOf.current?.name === name ? idOf.current.id : null;
      if (id === null) {
        const found = await api.get<Job[]>('/api/v1/jobs?name=' + seg(name));
        if (found.length === 0) throw new ApiError(404, { title: 'Not found', detail: `no job named '${name}'` });
        id = found[0].id;
        idOf.current = { name, id };
      }
      const live = await api.get<Job>('/api/v1/jobs/' + id);
      if (alive.current) {
        setJob(live);
        setError(null);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) idOf.current = null; // gone: look the name up again
      if (alive.current) setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      if (alive.current) setLoading(false);
    }
  }, [name]);

  useEffect(() => {
    alive.current = true;
    setLoading(true);
    reload();
    let timer: ReturnType<typeof setInterval> | undefined;
    if (refreshMs) timer = setInterval(reload, refreshMs);
    return () => {
      alive.current = false;
      if (timer) clearInterval(timer);
    };
  }, [reload, refreshMs]);

  return { job, error, loading, reload };
}

/** Milliseconds as "3d 4h", "5m 12s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s % 60}s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
}
