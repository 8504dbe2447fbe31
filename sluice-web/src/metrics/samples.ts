// Sample events of a source: their JSON tree, the JSON path and a suggested name of each node, the
// type their values suggest, and whether two sources' fields line up.

import type { FieldDef } from './types';

export interface JsonNodeInfo {
  /** The JSON path the definition takes, e.g. `$.payer.id`, `$.items[0].sku`. */
  path: string;
  key: string;
  kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  /** The leaf's values across the samples (for type inference and the preview). */
  values: unknown[];
  children: JsonNodeInfo[];
  /** Why a node cannot be read by a JSON path of the definition, if so. */
  unreadable?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Array elements shown per array: enough to see their shape. */
const ARRAY_ITEMS = 3;

function kindOf(v: unknown): JsonNodeInfo['kind'] {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

/**
 * The merged tree of the sample events (objects only; other lines are skipped): a node per path
 * seen in any event, with the values seen there.
 */
export function jsonTree(events: unknown[]): JsonNodeInfo[] {
  const root: JsonNodeInfo = { path: '$', key: '$', kind: 'object', values: [], children: [] };
  const visit = (node: JsonNodeInfo, value: unknown) => {
    const kind = kindOf(value);
    if (node.kind === 'null' && kind !== 'null') node.kind = kind;
    if (kind === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const path = `${node.path}.${k}`;
        let child = node.children.find((c) => c.key === k);
        if (!child) {
          child = { path, key: k, kind: kindOf(v), values: [], children: [] };
          if (!IDENT.test(k) || node.unreadable) {
            child.unreadable = node.unreadable ?? `the key "${k}" is not a plain name, which a JSON path of a field cannot name`;
          }
          node.children.push(child);
        }
        visit(child, v);
      }
    } else if (kind === 'array') {
      (value as unknown[]).slice(0, ARRAY_ITEMS).forEach((v, i) => {
        const key = `[${i}]`;
        let child = node.children.find((c) => c.key === key);
        if (!child) {
          child = { path: `${node.path}${key}`, key, kind: kindOf(v), values: [], children: [] };
          if (node.unreadable) child.unreadable = node.unreadable;
          node.children.push(child);
        }
        visit(child, v);
      });
    } else {
      node.values.push(value);
    }
  };
  for (const e of events) if (kindOf(e) === 'object') visit(root, e);
  return root.children;
}

/** Every node of a tree, depth first. */
export function allNodes(tree: JsonNodeInfo[]): JsonNodeInfo[] {
  return tree.flatMap((n) => [n, ...allNodes(n.children)]);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export interface TypeGuess {
  /** The type the form fills in. */
  type: string;
  /** Other types that would read these values, the guess first. */
  suggestions: string[];
  /** Why, in a few words. */
  reason: string;
}

/** A DECIMAL wide enough for the numbers written as text, at least (18, 2). */
function decimalFor(texts: string[]): string {
  let int = 1;
  let frac = 0;
  for (const t of texts) {
    const [i, f = ''] = t.replace(/^[+-]/, '').split('.');
    int = Math.max(int, i.length);
    frac = Math.max(frac, f.length);
  }
  const scale = Math.max(2, frac);
  const precision = Math.min(38, Math.max(18, int + scale));
  return `DECIMAL(${precision}, ${Math.min(scale, precision)})`;
}

/** The type the values seen at a path suggest (nulls ignored; mixed values read as STRING). */
export function inferType(values: unknown[]): TypeGuess {
  const seen = values.filter((v) => v !== null && v !== undefined);
  if (seen.length === 0) return { type: 'STRING', suggestions: ['STRING'], reason: 'only nulls in the samples' };
  if (seen.every((v) => typeof v === 'boolean')) return { type: 'BOOLEAN', suggestions: ['BOOLEAN', 'STRING'], reason: 'true/false' };
  if (seen.every((v) => typeof v === 'number')) {
    const nums = seen as number[];
    if (nums.every((n) => Number.isInteger(n))) {
      // Epoch milliseconds of 2001..2286 have 13 digits.
      const epochMillis = nums.every((n) => n >= 1e12 && n < 1e13);
      return epochMillis
        ? { type: 'BIGINT', suggestions: ['BIGINT', 'TIMESTAMP_LTZ', 'TIMESTAMP'], reason: 'whole numbers that look like epoch milliseconds' }
        : { type: 'BIGINT', suggestions: ['BIGINT', 'INT', 'DOUBLE', 'DECIMAL(18, 2)'], reason: 'whole numbers' };
    }
    return { type: 'DOUBLE', suggestions: ['DOUBLE', 'DECIMAL(18, 2)'], reason: 'numbers with fractions' };
  }
  if (seen.every((v) => typeof v === 'string')) {
    const texts = seen as string[];
    if (texts.every((t) => NUMERIC_TEXT.test(t.trim()))) {
      return { type: 'DOUBLE', suggestions: ['DOUBLE', decimalFor(texts.map((t) => t.trim())), 'STRING'], reason: 'numbers written as text' };
    }
    if (texts.every((t) => ISO_INSTANT.test(t))) {
      return { type: 'TIMESTAMP', suggestions: ['TIMESTAMP', 'TIMESTAMP_LTZ', 'STRING'], reason: 'ISO-8601 times with a zone' };
    }
    if (texts.every((t) => ISO_DATE_TIME.test(t))) {
      return { type: 'TIMESTAMP', suggestions: ['TIMESTAMP', 'TIMESTAMP_LTZ', 'STRING'], reason: 'ISO-8601 dates or times' };
    }
    return { type: 'STRING', suggestions: ['STRING'], reason: 'text' };
  }
  return { type: 'STRING', suggestions: ['STRING'], reason: 'mixed values (objects, or several kinds)' };
}

/** A field name for a path, free among `taken`: `$.payer.id` → payer_id, `$.items[0].sku` → items_0_sku. */
export function nameForPath(path: string, taken: string[]): string {
  let base = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '_$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (!/^[a-z]/.test(base)) base = 'f_' + base;
  base = base.slice(0, 60);
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The field a click on a tree node adds: its path, a free name and the inferred type. */
export function fieldFor(node: JsonNodeInfo, taken: string[]): FieldDef {
  return { name: nameForPath(node.path, taken), path: node.path, type: inferType(node.values).type };
}

export interface Misalignment {
  source: string;
  field: string;
  problem: string;
}

/** Sources are unioned: each must have the first one's fields, with the same types. */
export function alignment(sources: { name: string; fields: FieldDef[] }[]): Misalignment[] {
  if (sources.length < 2) return [];
  const [first, ...rest] = sources;
  const norm = (t: string) => t.replace(/\s+/g, '').toUpperCase();
  const out: Misalignment[] = [];
  for (const other of rest) {
    for (const f of first.fields) {
      const match = other.fields.find((g) => g.name === f.name);
      if (!match) out.push({ source: other.name, field: f.name, problem: `has no field ${f.name} (${first.name} has it as ${f.type})` });
      else if (norm(match.type) !== norm(f.type))
        out.push({ source: other.name, field: f.name, problem: `reads ${f.name} as ${match.type}, ${first.name} as ${f.type}` });
    }
    for (const g of other.fields) {
      if (!first.fields.some((f) => f.name === g.name)) out.push({ source: other.name, field: g.name, problem: `has ${g.name}, which ${first.name} has not` });
    }
  }
  return out;
}

/** Pasted events: one per line as a topic holds them; lines that are not JSON stay as raw text. */
export function splitEvents(text: string): { lines: string[]; events: unknown[]; malformed: number } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  let malformed = 0;
  const events: unknown[] = [];
  for (const l of lines) {
    try {
      const v = JSON.parse(l);
      if (kindOf(v) === 'object') events.push(v);
      else malformed++;
    } catch {
      malformed++;
    }
  }
  return { lines, events, malformed };
}
