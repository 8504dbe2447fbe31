import { describe, expect, it } from 'vitest';
import { formatSql, identifierWords } from './format';
import { tokenize } from './sqlTokens';
import { LANGUAGE } from './testData';

const format = (text: string, identifiers?: string[]) => formatSql(text, LANGUAGE.keywords, { identifiers });

describe('formatSql', () => {
  it('upper-cases keywords of the server list only', () => {
    expect(format('select id from orders where id > 1')).toBe('SELECT id FROM orders WHERE id > 1\n');
    // 'limit' is not in the list the server gave: it stays as written.
    expect(format('select id from orders limit 1')).toBe('SELECT id FROM orders limit 1\n');
  });

  it('never changes strings, comments or quoted identifiers', () => {
    const text = "select 'select from', `select` from orders -- select from   \n/* select\n   from */ where x = 'it''s   \n from'\n";
    expect(format(text)).toBe("SELECT 'select from', `select` FROM orders -- select from   \n/* select\n   from */ WHERE x = 'it''s   \n from'\n");
  });

  it('keeps keywords the script uses as names: columns, qualified parts, aliases, tables', () => {
    const text = [
      'create table value (name string, a bigint, `timestamp` timestamp(3), primary key (a) not enforced) with (\'connector\' = \'x\')',
      'insert into value select c.name, a, sum(a) as count from value c group by c.name, a',
    ].join(';\n');
    expect(format(text)).toBe(
      "CREATE TABLE value (name STRING, a BIGINT, `timestamp` TIMESTAMP(3), PRIMARY KEY (a) NOT enforced) WITH ('connector' = 'x');\n\n" +
        'INSERT INTO value SELECT c.name, a, SUM(a) AS count FROM value c GROUP BY c.name, a\n',
    );
  });

  it('keeps names the server reported, such as a catalog table column', () => {
    expect(format('select name, value from cat.db.people', ['value'])).toBe('SELECT NAME, value FROM cat.db.people\n');
  });

  it('keeps the type of a CAST upper-cased and its alias as written', () => {
    expect(format('select cast(x as string) as name from t')).toBe('SELECT CAST(x AS STRING) AS name FROM t\n');
  });

  it('leaves watermark columns and view names alone', () => {
    const text = 'create table t (ts timestamp(3), watermark for ts as ts - interval \'5\' second) with (\'connector\' = \'x\');\ncreate view a as select * from t;\n';
    expect(format(text)).toBe(
      "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'x');\n\nCREATE VIEW a AS SELECT * FROM t;\n",
    );
  });

  it('removes trailing whitespace outside strings and comments', () => {
    expect(format('SELECT 1   \n  FROM t\t\n')).toBe('SELECT 1\n  FROM t\n');
  });

  it('puts one blank line between statements, keeping a comment after a semicolon on its line', () => {
    const text = "SET 'a' = 'b';\nSET 'c' = 'd'; -- why\n\n\n\n-- next\nINSERT INTO x SELECT 1;SELECT 2;\n\n\n";
    expect(format(text)).toBe("SET 'a' = 'b';\n\nSET 'c' = 'd'; -- why\n\n-- next\nINSERT INTO x SELECT 1;SELECT 2;\n");
  });

  it('keeps the indentation of statements inside a statement set', () => {
    const text = 'EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 1;\n  INSERT INTO b SELECT 2;\nEND;';
    expect(format(text)).toBe('EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 1;\n\n  INSERT INTO b SELECT 2;\n\nEND;\n');
  });

  it('keeps Windows line ends', () => {
    expect(format('select 1;  \r\nselect 2;\r\n')).toBe('SELECT 1;\r\n\r\nSELECT 2;\r\n');
  });

  it('appends nothing inside an unterminated string or comment', () => {
    expect(format("select 'abc")).toBe("SELECT 'abc");
    expect(format('select 1 /* open')).toBe('SELECT 1 /* open');
    expect(format('')).toBe('');
  });

  it('changes nothing a second time', () => {
    const text = "create table t (name string) with ('connector' = 'x');   \ninsert into t select name from t;";
    const once = format(text);
    expect(format(once)).toBe(once);
  });

  it('changes nothing but the case of words and whitespace', () => {
    const text = "create table `T` (a int) with ('k' = 'v');\n\n\n/* c */ insert into `T` select a from `T` where a <> 1 and a >= 2;";
    const strip = (s: string) => s.replace(/\s+/g, '').toUpperCase();
    expect(strip(format(text))).toBe(strip(text));
  });
});

describe('what formatSql never changes', () => {
  const SCRIPTS = [
    "SET 'parallelism.default' = '2';\nselect /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ id from orders;",
    "create temporary view v as select `select`, 'a''b' as `from` from t -- trailing 'quote\n;",
    'execute statement set begin insert into a select * from b; insert into c select count(*) from d; end;',
    "create table t (a int) with ('connector' = 'x', 'format' = 'json');;\n\n\n  -- lonely comment   \n",
    'select value, name, a from t where a.b = 1 and A.value > 2',
  ];

  it.each(SCRIPTS)('keeps strings, comments, quoted names and the order of every token: %s', (script) => {
    const before = tokenize(script).filter((t) => t.type !== 'space');
    const after = tokenize(format(script)).filter((t) => t.type !== 'space');
    expect(after.map((t) => t.type)).toEqual(before.map((t) => t.type));
    after.forEach((t, i) => {
      if (t.type === 'word') expect(t.text.toUpperCase()).toBe(before[i].text.toUpperCase());
      else expect(t.text).toBe(before[i].text);
    });
    // And the only words whose case changes are keywords of the list.
    after.forEach((t, i) => {
      if (t.type === 'word' && t.text !== before[i].text) expect(LANGUAGE.keywords).toContain(t.text);
    });
  });
});

describe('identifierWords', () => {
  it('finds names from where they stand', () => {
    const text = "create table if not exists orders (id int, name string, primary key (id) not enforced) with ('connector' = 'x');\ninsert into sink (a, b) select o.id as total from orders o join lateral table(f(x)) on true";
    expect([...identifierWords(text)].sort()).toEqual(['a', 'b', 'id', 'name', 'o', 'orders', 'sink', 'total']);
  });
});
