// What jsdom lacks for antd and xyflow to render in component tests.
import { vi } from 'vitest';

export function installDomShims(): void {
  class ResizeObserverShim {
    private readonly cb: ResizeObserverCallback;
    constructor(cb: ResizeObserverCallback) {
      this.cb = cb;
    }
    observe(target: Element) {
      this.cb([{ target, contentRect: { width: 1000, height: 600 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal('ResizeObserver', ResizeObserverShim);
  if (!('DOMMatrixReadOnly' in window)) {
    class DOMMatrixReadOnlyShim {
      m22: number;
      constructor(transform?: string) {
        const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
        this.m22 = scale !== undefined ? +scale : 1;
      }
    }
    vi.stubGlobal('DOMMatrixReadOnly', DOMMatrixReadOnlyShim);
  }
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { configurable: true, get: () => 600 },
    offsetWidth: { configurable: true, get: () => 1000 },
  });
}

export interface FakeCall {
  method: string;
  url: string;
  body: unknown;
}

/** A fetch answering by "METHOD path" (path with query), recording every call. */
export function fakeFetch(routes: Record<string, (body: unknown) => unknown>): FakeCall[] {
  const calls: FakeCall[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const route = routes[`${method} ${url}`] ?? routes[`${method} ${url.split('?')[0]}`];
    if (!route) return new Response(JSON.stringify({ title: 'Not found', detail: url }), { status: 404 });
    try {
      return new Response(JSON.stringify(route(body)), { status: 200, headers: { 'Content-Type': 'application/json' } });
    } catch (e) {
      const p = e as { status?: number; problem?: unknown };
      return new Response(JSON.stringify(p.problem ?? { title: String(e) }), { status: p.status ?? 500, headers: { 'Content-Type': 'application/problem+json' } });
    }
  });
  return calls;
}

/** Thrown inside a fake route to answer with a problem. */
export function problem(status: number, body: Record<string, unknown>): never {
  throw Object.assign(new Error(String(body.title)), { status, problem: body });
}
