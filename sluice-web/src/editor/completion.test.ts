import { describe, expect, it } from 'vitest';
import { completeAt, quoteIdentifier, visibleTables } from './completion';
import { CUSTOMERS, LANGUAGE, ORDERS, RATES } from './testData';

const DATA = { language: LANGUAGE, tables: [ORDERS, CUSTOMERS, RATES] };

const TWICE = { name: 'twice', artifact: 'mylib', version: 3, className: 'com.acme.Twice', kind: 'SCALAR', signatures: ['(INT) -> INT', '(BIGINT) -> BIGINT'], usable: true };
const DECRYPT = { name: 'risk.decrypt_card', artifact: 'cards', version: 1, className: 'com.acme.Decrypt', kind: 'SCALAR', signatures: ['(STRING) -> STRING'], usable: false };

/** The text with the cursor where `|` stands. */
function complete(withCursor: string, data = DATA) {
  const offset = withCursor.indexOf('|');
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  const result = completeAt(text, offset, data);
  return { ...result, text, offset };
}

const labels = (r: { suggestions: { label: string; sortText: string }[] }) =>
  [...r.suggestions].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)).map((s) => s.label);

// Two declarations on lines 1 and 2, the query on line 3, as the tables answer says.
const HEAD = 'CREATE TABLE orders (id BIGINT) WITH (\'connector\' = \'kafka\');\nCREATE TABLE customers (id BIGINT);\n';

