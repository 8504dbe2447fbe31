// For component tests: a fetch that answers by route and records what was sent, and what antd needs of jsdom.
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { SessionContext } from '../api/session';
import type { Me } from '../api/types';

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

export type Answer = { status?: number; body?: unknown } | ((call: Call) => { status?: number; body?: unknown });

/** Routes are `METHOD path-prefix`; the longest matching prefix answers. Unrouted calls are 404. */
export function mockFetch(routes: Record<string, Answer>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const call: Call = { method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(call);
      const key = Object.keys(routes)
        .filter((k) => {
          const [m, p] = k.split(' ');
          return m === method && url.startsWith(p);
        })
        .sort((a, b) => b.length - a.length)[0];
      const route = key ? routes[key] : { status: 404, body: { title: 'Not Found', detail: `no route ${method} ${url}` } };
      const answer = typeof route === 'function' ? route(call) : route;
      const status = answer.status ?? 200;
      const type = status >= 400 ? 'application/problem+json' : 'application/json';
      return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), { status, headers: { 'Content-Type': type } });
    }),
  );
  return calls;
}

/** antd asks for resize observers, which jsdom does not have (media queries: src/test-setup.ts). */
export function installResizeObserver() {
  if (!('ResizeObserver' in window))
    Object.defineProperty(window, 'ResizeObserver', {
      writable: true,
      value: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
}

export const OPERATOR: Me = { username: 'ana', admin: false, projects: [{ project: 'risk', role: 'operator' }], token: null };

export function Session({ me = OPERATOR, children }: { me?: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}
