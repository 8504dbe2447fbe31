// Sample rows as the user pastes them: a JSON array of objects, JSON lines, or CSV with a header row.
// Each parses to one object per row keyed by column name (sent with the `json` format, which reads
// by name, so a CSV's columns may come in any order), with the line each row starts on, so that a
// problem, here or from the server, can point at the line the user wrote.

export type SampleFormat = 'json' | 'csv';

export interface ParsedSample {
  rows: Record<string, unknown>[];
  /** The 1-based line of the text where each row starts. */
  lines: number[];
}

/** Sample text that cannot be read, and the 1-based line where it goes wrong. */
export class SampleError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** The line a JSON.parse error names: "(line 3 column 5)" in newer engines, else "at position 42". */
function jsonErrorLine(text: string, e: unknown, offset: number): { line: number; message: string } {
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '');
  const lc = /line (\d+) column \d+/.exec(raw);
  if (lc) return { line: lineAt(text, offset) + Number(lc[1]) - 1, message };
  const pos = /position (\d+)/.exec(raw);
  if (pos) return { line: lineAt(text, offset + Number(pos[1])), message };
  return { line: lineAt(text, offset), message };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where each element of a top-level JSON array starts and ends (for line numbers). */
function arrayElements(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let inString = false;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && open < 0 && !/[\s,\]]/.test(c)) open = i;
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (depth === 1 && open >= 0) {
        spans.push({ start: open, end: i });
        open = -1;
      }
      depth--;
    } else if (c === ',' && depth === 1 && open >= 0) {
      spans.push({ start: open, end: i });
      open = -1;
    }
  }
  if (open >= 0) spans.push({ start: open, end: text.length });
  return spans;
}

/** A JSON array of objects, or one JSON object per line (blank lines are skipped). */
export function parseJsonSample(text: string): ParsedSample {
  const start = text.search(/\S/);
  if (start < 0) return { rows: [], lines: [] };
  if (text[start] === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      // Engines differ in whether they say where: parse element by element to find the one that is wrong.
      for (const span of arrayElements(text)) {
        try {
          JSON.parse(text.slice(span.start, span.end));
        } catch (inner) {
          const { line, message } = jsonErrorLine(text, inner, span.start);
          throw new SampleError(line, `not JSON: ${message}`);
        }
      }
      const { line, message } = jsonErrorLine(text, e, 0);
      throw new SampleError(line, `not JSON: ${message}`);
    }
    if (!Array.isArray(parsed)) throw new SampleError(lineAt(text, start), 'not a JSON array');
    const items = parsed as unknown[];
    const lines = arrayElements(text).map((span) => lineAt(text, span.start));
    items.forEach((item, i) => {
      if (!isObject(item)) throw new SampleError(lines[i] ?? 1, `row ${i + 1} is not an object of column values`);
    });
    return { rows: items as Record<string, unknown>[], lines: lines.slice(0, items.length) };
  }
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, i) => {
    const lineOffset = offset;
    offset += raw.length + 1;
    const line = raw.trim();
    if (!line) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      const { message } = jsonErrorLine(text, e, lineOffset);
      throw new SampleError(i + 1, `not JSON: ${message}`);
    }
    if (!isObject(parsed)) throw new SampleError(i + 1, 'a JSON line is an object of column values');
    rows.push(parsed);
    lines.push(i + 1);
  });
  return { rows, lines };
}

interface CsvRecord {
  line: number;
  cells: (string | null)[];
}

/** RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks; an empty unquoted cell is null. */
function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: (string | null)[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let recordLine = 1;
  let blank = true;
  const endCell = () => {
    cells.push(wasQuoted || cell !== '' ? cell : null);
    cell = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    if (!(blank && cells.length === 1 && cells[0] === null)) records.push({ line: recordLine, cells });
    cells = [];
    blank = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell.trim() !== '') throw new SampleError(line, 'a quote inside an unquoted cell; quote the whole cell');
      cell = '';
      quoted = true;
      wasQuoted = true;
      blank = false;
    } else if (c === ',') {
      endCell();
      blank = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (wasQuoted) {
      if (c.trim() !== '') throw new SampleError(line, 'text after a closing quote; a quote inside a quoted cell is written ""');
    } else {
      cell += c;
      if (c.trim() !== '') blank = false;
    }
  }
  if (quoted) throw new SampleError(recordLine, 'a quoted cell is not closed');
  endRecord();
  return records;
}

/**
 * CSV with a header row naming the columns. With `columns`, a header naming no column of the table
 * is refused here, at its line, rather than by the server.
 */
export function parseCsvSample(text: string, columns?: string[]): ParsedSample {
  const records = csvRecords(text);
  if (records.length === 0) return { rows: [], lines: [] };
  const [header, ...data] = records;
  const names = header.cells.map((c) => (c ?? '').trim());
  names.forEach((n, i) => {
    if (!n) throw new SampleError(header.line, `column ${i + 1} of the header row has no name`);
    if (names.indexOf(n) !== i) throw new SampleError(header.line, `the header row names ${n} twice`);
    if (columns && !columns.includes(n))
      throw new SampleError(header.line, `the table has no column ${n}; its columns are ${columns.join(', ')}`);
  });
  const rows = data.map((r) => {
    if (r.cells.length !== names.length)
      throw new SampleError(r.line, `${r.cells.length} cells, the header row names ${names.length} columns`);
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => (row[n] = r.cells[i]));
    return row;
  });
  return { rows, lines: data.map((r) => r.line) };
}

export function parseSample(text: string, format: SampleFormat, columns?: string[]): ParsedSample {
  return format === 'csv' ? parseCsvSample(text, columns) : parseJsonSample(text);
}