describe('completeAt', () => {
  it('offers the columns of the alias before the dot, and only those', () => {
    const r = complete(HEAD + 'SELECT o.| FROM orders o JOIN customers c ON o.customer_id = c.id');
    expect(labels(r)).toEqual(['id', 'amount', 'customer_id']);
    expect(r.suggestions[1]).toMatchObject({ kind: 'column', insertText: 'amount', detail: 'DECIMAL(10, 2) · orders' });
    expect(r.from).toBe(r.offset);
    expect(r.to).toBe(r.offset);
  });

  it('replaces the partly typed column after the dot', () => {
    const r = complete(HEAD + 'SELECT c.na| FROM orders AS o JOIN customers AS c ON o.customer_id = c.id');
    expect(labels(r)).toEqual(['id', 'name']);
    expect(r.text.slice(r.from, r.to)).toBe('na');
  });

  it('resolves a table name used as qualifier', () => {
    expect(labels(complete(HEAD + 'SELECT customers.| FROM customers'))).toEqual(['id', 'name']);
  });

  it('offers nothing after an unknown qualifier', () => {
    expect(complete(HEAD + 'SELECT x.| FROM orders o').suggestions).toEqual([]);
  });

  it("puts the FROM tables' columns first in a select list, then functions, keywords and tables", () => {
    const r = complete(HEAD + 'SELECT | FROM orders');
    const l = labels(r);
    expect(l.slice(0, 3)).toEqual(['id', 'amount', 'customer_id']);
    expect(l.slice(3, 6)).toEqual(['COUNT', 'MASK', 'SUM']);
    expect(l).toContain('WHERE');
    // Keywords that are functions are offered once, as functions.
    expect(l.filter((x) => x === 'SUM')).toHaveLength(1);
    // Then the tables, and the columns of tables the statement does not read, each name once.
    expect(l.slice(-5)).toEqual(['customers', 'orders', 'rates', 'name', 'rate']);
  });

  it('offers the columns of every visible table to a query whose FROM is not written yet', () => {
    const r = complete(HEAD + 'SELECT amo|');
    const l = labels(r);
    expect(l.slice(-5)).toEqual(['id', 'amount', 'customer_id', 'name', 'rate']);
    expect(l.indexOf('SELECT')).toBeLessThan(l.indexOf('amount'));
    expect(r.text.slice(r.from, r.to)).toBe('amo');
  });

  it('offers the columns of every table read by the statement in a WHERE clause', () => {
    const l = labels(complete(HEAD + 'SELECT * FROM orders o, customers c WHERE | AND o.id = 1'));
    expect(l.slice(0, 4)).toEqual(['id', 'amount', 'customer_id', 'name']);
  });

  it('gives functions a snippet and their signatures', () => {
    const mask = complete(HEAD + 'SELECT MA| FROM orders').suggestions.find((s) => s.label === 'MASK')!;
    expect(mask).toEqual({
      label: 'MASK',
      kind: 'function',
      insertText: 'MASK($0)',
      snippet: true,
      detail: 'MASK(<STRING>)',
      documentation: 'MASK(<STRING>)\nMASK(<STRING>, <INTEGER>)\n\nMasks all but the last characters.\n\n(Sluice function)',
      sortText: '1MASK',
    });
  });

  it('offers the registered functions with their signatures, the artifact version and whether USE is granted', () => {
    const data = { ...DATA, functions: [TWICE, DECRYPT] };
    const r = complete(HEAD + 'SELECT tw| FROM orders', data);
    const twice = r.suggestions.find((s) => s.label === 'twice')!;
    expect(twice).toEqual({
      label: 'twice',
      kind: 'function',
      insertText: 'twice($0)',
      snippet: true,
      detail: '(INT) -> INT',
      documentation: '(INT) -> INT\n(BIGINT) -> BIGINT\n\nRegistered function: com.acme.Twice · mylib:3',
      sortText: '1twice',
    });
    const decrypt = r.suggestions.find((s) => s.label === 'risk.decrypt_card')!;
    expect(decrypt.insertText).toBe('risk.decrypt_card($0)');
    expect(decrypt.detail).toBe('(STRING) -> STRING · not granted');
    expect(decrypt.documentation).toContain('USE is not granted to you');
    // Without registered functions the built-in ones are offered as before.
    expect(complete(HEAD + 'SELECT tw| FROM orders').suggestions.some((s) => s.label === 'twice')).toBe(false);
  });

  it('offers the rest of a dotted function name after its qualifier, backquoting what is not plain', () => {
    const weird = { ...TWICE, name: 'risk.cards.mask-pan' };
    const data = { ...DATA, functions: [TWICE, DECRYPT, weird] };
    const r = complete(HEAD + 'SELECT risk.| FROM orders', data);
    expect(labels(r)).toEqual(['cards.mask-pan', 'decrypt_card']);
    expect(r.suggestions.find((s) => s.label === 'cards.mask-pan')!.insertText).toBe('cards.`mask-pan`($0)');
    expect(labels(complete(HEAD + 'SELECT risk.cards.m| FROM orders', data))).toEqual(['mask-pan']);
    // A qualifier that is a table still offers its columns only.
    expect(labels(complete(HEAD + 'SELECT o.| FROM orders o', data))).toEqual(['id', 'amount', 'customer_id']);
  });

  it('offers tables first after FROM, only those declared before the statement, plus catalog tables', () => {
    const text = 'CREATE TABLE orders (id BIGINT);\nINSERT INTO x SELECT * FROM |;\nCREATE TABLE customers (id BIGINT);';
    const data = { language: LANGUAGE, tables: [ORDERS, { ...CUSTOMERS, line: 3 }, RATES] };
    const l = labels(complete(text, data));
    expect(l.slice(0, 2)).toEqual(['orders', 'rates']);
    expect(l).not.toContain('customers');
  });

  it('does not offer a table to the statement declaring it', () => {
    const text = 'CREATE TABLE orders (id BIGINT); CREATE VIEW v AS SELECT * FROM |';
    const view = { ...CUSTOMERS, name: 'v', kind: 'VIEW', line: 1, column: 34 };
    const tables = [ORDERS, view];
    const r = complete(text, { language: LANGUAGE, tables });
    expect(labels(r).slice(0, 1)).toEqual(['orders']);
    expect(labels(r)).not.toContain('v');
  });

  it('offers option keys of the connector named in the WITH clause, required first, without those written', () => {
    const r = complete("CREATE TABLE t (id INT) WITH (\n  'connector' = 'kafka',\n  'topic' = 'orders',\n  |\n)");
    expect(labels(r)).toEqual(['properties.bootstrap.servers', 'format', 'scan.startup.mode']);
    expect(r.suggestions[0]).toEqual({
      label: 'properties.bootstrap.servers',
      kind: 'option',
      insertText: "'properties.bootstrap.servers' = '$0'",
      snippet: true,
      detail: 'required (String)',
      documentation: 'Kafka brokers.\n\n(connector kafka)',
      filterText: 'properties.bootstrap.servers',
      sortText: '00properties.bootstrap.servers',
    });
    expect(r.suggestions.find((s) => s.label === 'scan.startup.mode')!.detail).toBe('default: group-offsets (Enum)');
  });

  it('finds the connector even when it is written after the cursor', () => {
    const r = complete("CREATE TABLE t (id INT) WITH (|, 'connector' = 'datagen')");
    expect(labels(r)).toEqual(['rows-per-second']);
  });

  it('replaces a started quoted key, closing quote included', () => {
    const r = complete("CREATE TABLE t (id INT) WITH ('connector' = 'kafka', 'to|')");
    expect(r.text.slice(r.from, r.to)).toBe("'to'");
    expect(r.suggestions.find((s) => s.label === 'topic')!.filterText).toBe("'topic'");
  });

  it("adds the options of the format named by 'format' and by 'value.format'", () => {
    const l = labels(complete("CREATE TABLE t (id INT) WITH ('connector' = 'kafka', 'value.format' = 'json', 'format' = 'json', |)"));
    expect(l).toEqual(['properties.bootstrap.servers', 'topic', 'scan.startup.mode', 'json.ignore-parse-errors', 'value.json.ignore-parse-errors']);
  });

  it("offers the 'connector' key when none is written", () => {
    const r = complete('CREATE TABLE t (id INT) WITH (|)');
    expect(labels(r)).toEqual(['connector']);
    expect(r.suggestions[0].insertText).toBe("'connector' = '$0'");
  });

  it("offers connector identifiers inside the value of 'connector'", () => {
    const r = complete("CREATE TABLE t (id INT) WITH ('connector' = 'ka|')");
    expect(labels(r)).toEqual(['datagen', 'kafka']);
    expect(r.text.slice(r.from, r.to)).toBe('ka');
    expect(r.suggestions[1]).toMatchObject({ kind: 'connector', insertText: 'kafka', documentation: 'Required options: properties.bootstrap.servers, topic' });
  });

  it("quotes a connector identifier offered after '=' outside a string", () => {
    const r = complete("CREATE TABLE t (id INT) WITH ('connector' = |)");
    expect(r.suggestions.map((s) => s.insertText)).toEqual(["'datagen'", "'kafka'"]);
  });

  it('offers formats after a format key', () => {
    expect(labels(complete("CREATE TABLE t (id INT) WITH ('connector' = 'kafka', 'format' = '|')"))).toEqual(['json']);
  });

  it('offers nothing at a value of another option, in a comment or in a plain string', () => {
    expect(complete("CREATE TABLE t (id INT) WITH ('connector' = 'kafka', 'topic' = '|')").suggestions).toEqual([]);
    expect(complete('SELECT 1 -- FROM |').suggestions).toEqual([]);
    expect(complete('SELECT /* FROM | */ 1').suggestions).toEqual([]);
    expect(complete("SELECT 'FROM |' FROM orders").suggestions).toEqual([]);
  });

  it('does not treat parentheses of the column list as a WITH clause', () => {
    const l = labels(complete('CREATE TABLE t (id | ) WITH (\'connector\' = \'kafka\')'));
    expect(l).toContain('BIGINT');
    expect(l).not.toContain('topic');
  });

  it('uses the statement around the cursor only', () => {
    const l = labels(complete(HEAD + 'SELECT | FROM customers;\nSELECT * FROM orders;'));
    expect(l.slice(0, 2)).toEqual(['id', 'name']);
  });
});

describe('visibleTables', () => {
  it('keeps catalog tables and earlier declarations, the last of a name winning', () => {
    const again = { ...ORDERS, line: 2, columns: [{ name: 'x', type: 'INT' }] };
    const text = 'a;\nb;\nc';
    const v = visibleTables([ORDERS, again, RATES, { ...CUSTOMERS, line: 3 }], text, text.indexOf('c'));
    expect(v.map((t) => [t.name, t.line])).toEqual([
      ['orders', 2],
      ['rates', 0],
    ]);
  });
});

describe('quoteIdentifier', () => {
  it('backquotes names that are not plain', () => {
    expect(quoteIdentifier('amount')).toBe('amount');
    expect(quoteIdentifier('my col')).toBe('`my col`');
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
  });
});
