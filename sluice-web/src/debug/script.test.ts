import { describe, expect, it } from 'vitest';
import { createdTables, readNames, sinkNames, sourceTables } from './script';
import type { DeclaredTable } from './types';

const SCRIPT = `-- payments per merchant
CREATE TABLE payments (
  id BIGINT,
  amount DECIMAL(10, 2),
  merchant STRING,
  ts TIMESTAMP(3) METADATA FROM 'timestamp',
  total AS amount * 2,
  proc AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'payments; not a statement');

CREATE TEMPORARY TABLE merchants (id STRING, name STRING) WITH ('connector' = 'jdbc');
CREATE TABLE unused (x INT) WITH ('connector' = 'datagen');
CREATE TABLE counts (merchant STRING, n BIGINT) WITH ('connector' = 'print');
/* a view over payments */
CREATE VIEW big AS SELECT * FROM payments WHERE amount > 100;

EXECUTE STATEMENT SET BEGIN
INSERT INTO counts SELECT m.name, COUNT(*) FROM big b JOIN \`merchants\` m ON b.merchant = m.id GROUP BY m.name;
END;
`;

describe('script analysis', () => {
  it('finds the CREATE TABLE statements with computed and metadata columns and the connector', () => {
    const tables = createdTables(SCRIPT);
    expect(tables.map((t) => [t.name, t.statement, t.line, t.connector])).toEqual([
      ['payments', 1, 2, 'kafka'],
      ['merchants', 2, 12, 'jdbc'],
      ['unused', 3, 13, 'datagen'],
      ['counts', 4, 14, 'print'],
    ]);
    expect(tables[0].columns).toEqual([
      { name: 'id', type: 'BIGINT', computed: false, metadata: false },
      { name: 'amount', type: 'DECIMAL(10, 2)', computed: false, metadata: false },
      { name: 'merchant', type: 'STRING', computed: false, metadata: false },
      { name: 'ts', type: 'TIMESTAMP(3)', computed: false, metadata: true },
      { name: 'total', type: '', computed: true, metadata: false },
      { name: 'proc', type: '', computed: true, metadata: false },
    ]);
  });

  it('tells sinks from tables a query reads', () => {
    expect([...sinkNames(SCRIPT)]).toEqual(['counts']);
    const reads = readNames(SCRIPT);
    expect(reads.has('payments')).toBe(true);
    expect(reads.has('merchants')).toBe(true);
    expect(reads.has('unused')).toBe(false);
    expect(reads.has('counts')).toBe(false);
  });

  it('offers the tables read and never written, from the text alone', () => {
    expect(sourceTables(SCRIPT).map((t) => t.name)).toEqual(['payments', 'merchants']);
  });

  it('takes the server’s columns and adds what only the text says', () => {
    const declared: DeclaredTable[] = [
      {
        name: 'payments',
        kind: 'TABLE',
        statement: 1,
        line: 2,
        connector: 'kafka',
        columns: [
          { name: 'id', type: 'BIGINT' },
          { name: 'amount', type: 'DECIMAL(10, 2)' },
          { name: 'merchant', type: 'STRING' },
          { name: 'ts', type: 'TIMESTAMP(3) *ROWTIME*' },
          { name: 'total', type: 'DECIMAL(11, 2)' },
          { name: 'proc', type: 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*' },
        ],
      },
      { name: 'big', kind: 'VIEW', statement: 5, line: 16, columns: [{ name: 'id', type: 'BIGINT' }] },
      { name: 'counts', kind: 'TABLE', statement: 4, line: 14, connector: 'print', columns: [] },
      { name: 'orders', kind: 'TABLE', statement: 0, line: 0, connector: 'kafka', columns: [] },
    ];
    const sources = sourceTables(SCRIPT, declared);
    expect(sources.map((t) => t.name)).toEqual(['payments']);
    expect(sources[0].columns.map((c) => [c.name, c.type, c.computed, c.metadata])).toEqual([
      ['id', 'BIGINT', false, false],
      ['amount', 'DECIMAL(10, 2)', false, false],
      ['merchant', 'STRING', false, false],
      ['ts', 'TIMESTAMP(3) *ROWTIME*', false, true],
      ['total', 'DECIMAL(11, 2)', true, false],
      ['proc', 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*', true, false],
    ]);
  });

  it("takes the server's column kinds over what the script text suggests", () => {
    const script = `CREATE TABLE t (a INT, b AS a + 1, c STRING METADATA) WITH ('connector' = 'kafka');
CREATE TABLE s (a INT) WITH ('connector' = 'blackhole');
INSERT INTO s SELECT a FROM t;`;
    const declared: DeclaredTable[] = [
      {
        name: 't',
        kind: 'TABLE',
        statement: 1,
        line: 1,
        connector: 'kafka',
        columns: [
          { name: 'a', type: 'INT', kind: 'PHYSICAL' },
          { name: 'b', type: 'INT', kind: 'COMPUTED' },
          { name: 'c', type: 'STRING', kind: 'METADATA' },
        ],
      },
    ];
    expect(sourceTables(script, declared)[0].columns.map((c) => [c.name, c.computed, c.metadata])).toEqual([
      ['a', false, false],
      ['b', true, false],
      ['c', false, true],
    ]);
  });

  it('counts a CREATE TABLE AS as a sink whose query reads', () => {
    const script = `CREATE TABLE src (a INT) WITH ('connector' = 'datagen');
CREATE TABLE copy WITH ('connector' = 'print') AS SELECT a FROM src;`;
    expect([...sinkNames(script)]).toEqual(['copy']);
    expect(sourceTables(script).map((t) => t.name)).toEqual(['src']);
  });
});
