// The server's problems with a definition (422, `errors[{path, message}]`), placed on the form: each
// path is the path of the field in the draft, and names the step of the form that holds it.

import { ApiError } from '../api/client';

export interface Problem {
  path: string;
  message: string;
}

export type StepKey = 'group' | 'sources' | 'preprocess' | 'storage' | 'metrics' | 'debug' | 'online';

/** The definition problems an error carries; other errors carry none. */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof ApiError)) return [];
  const raw = Array.isArray(error.body.errors) ? (error.body.errors as Record<string, unknown>[]) : [];
  return raw
    .map((e) => ({ path: String(e.path ?? e.field ?? '$'), message: String(e.message ?? '') }))
    .filter((p) => p.message !== '');
}

/** The step of the form a path is edited in. */
export function stepOf(path: string): StepKey {
  const head = path.split(/[.[]/)[0];
  switch (head) {
    case 'sources':
    case 'eventTime':
      return 'sources';
    case 'preprocess':
      return 'preprocess';
    case 'sinks':
      return 'storage';
    case 'metrics':
    case 'keys':
    case 'derived':
    case 'references':
      return 'metrics';
    default:
      return 'group';
  }
}

export class ProblemIndex {
  private readonly byPath = new Map<string, string[]>();
  readonly all: Problem[];

  constructor(problems: Problem[]) {
    this.all = problems;
    for (const p of problems) this.byPath.set(p.path, [...(this.byPath.get(p.path) ?? []), p.message]);
  }

  /** The messages at exactly this path. */
  at(path: string): string[] {
    return this.byPath.get(path) ?? [];
  }

  /** The messages at this path or inside it (`preprocess.enrich[0].key` holds `...key.merchant_id`). */
  under(path: string): string[] {
    return this.all.filter((p) => p.path === path || p.path.startsWith(path + '.') || p.path.startsWith(path + '[')).map((p) => p.message);
  }

  /** How many problems each step holds. */
  perStep(): Partial<Record<StepKey, number>> {
    const out: Partial<Record<StepKey, number>> = {};
    for (const p of this.all) out[stepOf(p.path)] = (out[stepOf(p.path)] ?? 0) + 1;
    return out;
  }
}
