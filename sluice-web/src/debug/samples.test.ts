import { describe, expect, it } from 'vitest';
import { parseCsvSample, parseJsonSample, SampleError } from './samples';

function errorOf(f: () => unknown): SampleError {
  try {
    f();
  } catch (e) {
    if (e instanceof SampleError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseJsonSample', () => {
  it('reads a JSON array of objects with the line each row starts on', () => {
    const text = '[\n  {"id": 1, "amount": 9.5},\n  {"id": 2,\n   "amount": null}\n]';
    expect(parseJsonSample(text)).toEqual({
      rows: [
        { id: 1, amount: 9.5 },
        { id: 2, amount: null },
      ],
      lines: [2, 3],
    });
  });

  it('reads JSON lines, skipping blank lines', () => {
    const text = '{"id": 1}\n\n{"id": 2, "name": "a,b"}\n';
    expect(parseJsonSample(text)).toEqual({ rows: [{ id: 1 }, { id: 2, name: 'a,b' }], lines: [1, 3] });
  });

  it('names the line of a JSON line that is not JSON, or not an object', () => {
    const bad = errorOf(() => parseJsonSample('{"id": 1}\n{"id": }\n'));
    expect(bad.line).toBe(2);
    expect(bad.message).toMatch(/^line 2: not JSON: /);
    const notObject = errorOf(() => parseJsonSample('{"id": 1}\n[1, 2]'));
    expect(notObject.message).toBe('line 2: a JSON line is an object of column values');
  });

  it('names the line of the array element that is not JSON, or not an object', () => {
    const bad = errorOf(() => parseJsonSample('[\n  {"id": 1},\n  {"id": 2},\n  {"id": }\n]'));
    expect(bad.line).toBe(4);
    expect(bad.message).toMatch(/^line 4: not JSON: /);
    const notObject = errorOf(() => parseJsonSample('[\n  {"id": 1},\n  "two"\n]'));
    expect(notObject.message).toBe('line 3: row 2 is not an object of column values');
  });

  it('reads nothing from blank text', () => {
    expect(parseJsonSample('  \n ')).toEqual({ rows: [], lines: [] });
  });
});

describe('parseCsvSample', () => {
  it('reads a header row and rows, with quoted commas, quotes and line breaks', () => {
    const text = 'id,name,note\n1,"Smith, Ana","said ""hi"""\n2,"two\nlines",\n3,,""\n';
    expect(parseCsvSample(text)).toEqual({
      rows: [
        { id: '1', name: 'Smith, Ana', note: 'said "hi"' },
        { id: '2', name: 'two\nlines', note: null },
        { id: '3', name: null, note: '' },
      ],
      lines: [2, 3, 5],
    });
  });

  it('takes CRLF line ends and the columns in any order', () => {
    expect(parseCsvSample('amount,id\r\n9.50,1\r\n')).toEqual({ rows: [{ amount: '9.50', id: '1' }], lines: [2] });
  });

  it('names the line of a row with the wrong number of cells', () => {
    const e = errorOf(() => parseCsvSample('id,name\n1,a\n2\n'));
    expect(e.message).toBe('line 3: 1 cells, the header row names 2 columns');
  });

  it('names the line of a quote that is not closed, or stray text after one', () => {
    expect(errorOf(() => parseCsvSample('id,name\n1,a\n2,"open\n3,b')).message).toBe('line 3: a quoted cell is not closed');
    expect(errorOf(() => parseCsvSample('id,name\n1,"a"b')).message).toBe(
      'line 2: text after a closing quote; a quote inside a quoted cell is written ""',
    );
  });

  it('refuses a header naming a column the table does not have', () => {
    expect(errorOf(() => parseCsvSample('id,amt\n1,2', ['id', 'amount'])).message).toBe(
      'line 1: the table has no column amt; its columns are id, amount',
    );
  });
});
