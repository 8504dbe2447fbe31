// Rows made up from a table's schema, for a debug run without real input. Deterministic: the same
// columns, count and seed give the same rows, so a run can be repeated and a test can pin values.
// Values are what Flink's `json` format reads for each type (SQL timestamp text, base64 bytes).

import type { SourceColumn } from './types';

/** A SQL type as Flink prints it, parsed: `DECIMAL(10, 2) NOT NULL`, `ARRAY<INT>`, `ROW<`a` INT>`. */
export interface SqlType {
  base: string;
  args: number[];
  nullable: boolean;
  /** *ROWTIME* or *PROCTIME* */
  timeAttribute: 'ROWTIME' | 'PROCTIME' | null;
  withLocalTimeZone: boolean;
  /** ARRAY and MULTISET: [element]; MAP: [key, value]; ROW: its fields. */
  children: { name: string; type: SqlType }[];
}

/** A small fast PRNG (mulberry32): numbers in [0, 1) from a 32-bit seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class TypeReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  private skip() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private peek(): string {
    this.skip();
    return this.text[this.pos] ?? '';
  }

  private word(): string {
    this.skip();
    if (this.text[this.pos] === '`') {
      const end = this.text.indexOf('`', this.pos + 1);
      const w = this.text.slice(this.pos + 1, end < 0 ? undefined : end);
      this.pos = end < 0 ? this.text.length : end + 1;
      return w;
    }
    const m = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos));
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  private keyword(expected: string): boolean {
    const save = this.pos;
    if (this.word().toUpperCase() === expected) return true;
    this.pos = save;
    return false;
  }

  type(): SqlType {
    let base = this.word().toUpperCase();
    const t: SqlType = { base, args: [], nullable: true, timeAttribute: null, withLocalTimeZone: false, children: [] };
    if (base === 'CHARACTER' && this.keyword('VARYING')) base = 'VARCHAR';
    if (base === 'DOUBLE') this.keyword('PRECISION');
    if (this.peek() === '(' && base !== 'ROW') {
      this.pos++;
      while (this.peek() !== ')' && this.pos < this.text.length) {
        this.skip();
        const m = /^\d+/.exec(this.text.slice(this.pos));
        if (m) {
          t.args.push(Number(m[0]));
          this.pos += m[0].length;
        } else this.pos++;
      }
      this.pos++;
    }
    if (base === 'ARRAY' || base === 'MULTISET' || base === 'MAP' || base === 'ROW') {
      const open = this.peek();
      if (open === '<' || open === '(') {
        const close = open === '<' ? '>' : ')';
        this.pos++;
        while (this.peek() !== close && this.pos < this.text.length) {
          let name = '';
          if (base === 'ROW') name = this.word();
          t.children.push({ name, type: this.type() });
          if (base === 'ROW' && this.peek() === "'") {
            // a field's description
            const end = this.text.indexOf("'", this.pos + 1);
            this.pos = end < 0 ? this.text.length : end + 1;
          }
          if (this.peek() === ',') this.pos++;
        }
        this.pos++;
      }
    }
    // Trailing words: WITH [LOCAL] TIME ZONE, WITHOUT TIME ZONE, NOT NULL, NULL, *ROWTIME*.
    for (;;) {
      const c = this.peek();
      if (c === '*') {
        const end = this.text.indexOf('*', this.pos + 1);
        const attr = this.text.slice(this.pos + 1, end < 0 ? undefined : end).toUpperCase();
        if (attr === 'ROWTIME' || attr === 'PROCTIME') t.timeAttribute = attr;
        this.pos = end < 0 ? this.text.length : end + 1;
        continue;
      }
      const save = this.pos;
      const w = this.word().toUpperCase();
      if (w === 'NOT' && this.keyword('NULL')) t.nullable = false;
      else if (w === 'NULL') t.nullable = true;
      else if (w === 'WITH') {
        if (this.keyword('LOCAL')) t.withLocalTimeZone = true;
        this.keyword('TIME');
        this.keyword('ZONE');
      } else if (w === 'WITHOUT') {
        this.keyword('TIME');
        this.keyword('ZONE');
      } else {
        this.pos = save;
        break;
      }
    }
    t.base = base === 'INTEGER' ? 'INT' : base === 'TIMESTAMP_LTZ' ? 'TIMESTAMP' : base;
    if (base === 'TIMESTAMP_LTZ') t.withLocalTimeZone = true;
    if (base === 'STRING') {
      t.base = 'VARCHAR';
      t.args = [2147483647];
    }
    if (base === 'BYTES') {
      t.base = 'VARBINARY';
      t.args = [2147483647];
    }
    return t;
  }
}

export function parseType(text: string): SqlType {
  return new TypeReader(text).type();
}

const EPOCH_2024 = Date.UTC(2024, 0, 1);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function timestampText(ms: number, precision: number): string {
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (precision <= 0) return text;
  return text + '.' + pad(d.getUTCMilliseconds(), 3).padEnd(precision, '0').slice(0, precision);
}

function toBase64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

/** Where each generated value comes from: the row's index (for time) and the PRNG. */
interface Context {
  next: () => number;
  row: number;
  column: string;
}

