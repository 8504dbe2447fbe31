// What a script does with its tables, read from its text: which tables an INSERT writes (sinks),
// which ones a query names (reads), and for each CREATE TABLE its columns (computed or metadata)
// and connector. The server's table list (POST /api/v1/sql/tables) gives the resolved columns;
// this adds what only the text says, and stands in for it when the server cannot answer.

import type { DeclaredTable, SourceColumn, SourceTable } from './types';

/** The script with comments blanked (`code`) and also string contents blanked (`masked`); same length. */
export function mask(script: string): { code: string; masked: string } {
  let code = '';
  let masked = '';
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      const part = script.slice(i, end < 0 ? undefined : end);
      code += blank(part);
      masked += blank(part);
      i += part.length;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      const part = script.slice(i, end < 0 ? undefined : end + 2);
      code += blank(part);
      masked += blank(part);
      i += part.length;
    } else if (c === "'" || c === '`' || c === '"') {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === c) {
          if (script[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      const part = script.slice(i, j + 1);
      code += part;
      // Quoted identifiers stay: they name tables. String literals do not.
      masked += c === "'" ? "'" + blank(part.slice(1, -1)) + (part.length > 1 ? "'" : '') : part;
      i += part.length;
    } else {
      code += c;
      masked += c;
      i++;
    }
  }
  return { code, masked };
}

export interface StatementText {
  /** 1-based, as the server numbers statements. */
  number: number;
  start: number;
  end: number;
}

