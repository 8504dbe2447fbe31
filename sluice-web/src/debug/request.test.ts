import { describe, expect, it } from 'vitest';
import { generateRows } from './generate';
import { buildStart, DEFAULT_LIMITS, defaultInput, SourceInputError, type SourceInput } from './request';
import type { SourceTable } from './types';

const payments: SourceTable = {
  name: 'payments',
  statement: 1,
  line: 1,
  connector: 'kafka',
  columns: [
    { name: 'id', type: 'BIGINT', computed: false, metadata: false },
    { name: 'amount', type: 'DECIMAL(10, 2)', computed: false, metadata: false },
    { name: 'proc', type: 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*', computed: true, metadata: false },
  ],
};
const merchants: SourceTable = {
  name: 'merchants',
  statement: 2,
  line: 9,
  connector: 'jdbc',
  columns: [
    { name: 'id', type: 'BIGINT', computed: false, metadata: false },
    { name: 'name', type: 'STRING', computed: false, metadata: false },
  ],
};
const input = (patch: Partial<SourceInput>): SourceInput => ({ ...defaultInput(), ...patch });

describe('buildStart', () => {
  it('sends pasted CSV and JSON rows as json objects, with the limits', () => {
    const { body, lines } = buildStart(
      7,
      'SCRIPT',
      [payments, merchants],
      {
        payments: input({ mode: 'json', text: '{"id": 1, "amount": 9.5}\n\n{"id": 2, "amount": 1}' }),
        merchants: input({ mode: 'csv', text: 'name,id\n"Ana, Inc",1\n' }),
      },
      { maxRowsPerStep: 200, maxSeconds: 60, idleSeconds: 30 },
    );
    expect(body).toEqual({
      jobId: 7,
      script: 'SCRIPT',
      samples: {
        payments: { format: 'json', rows: [{ id: 1, amount: 9.5 }, { id: 2, amount: 1 }] },
        merchants: { format: 'json', rows: [{ name: 'Ana, Inc', id: '1' }] },
      },
      maxRowsPerStep: 200,
      maxSeconds: 60,
      idleSeconds: 30,
    });
    expect(lines).toEqual({ payments: [1, 3], merchants: [2] });
  });

  it('sends generated rows of the input columns and live starts', () => {
    const { body } = buildStart(
      7,
      'S',
      [payments, merchants],
      { payments: input({ mode: 'live', from: 'timestamp', timestamp: 1733097600000 }), merchants: input({ mode: 'generate', count: 2, seed: 5 }) },
      DEFAULT_LIMITS,
    );
    expect(body).toEqual({
      jobId: 7,
      script: 'S',
      samples: { merchants: { format: 'json', rows: generateRows(merchants.columns, 2, 5) } },
      live: { payments: { from: '1733097600000' } },
      maxRowsPerStep: 1000,
      maxSeconds: 180,
      idleSeconds: 60,
    });
    expect(Object.keys((body.samples!.merchants.rows as object[])[0])).toEqual(['id', 'name']);
    const earliest = buildStart(7, 'S', [payments], { payments: input({ mode: 'live', from: 'earliest' }) }, DEFAULT_LIMITS);
    expect(earliest.body.live).toEqual({ payments: { from: 'earliest' } });
  });

  it('sends nothing for a table read as declared', () => {
    const { body } = buildStart(1, 'S', [merchants], { merchants: input({ mode: 'declared' }) }, DEFAULT_LIMITS);
    expect(body).toEqual({ jobId: 1, script: 'S', maxRowsPerStep: 1000, maxSeconds: 180, idleSeconds: 60 });
  });

  it('refuses input it cannot send, naming the table and line', () => {
    const fail = (tables: SourceTable[], inputs: Record<string, SourceInput>, limits = DEFAULT_LIMITS) => {
      try {
        buildStart(1, 'S', tables, inputs, limits);
      } catch (e) {
        if (e instanceof SourceInputError) return [e.table, e.line, e.message];
        throw e;
      }
      return null;
    };
    expect(fail([merchants], { merchants: input({ mode: 'csv', text: 'id,name\n1\n' }) })).toEqual([
      'merchants',
      2,
      'merchants line 2: 1 cells, the header row names 2 columns',
    ]);
    expect(fail([merchants], { merchants: input({ mode: 'json', text: '' }) })).toEqual([
      'merchants',
      null,
      'merchants: no sample rows: paste some, or choose another input',
    ]);
    expect(fail([merchants], { merchants: input({ mode: 'live' }) })).toEqual(['merchants', null, 'merchants: only a Kafka table can be read live']);
    expect(fail([payments], { payments: input({ mode: 'live', from: 'timestamp' }) })).toEqual([
      'payments',
      null,
      'payments: choose the time to read from',
    ]);
    expect(fail([merchants], { merchants: input({ mode: 'generate', count: 0 }) })?.[2]).toBe('merchants: generate at least one row');
    expect(fail([], {}, { ...DEFAULT_LIMITS, maxSeconds: 3601 })?.[2]).toBe('Run for at most: between 1 and 3600');
  });
});