function int(ctx: Context, lo: number, hi: number): number {
  return lo + Math.floor(ctx.next() * (hi - lo + 1));
}

/** A value of `type` for row `ctx.row`; null for types without a JSON form (INTERVAL, RAW). */
export function generateValue(type: SqlType, ctx: Context): unknown {
  const [a0, a1] = type.args;
  switch (type.base) {
    case 'BOOLEAN':
      return ctx.next() < 0.5;
    case 'TINYINT':
      return int(ctx, 0, 127);
    case 'SMALLINT':
      return int(ctx, 0, 9999);
    case 'INT':
      return int(ctx, 1, 1000);
    case 'BIGINT':
      return int(ctx, 1, 100_000);
    case 'FLOAT':
    case 'REAL':
    case 'DOUBLE':
      return Math.round(ctx.next() * 100_000) / 100;
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC': {
      const precision = a0 ?? 10;
      const scale = a1 ?? 0;
      // At most four integer digits, never more than the precision leaves; digits one by one past
      // what a double holds exactly.
      const intDigits = Math.min(precision - scale, 4);
      const whole = intDigits > 0 ? int(ctx, 0, 10 ** intDigits - 1) : 0;
      const fraction = Array.from({ length: scale }, () => int(ctx, 0, 9)).join('');
      const text = scale === 0 ? String(whole) : `${whole}.${fraction}`;
      return precision <= 15 ? Number(text) : text;
    }
    case 'CHAR':
    case 'VARCHAR': {
      const max = a0 ?? 1;
      const text = `${ctx.column}_${int(ctx, 1, 50)}`;
      if (text.length <= max) return text;
      // A short code (CHAR(3) currency): capital letters.
      return Array.from({ length: Math.min(max, 16) }, () => String.fromCharCode(65 + int(ctx, 0, 25))).join('');
    }
    case 'BINARY':
    case 'VARBINARY': {
      const n = Math.min(a0 ?? 1, 4);
      return toBase64(Array.from({ length: n }, () => int(ctx, 0, 255)));
    }
    case 'DATE': {
      const d = new Date(EPOCH_2024 + int(ctx, 0, 365) * 86_400_000);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    }
    case 'TIME': {
      const s = int(ctx, 0, 86_399);
      return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    }
    case 'TIMESTAMP': {
      // One row a second from 2024-01-01 00:00:00 UTC: event time moves forward, so windows fire.
      const ms = EPOCH_2024 + ctx.row * 1000 + int(ctx, 0, 999);
      const text = timestampText(ms, a0 ?? 6);
      return type.withLocalTimeZone ? text + 'Z' : text;
    }
    case 'ARRAY': {
      const element = type.children[0]?.type;
      if (!element) return [];
      return Array.from({ length: int(ctx, 1, 3) }, () => generateValue(element, ctx));
    }
    case 'MULTISET': {
      const element = type.children[0]?.type;
      return element ? { [String(generateValue(element, ctx))]: 1 } : {};
    }
    case 'MAP': {
      const [k, v] = type.children;
      if (!k || !v) return {};
      const map: Record<string, unknown> = {};
      const n = int(ctx, 1, 2);
      for (let i = 0; i < n; i++) map[String(generateValue(k.type, ctx))] = generateValue(v.type, ctx);
      return map;
    }
    case 'ROW': {
      const row: Record<string, unknown> = {};
      type.children.forEach((f, i) => {
        row[f.name || `f${i}`] = generateValue(f.type, { ...ctx, column: f.name || `f${i}` });
      });
      return row;
    }
    default:
      return null;
  }
}

/** Whether a column is part of a sample row (computed and processing-time columns are not). */
export function isInput(column: SourceColumn): boolean {
  return !column.computed && parseType(column.type).timeAttribute !== 'PROCTIME';
}

/** `count` rows for `columns`, one object per row keyed by column name. */
export function generateRows(columns: SourceColumn[], count: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const inputs = columns.filter(isInput).map((c) => ({ name: c.name, type: parseType(c.type) }));
  const rows: Record<string, unknown>[] = [];
  for (let row = 0; row < count; row++) {
    const values: Record<string, unknown> = {};
    for (const c of inputs) values[c.name] = generateValue(c.type, { next, row, column: c.name });
    rows.push(values);
  }
  return rows;
}
