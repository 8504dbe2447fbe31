import { describe, expect, it } from 'vitest';
import { markerKey, problemsToMarkers, quickFixes, suggestionIndex, tokenEnd } from './markers';

const SCRIPT = 'CREATE TABLE t (id INT);\nINSERT INTO sink SELECT amont, `ordr id` FROM ordrs;\n';

describe('problemsToMarkers', () => {
  it('takes the inclusive end of the server as an exclusive Monaco end', () => {
    const [m] = problemsToMarkers([{ statement: 2, line: 2, column: 25, endLine: 2, endColumn: 29, message: "Column 'amont' not found", suggestions: ['amount'] }], SCRIPT);
    expect(m).toEqual({ startLineNumber: 2, startColumn: 25, endLineNumber: 2, endColumn: 30, message: "Column 'amont' not found", suggestions: ['amount'], statement: 2 });
  });

  it('covers the word at the start when the end is missing or equal to the start', () => {
    const markers = problemsToMarkers(
      [
        { statement: 2, line: 2, column: 47, message: "Object 'ordrs' not found" },
        { statement: 2, line: 2, column: 47, endLine: 2, endColumn: 47, message: 'same' },
        { statement: 2, line: 2, column: 32, message: 'quoted' },
        { statement: 2, line: 2, column: 41, message: 'at a space' },
      ],
      SCRIPT,
    );
    expect(markers.map((m) => [m.startLineNumber, m.startColumn, m.endLineNumber, m.endColumn])).toEqual([
      [2, 47, 2, 52],
      [2, 47, 2, 52],
      [2, 32, 2, 41],
      [2, 41, 2, 42],
    ]);
    expect(markers[0].suggestions).toEqual([]);
  });

  it('spans lines and clamps positions beyond the text', () => {
    const [multi, beyond, noPosition, endOfLine] = problemsToMarkers(
      [
        { line: 1, column: 1, endLine: 2, endColumn: 6, message: 'two lines' },
        { line: 9, column: 99, message: 'past the end' },
        { message: 'whole script' },
        { line: 1, column: 25, message: 'after the semicolon' },
      ],
      SCRIPT,
    );
    expect([multi.startLineNumber, multi.startColumn, multi.endLineNumber, multi.endColumn]).toEqual([1, 1, 2, 7]);
    expect([beyond.startLineNumber, beyond.startColumn, beyond.endLineNumber, beyond.endColumn]).toEqual([3, 1, 3, 1]);
    expect([noPosition.startLineNumber, noPosition.startColumn, noPosition.endLineNumber, noPosition.endColumn]).toEqual([1, 1, 1, 7]);
    expect([endOfLine.startLineNumber, endOfLine.startColumn, endOfLine.endLineNumber, endOfLine.endColumn]).toEqual([1, 24, 1, 25]);
  });
});

describe('tokenEnd', () => {
  it('ends words, quoted names with doubled quotes and strings', () => {
    expect(tokenEnd('SELECT abc_1 x', 8)).toBe(13);
    expect(tokenEnd("x 'it''s' y", 3)).toBe(10);
    expect(tokenEnd('`a``b` c', 1)).toBe(7);
    expect(tokenEnd('a + b', 3)).toBe(4);
  });
});

describe('quick fixes', () => {
  const markers = problemsToMarkers(
    [
      { statement: 2, line: 2, column: 25, endLine: 2, endColumn: 29, message: "Column 'amont' not found", suggestions: ['amount', 'amounts'] },
      { statement: 2, line: 2, column: 32, endLine: 2, endColumn: 40, message: "Column 'ordr id' not found", suggestions: ['order id'] },
      { statement: 2, line: 2, column: 47, message: "Object 'ordrs' not found" },
    ],
    SCRIPT,
  );
  const index = suggestionIndex(markers);

  it('keeps suggestions by range and message', () => {
    expect([...index.keys()]).toEqual(["2:25-2:30|Column 'amont' not found", "2:32-2:41|Column 'ordr id' not found"]);
    expect(markerKey(markers[0], markers[0].message)).toBe("2:25-2:30|Column 'amont' not found");
  });

  it('offers one edit per suggestion over the marker range', () => {
    expect(quickFixes(markers[0], index, 'amont')).toEqual([
      { title: "Change to 'amount'", range: { startLineNumber: 2, startColumn: 25, endLineNumber: 2, endColumn: 30 }, text: 'amount' },
      { title: "Change to 'amounts'", range: { startLineNumber: 2, startColumn: 25, endLineNumber: 2, endColumn: 30 }, text: 'amounts' },
    ]);
  });

  it('keeps backquotes around a quoted name', () => {
    expect(quickFixes(markers[1], index, '`ordr id`').map((f) => f.text)).toEqual(['`order id`']);
  });

  it('offers nothing for a marker without suggestions or one the index does not know', () => {
    expect(quickFixes(markers[2], index, 'ordrs')).toEqual([]);
    expect(quickFixes({ ...markers[0], message: 'another message' }, index, 'amont')).toEqual([]);
  });
});
