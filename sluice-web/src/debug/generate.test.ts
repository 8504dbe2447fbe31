import { describe, expect, it } from 'vitest';
import { generateRows, isInput, parseType, random } from './generate';
import type { SourceColumn } from './types';

const col = (name: string, type: string, computed = false): SourceColumn => ({ name, type, computed, metadata: false });

const payments = [
  col('id', 'BIGINT NOT NULL'),
  col('amount', 'DECIMAL(10, 2)'),
  col('currency', 'CHAR(3)'),
  col('merchant', 'STRING'),
  col('ok', 'BOOLEAN'),
  col('day', 'DATE'),
  col('ts', 'TIMESTAMP(3) *ROWTIME*'),
  col('proc', 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*'),
  col('total', 'DECIMAL(11, 2)', true),
];

describe('generateRows', () => {
  it('makes the same rows from the same seed, exactly these for seed 7', () => {
    const rows = generateRows(payments, 3, 7);
    expect(rows).toEqual([
      { id: 1171, amount: 619.96, currency: 'KMG', merchant: 'merchant_28', ok: false, day: '2024-04-04', ts: '2024-01-01 00:00:00.155' },
      { id: 76409, amount: 5184.13, currency: 'NHZ', merchant: 'merchant_13', ok: false, day: '2024-03-10', ts: '2024-01-01 00:00:01.143' },
      { id: 15465, amount: 2909.57, currency: 'XOQ', merchant: 'merchant_35', ok: false, day: '2024-08-16', ts: '2024-01-01 00:00:02.921' },
    ]);
    expect(generateRows(payments, 3, 7)).toEqual(rows);
    expect(generateRows(payments, 3, 8)).not.toEqual(rows);
  });

  it('leaves out computed and processing-time columns', () => {
    expect(Object.keys(generateRows(payments, 1, 1)[0])).toEqual(['id', 'amount', 'currency', 'merchant', 'ok', 'day', 'ts']);
    expect(payments.filter(isInput).map((c) => c.name)).not.toContain('proc');
  });

  it('gives every type a value that fits it', () => {
    const columns = [
      col('tiny', 'TINYINT'),
      col('small', 'SMALLINT'),
      col('n', 'INTEGER'),
      col('big', 'BIGINT'),
      col('d', 'DOUBLE'),
      col('money', 'DECIMAL(10, 2)'),
      col('ratio', 'DECIMAL(5, 5)'),
      col('wide', 'DECIMAL(38, 18)'),
      col('whole', 'DECIMAL'),
      col('short', 'VARCHAR(5)'),
      col('text', 'VARCHAR(2147483647)'),
      col('flag', 'BOOLEAN NOT NULL'),
      col('day', 'DATE'),
      col('at', 'TIME(0)'),
      col('ts0', 'TIMESTAMP(0)'),
      col('ts', 'TIMESTAMP(3)'),
      col('lts', 'TIMESTAMP_LTZ(3)'),
      col('lts2', 'TIMESTAMP(6) WITH LOCAL TIME ZONE'),
      col('raw', 'BYTES'),
      col('tags', 'ARRAY<INT>'),
      col('attrs', 'MAP<STRING, BIGINT>'),
      col('addr', 'ROW<`city` STRING, `zip` INT>'),
    ];
    const rows = generateRows(columns, 200, 3);
    let lastTs = '';
    for (const r of rows) {
      expect(r.tiny as number).toBeGreaterThanOrEqual(0);
      expect(r.tiny as number).toBeLessThanOrEqual(127);
      expect(Number.isInteger(r.small) && (r.small as number) <= 32767).toBe(true);
      expect(Number.isInteger(r.n)).toBe(true);
      expect(Number.isSafeInteger(r.big)).toBe(true);
      expect(typeof r.d).toBe('number');
      expect(String(r.money)).toMatch(/^\d{1,8}(\.\d{1,2})?$/);
      expect(String(r.ratio)).toMatch(/^0(\.\d{1,5})?$/);
      expect(r.wide).toMatch(/^\d{1,4}\.\d{18}$/);
      expect(Number.isInteger(r.whole)).toBe(true);
      expect((r.short as string).length).toBeLessThanOrEqual(5);
      expect(r.text).toMatch(/^text_\d+$/);
      expect(typeof r.flag).toBe('boolean');
      expect(r.day).toMatch(/^2024-\d\d-\d\d$|^2025-01-01$/);
      expect(r.at).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(r.ts0).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(r.ts).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(r.lts).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(r.lts2).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}000Z$/);
      expect(atob(r.raw as string).length).toBe(4);
      expect(Array.isArray(r.tags) && (r.tags as unknown[]).every(Number.isInteger)).toBe(true);
      expect(Object.values(r.attrs as object).every(Number.isInteger)).toBe(true);
      expect(Object.keys(r.addr as object)).toEqual(['city', 'zip']);
      // Event time moves forward row by row, so windows fire.
      expect((r.ts as string) > lastTs).toBe(true);
      lastTs = r.ts as string;
    }
    expect(rows[199].ts).toMatch(/^2024-01-01 00:03:19\.\d{3}$/);
    expect(new Set(rows.map((r) => r.flag))).toEqual(new Set([true, false]));
  });
});

describe('parseType', () => {
  it('reads Flink type strings with nesting, nullability and time attributes', () => {
    const t = parseType('ROW<`a` INT NOT NULL, `b` ARRAY<TIMESTAMP(3) WITH LOCAL TIME ZONE>> NOT NULL');
    expect(t.base).toBe('ROW');
    expect(t.nullable).toBe(false);
    expect(t.children.map((c) => [c.name, c.type.base, c.type.nullable])).toEqual([
      ['a', 'INT', false],
      ['b', 'ARRAY', true],
    ]);
    expect(t.children[1].type.children[0].type).toMatchObject({ base: 'TIMESTAMP', args: [3], withLocalTimeZone: true });
    expect(parseType('DECIMAL(10, 2)')).toMatchObject({ base: 'DECIMAL', args: [10, 2] });
    expect(parseType('TIMESTAMP(3) *ROWTIME*')).toMatchObject({ base: 'TIMESTAMP', timeAttribute: 'ROWTIME' });
    expect(parseType('TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*')).toMatchObject({ timeAttribute: 'PROCTIME', withLocalTimeZone: true, nullable: false });
    expect(parseType('STRING')).toMatchObject({ base: 'VARCHAR', args: [2147483647] });
  });
});

describe('random', () => {
  it('is a pure function of its seed', () => {
    const a = random(42);
    const b = random(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
