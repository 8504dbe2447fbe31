import { describe, expect, it } from 'vitest';
import { offsetOf, positionOf, statementAt, statements, tokenize } from './sqlTokens';

describe('tokenize', () => {
  it('knows strings, quoted names, comments, numbers and operators', () => {
    const tokens = tokenize("SELECT 'a;''b', `x;``y`, 1.5e3 -- c;\n/* d; */ <> x").filter((t) => t.type !== 'space');
    expect(tokens.map((t) => [t.type, t.text])).toEqual([
      ['word', 'SELECT'],
      ['string', "'a;''b'"],
      ['punct', ','],
      ['quoted', '`x;``y`'],
      ['punct', ','],
      ['number', '1.5e3'],
      ['lineComment', '-- c;'],
      ['blockComment', '/* d; */'],
      ['punct', '<>'],
      ['word', 'x'],
    ]);
  });

  it('runs an unterminated string or comment to the end', () => {
    expect(tokenize("x 'abc").map((t) => [t.type, t.closed])).toEqual([['word', undefined], ['space', undefined], ['string', false]]);
    expect(tokenize('/* open').map((t) => [t.type, t.closed])).toEqual([['blockComment', false]]);
  });
});

describe('statements', () => {
  it('cuts at semicolons outside strings and comments, a cursor after one belonging to the next', () => {
    const text = "SET 'a' = ';';\n-- ;\nSELECT 1;";
    expect(statements(text).map((s) => text.slice(s.start, s.end))).toEqual(["SET 'a' = ';'", '\n-- ;\nSELECT 1', '']);
    expect(text.slice(statementAt(text, 13).start, statementAt(text, 13).end)).toBe("SET 'a' = ';'");
    expect(statementAt(text, 14).start).toBe(14);
  });
});

describe('positions', () => {
  it('converts offsets to 1-based lines and columns and back, clamped', () => {
    const text = 'ab\ncde\n';
    expect(positionOf(text, 4)).toEqual({ line: 2, column: 2 });
    expect(offsetOf(text, 2, 2)).toBe(4);
    expect(offsetOf(text, 2, 99)).toBe(6);
    expect(offsetOf(text, 9, 1)).toBe(text.length);
  });
});
