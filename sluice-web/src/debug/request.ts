// The body of POST /api/v1/debug-runs built from what the dialog holds per source table.

import { generateRows, isInput } from './generate';
import { parseSample, SampleError } from './samples';
import { LIMITS, type DebugStart, type LimitName, type SourceTable } from './types';

/** How a source table is fed: as the script declares it, sample rows, generated rows, or live Kafka. */
export type SourceMode = 'declared' | 'json' | 'csv' | 'generate' | 'live';

export type LiveFrom = 'latest' | 'earliest' | 'timestamp';

export interface SourceInput {
  mode: SourceMode;
  /** The pasted rows (json and csv). */
  text: string;
  /** Rows to generate, and the seed that makes them. */
  count: number;
  seed: number;
  from: LiveFrom;
  /** Epoch milliseconds to read from when `from` is timestamp. */
  timestamp: number | null;
}

export type Limits = Record<LimitName, number>;

export const DEFAULT_LIMITS: Limits = {
  maxRowsPerStep: LIMITS.maxRowsPerStep.default,
  maxSeconds: LIMITS.maxSeconds.default,
  idleSeconds: LIMITS.idleSeconds.default,
};

/** Live input needs a Kafka table: the server moves only those to a start position of their own. */
export function canReadLive(table: SourceTable): boolean {
  return table.connector === 'kafka';
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** A few generated rows in the format the user pastes, as a start to edit. */
export function exampleText(table: SourceTable, format: 'json' | 'csv', count = 3): string {
  const rows = generateRows(table.columns, count, 1);
  if (format === 'json') return rows.map((r) => JSON.stringify(r)).join('\n');
  const names = table.columns.filter(isInput).map((c) => c.name);
  return [names.join(','), ...rows.map((r) => names.map((n) => csvCell(r[n])).join(','))].join('\n');
}

/** Sample rows to edit: example JSON rows of the table's columns (none without a table). */
export function defaultInput(table?: SourceTable): SourceInput {
  return { mode: 'json', text: table ? exampleText(table, 'json') : '', count: 10, seed: 1, from: 'latest', timestamp: null };
}

/** What is wrong with one table's input, and where (a line of its pasted rows). */
export class SourceInputError extends Error {
  readonly table: string;
  readonly line: number | null;
  constructor(table: string, line: number | null, message: string) {
    super(`${table}${line ? ` line ${line}` : ''}: ${message}`);
    this.table = table;
    this.line = line;
  }
}

export interface BuiltStart {
  body: DebugStart;
  /** Per sampled table, the line of the pasted text each row starts on (for the server's row numbers). */
  lines: Record<string, number[]>;
}

/** The run to start for `jobId`'s `script`; throws SourceInputError for input that cannot be sent. */
export function buildStart(
  jobId: number,
  script: string,
  tables: SourceTable[],
  inputs: Record<string, SourceInput>,
  limits: Limits,
): BuiltStart {
  const body: DebugStart = { jobId, script };
  const samples: NonNullable<DebugStart['samples']> = {};
  const live: NonNullable<DebugStart['live']> = {};
  const lines: Record<string, number[]> = {};
  for (const table of tables) {
    const input = inputs[table.name] ?? defaultInput(table);
    switch (input.mode) {
      case 'json':
      case 'csv': {
        const names = table.columns.filter(isInput).map((c) => c.name);
        try {
          const parsed = parseSample(input.text, input.mode, names);
          if (parsed.rows.length === 0) throw new SourceInputError(table.name, null, 'no sample rows: paste some, or choose another input');
          samples[table.name] = { format: 'json', rows: parsed.rows };
          lines[table.name] = parsed.lines;
        } catch (e) {
          if (e instanceof SampleError) throw new SourceInputError(table.name, e.line, e.message.replace(/^line \d+: /, ''));
          throw e;
        }
        break;
      }
      case 'generate': {
        if (!Number.isInteger(input.count) || input.count < 1)
          throw new SourceInputError(table.name, null, 'generate at least one row');
        samples[table.name] = { format: 'json', rows: generateRows(table.columns, input.count, input.seed) };
        break;
      }
      case 'live': {
        if (!canReadLive(table)) throw new SourceInputError(table.name, null, 'only a Kafka table can be read live');
        if (input.from === 'timestamp') {
          if (input.timestamp == null || !Number.isFinite(input.timestamp))
            throw new SourceInputError(table.name, null, 'choose the time to read from');
          live[table.name] = { from: String(Math.trunc(input.timestamp)) };
        } else live[table.name] = { from: input.from };
        break;
      }
      case 'declared':
        break;
    }
  }
  if (Object.keys(samples).length > 0) body.samples = samples;
  if (Object.keys(live).length > 0) body.live = live;
  for (const name of Object.keys(LIMITS) as LimitName[]) {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 1 || value > LIMITS[name].max)
      throw new SourceInputError(LIMITS[name].label, null, `between 1 and ${LIMITS[name].max}`);
    body[name] = value;
  }
  return { body, lines };
}
