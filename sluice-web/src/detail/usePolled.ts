import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Data fetched when `key` changes and again every `intervalMs` (none when null); polling stops when
 * the component unmounts, and an answer that arrives after a newer request started is dropped.
 */
export function usePolled<T>(fetch: (() => Promise<T>) | null, key: string, intervalMs: number | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const reload = useCallback(async () => {
    const f = fetchRef.current;
    if (!f) return;
    const mine = ++seq.current;
    try {
      const d = await f();
      if (mine === seq.current) {
        setData(d);
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setData(null);
    setError(null);
    setLoading(true);
    reload();
    return () => {
      seq.current++;
    };
  }, [key, reload]);

  useEffect(() => {
    if (!intervalMs) return;
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [key, intervalMs, reload]);

  return { data, error, loading, reload };
}
