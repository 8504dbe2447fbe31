// The one way the studio talks to the server: same origin, session cookie, CSRF header on changes,
// RFC 9457 problem details turned into ApiError with their field and line positions.

export interface ProblemItem {
  statement?: number;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  suggestions?: string[];
  field?: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemItem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : '';
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as ProblemItem[]) : [];
    this.body = body;
  }
}

function csrfToken(): string {
  const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export function loginUrl(): string {
  const here = window.location.pathname + window.location.search;
  return '/login?next=' + encodeURIComponent(here);
}

let onUnauthenticated: () => void = () => {
  if (!window.location.pathname.startsWith('/login')) window.location.assign(loginUrl());
};

/** Tests replace what a 401 does. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** `contentType` sends `body` as text as is (YAML, say) instead of as JSON. */
export async function request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  // A FormData body sets its own multipart Content-Type with the boundary.
  if (body !== undefined && !form) headers['Content-Type'] = contentType ?? 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['X-XSRF-TOKEN'] = csrfToken();
  let response: Response;
  try {
    response = await fetch(path.startsWith('/') ? path : '/api/v1/' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : form ? (body as FormData) : contentType ? String(body) : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'Server unreachable', detail: String(e) });
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.includes('/auth/login')) onUnauthenticated();
    const problem =
      parsed && typeof parsed === 'object'
        ? (parsed as Record<string, unknown>)
        : { title: `HTTP ${response.status}`, detail: typeof parsed === 'string' ? parsed : '' };
    throw new ApiError(response.status, problem);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** A multipart upload, with the same CSRF header as every other change. */
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  /** A text body sent as is with its content type, e.g. a YAML definition. */
  postText: <T>(path: string, text: string, contentType: string) => request<T>('POST', path, text, contentType),
};

/** A path segment for a job, metric group or cluster name. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