/** Statements split at top-level semicolons (an EXECUTE STATEMENT SET block counts its INSERTs apart). */
export function statements(masked: string): StatementText[] {
  const out: StatementText[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= masked.length; i++) {
    const c = masked[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (i === masked.length || (c === ';' && depth === 0)) {
      if (masked.slice(start, i).trim()) out.push({ number: out.length + 1, start, end: i });
      start = i + 1;
    }
  }
  return out;
}

const IDENT = '(?:`(?:[^`]|``)+`|[A-Za-z_$][\\w$]*)';
const QUALIFIED = `${IDENT}(?:\\s*\\.\\s*${IDENT})*`;

/** The object name of a possibly qualified identifier: `cat`.db.`orders` is orders. */
export function objectName(qualified: string): string {
  const parts = qualified.match(new RegExp(IDENT, 'g')) ?? [qualified];
  const last = parts[parts.length - 1];
  return last.startsWith('`') ? last.slice(1, -1).replace(/``/g, '`') : last;
}

function splitTopLevel(text: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let angles = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    // ARRAY<INT, ...>, MAP<K, V>: a comparison in a computed column is not a bracket.
    else if (c === '<' && /(ARRAY|MAP|MULTISET|ROW)\s*$/i.test(text.slice(0, i))) angles++;
    else if (c === '>' && angles > 0) angles--;
    if (i === text.length || (c === ',' && depth === 0 && angles === 0)) {
      parts.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
  }
  return parts;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

export interface CreatedTable {
  name: string;
  statement: number;
  line: number;
  connector: string | null;
  columns: SourceColumn[];
  /** CREATE TABLE .. AS SELECT: the table is written by its own query. */
  asSelect: boolean;
  start: number;
  end: number;
}

const CREATE_TABLE = new RegExp(
  `^\\s*CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(${QUALIFIED})`,
  'i',
);

/** The script's CREATE TABLE statements with their columns, as written. */
export function createdTables(script: string): CreatedTable[] {
  const { code, masked } = mask(script);
  const out: CreatedTable[] = [];
  for (const s of statements(masked)) {
    const text = masked.slice(s.start, s.end);
    const m = CREATE_TABLE.exec(text);
    if (!m) continue;
    const name = objectName(m[1]);
    const afterName = m[0].length;
    const columns: SourceColumn[] = [];
    let rest = afterName;
    const open = text.slice(afterName).search(/\S/);
    if (open >= 0 && text[afterName + open] === '(') {
      const from = afterName + open;
      const to = closingParen(text, from);
      rest = to + 1;
      for (const part of splitTopLevel(code.slice(s.start + from + 1, s.start + to))) {
        const def = part.text.trim();
        if (!def || /^(WATERMARK|PRIMARY|CONSTRAINT|UNIQUE|PERIOD|LIKE)\b/i.test(def)) continue;
        const cm = new RegExp(`^(${IDENT})\\s*([\\s\\S]*)$`).exec(def);
        if (!cm) continue;
        const colName = objectName(cm[1]);
        const body = cm[2].trim();
        if (/^AS\b/i.test(body)) {
          columns.push({ name: colName, type: '', computed: true, metadata: false });
          continue;
        }
        const metadata = /\bMETADATA\b/i.test(body);
        const type = body.split(/\s+(?:METADATA|COMMENT|PRIMARY|NOT\s+ENFORCED|VIRTUAL)\b/i)[0].trim();
        columns.push({ name: colName, type, computed: false, metadata });
      }
    }
    const tail = text.slice(rest);
    const asSelect = /\bAS\s*(?:\(\s*)?(?:SELECT|WITH|VALUES)\b/i.test(tail);
    const withClause = /\bWITH\s*\(/i.exec(tail);
    let connector: string | null = null;
    if (withClause) {
      const optsFrom = rest + withClause.index + withClause[0].length - 1;
      const opts = code.slice(s.start + optsFrom, s.start + closingParen(text, optsFrom));
      const cm = /'connector'\s*=\s*'([^']*)'/i.exec(opts);
      if (cm) connector = cm[1];
    }
    const line = script.slice(0, s.start + (text.length - text.trimStart().length)).split('\n').length;
    out.push({ name, statement: s.number, line, connector, columns, asSelect, start: s.start, end: s.end });
  }
  return out;
}

/** Tables the script writes (INSERT INTO / OVERWRITE targets, CREATE TABLE AS), by object name in lower case. */
export function sinkNames(script: string): Set<string> {
  const { masked } = mask(script);
  const sinks = new Set<string>();
  const insert = new RegExp(`\\bINSERT\\s+(?:INTO|OVERWRITE)\\s+(${QUALIFIED})`, 'gi');
  for (const m of masked.matchAll(insert)) sinks.add(objectName(m[1]).toLowerCase());
  for (const t of createdTables(script)) if (t.asSelect) sinks.add(t.name.toLowerCase());
  return sinks;
}

/**
 * Names a query of the script mentions, in lower case: every identifier outside the CREATE TABLE
 * statements that declare tables (a CREATE TABLE AS counts from its AS on) and outside INSERT
 * targets. A column that shares a table's name counts too: a table is rather offered than missed.
 */
export function readNames(script: string): Set<string> {
  const { masked } = mask(script);
  let text = masked;
  const blankRange = (from: number, to: number) => {
    text = text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
  };
  for (const t of createdTables(script)) {
    if (!t.asSelect) blankRange(t.start, t.end);
    else {
      const as = /\bAS\s*(?:\(\s*)?(?:SELECT|WITH|VALUES)\b/i.exec(text.slice(t.start, t.end));
      blankRange(t.start, as ? t.start + as.index : t.end);
    }
  }
  const insert = new RegExp(`\\bINSERT\\s+(?:INTO|OVERWRITE)\\s+${QUALIFIED}`, 'gi');
  for (const m of [...text.matchAll(insert)]) blankRange(m.index, m.index + m[0].length);
  const names = new Set<string>();
  for (const m of text.matchAll(new RegExp(QUALIFIED, 'g'))) names.add(objectName(m[0]).toLowerCase());
  return names;
}

const TABLE_KINDS = new Set(['TABLE', 'TEMPORARY_TABLE']);

/**
 * The tables a debug run can feed: declared by the script (not a catalog's), read by one of its
 * queries and written by none. `declared` is the server's list; without it, the script's own text.
 */
export function sourceTables(script: string, declared?: DeclaredTable[] | null): SourceTable[] {
  const created = createdTables(script);
  const sinks = sinkNames(script);
  const reads = readNames(script);
  const byName = new Map(created.map((t) => [t.name.toLowerCase(), t]));
  const candidates: SourceTable[] = declared
    ? declared
        .filter((t) => TABLE_KINDS.has(t.kind) && t.statement > 0)
        .map((t) => {
          const written = byName.get(t.name.toLowerCase());
          const flags = new Map((written?.columns ?? []).map((c) => [c.name.toLowerCase(), c]));
          return {
            name: t.name,
            statement: t.statement,
            line: t.line,
            connector: t.connector ?? written?.connector ?? null,
            columns: t.columns.map((c) => ({
              name: c.name,
              type: c.type,
              // The server says where a column comes from; the script text only when it does not.
              computed: c.kind ? c.kind === 'COMPUTED' : (flags.get(c.name.toLowerCase())?.computed ?? false),
              metadata: c.kind ? c.kind === 'METADATA' : (flags.get(c.name.toLowerCase())?.metadata ?? false),
            })),
          };
        })
    : created.map((t) => ({ name: t.name, statement: t.statement, line: t.line, connector: t.connector, columns: t.columns }));
  return candidates.filter((t) => !sinks.has(t.name.toLowerCase()) && reads.has(t.name.toLowerCase()));
}
