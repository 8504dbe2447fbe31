import { describe, expect, it } from 'vitest';
import { resolveQualifier, sourceTables, tableSources } from './aliases';
import { tokenize } from './sqlTokens';
import { CUSTOMERS, ORDERS, RATES } from './testData';

const sources = (sql: string) => tableSources(tokenize(sql));

describe('tableSources', () => {
  it('reads FROM lists and joins with and without AS', () => {
    expect(sources('SELECT * FROM orders o, customers AS c JOIN rates r ON o.id = r.id WHERE 1 = 1')).toEqual([
      { table: 'orders', alias: 'o' },
      { table: 'customers', alias: 'c' },
      { table: 'rates', alias: 'r' },
    ]);
  });

  it('takes the last part of a qualified name and undoes backquotes', () => {
    expect(sources('SELECT * FROM cat.db.`my orders` `o x` LEFT JOIN db.customers ON true')).toEqual([
      { table: 'my orders', alias: 'o x' },
      { table: 'customers', alias: null },
    ]);
  });

  it('does not take clause keywords for aliases', () => {
    expect(sources('SELECT * FROM orders WHERE id > 1 GROUP BY id')).toEqual([{ table: 'orders', alias: null }]);
    expect(sources('SELECT * FROM orders JOIN customers ON true')).toEqual([
      { table: 'orders', alias: null },
      { table: 'customers', alias: null },
    ]);
  });

  it('reads the table of a window function and a lookup join', () => {
    expect(
      sources(
        "SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) w JOIN rates FOR SYSTEM_TIME AS OF w.proc AS r ON w.id = r.id",
      ),
    ).toEqual([
      { table: 'orders', alias: 'w' },
      { table: 'rates', alias: 'r' },
    ]);
  });

  it('reads subqueries, and commas outside the FROM list are no tables', () => {
    expect(sources('INSERT INTO sink SELECT a, b FROM (SELECT a, b FROM orders o WHERE f(a, b)) s, customers c')).toEqual([
      { table: 'orders', alias: 'o' },
      { table: 'customers', alias: 'c' },
    ]);
  });

  it('ignores names in strings and comments', () => {
    expect(sources("SELECT 'FROM x' FROM /* FROM y */ orders -- JOIN z\n")).toEqual([{ table: 'orders', alias: null }]);
  });
});

describe('resolveQualifier', () => {
  const tables = [ORDERS, CUSTOMERS, RATES];
  it('prefers an alias, then a table name, matching case only when it must', () => {
    const s = sources('SELECT * FROM orders customers');
    expect(resolveQualifier('customers', s, tables)).toBe(ORDERS);
    expect(resolveQualifier('CUSTOMERS', s, tables)).toBe(ORDERS);
    expect(resolveQualifier('rates', s, tables)).toBe(RATES);
    expect(resolveQualifier('nothing', s, tables)).toBeUndefined();
  });

  it('lists each table read once, in order', () => {
    const s = sources('SELECT * FROM customers a JOIN orders b ON true JOIN customers c ON true JOIN unknown u ON true');
    expect(sourceTables(s, tables)).toEqual([CUSTOMERS, ORDERS]);
  });
});
