// The server's problems as editor markers: Monaco ranges (1-based, end column exclusive) and the
// suggestions of each, kept by range and message so a quick fix finds them from the marker alone.
import type { ProblemItem } from '../api/client';

export interface MarkerRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface ProblemMarker extends MarkerRange {
  message: string;
  suggestions: string[];
  statement: number;
}

const WORD_CHAR = /[A-Za-z0-9_$\u00c0-\uffff]/;

/** Where the token at a 1-based column of a line ends (exclusive): a word, a quoted name or a string. */
export function tokenEnd(lineText: string, column: number): number {
  const i = column - 1;
  if (i >= lineText.length) return column;
  const c = lineText[i];
  if (c === '`' || c === "'" || c === '"') {
    let j = i + 1;
    while (j < lineText.length) {
      if (lineText[j] === c) {
        if (lineText[j + 1] === c) {
          j += 2;
          continue;
        }
        return j + 2;
      }
      j++;
    }
    return lineText.length + 1;
  }
  if (!WORD_CHAR.test(c)) return column + 1;
  let j = i;
  while (j < lineText.length && WORD_CHAR.test(lineText[j])) j++;
  return j + 1;
}

export function markerKey(r: MarkerRange, message: string): string {
  return `${r.startLineNumber}:${r.startColumn}-${r.endLineNumber}:${r.endColumn}|${message}`;
}

/**
 * One marker per problem. The server's end column is inclusive; without an end (or with the end equal
 * to the start, which is how the server says it does not know) the marker covers the token at the start.
 * A problem without a position (one about the whole script) is put on the first line.
 */
export function problemsToMarkers(problems: ProblemItem[], text: string): ProblemMarker[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const lineCount = lines.length;
  return problems.map((p) => {
    const line = Math.min(Math.max(p.line ?? 1, 1), lineCount);
    const lineText = lines[line - 1] ?? '';
    const column = Math.min(Math.max(p.column ?? 1, 1), lineText.length + 1);
    const known =
      p.endLine != null &&
      p.endColumn != null &&
      p.endLine > 0 &&
      (p.endLine > line || (p.endLine === line && p.endColumn > column));
    let endLineNumber: number;
    let endColumn: number;
    if (known) {
      endLineNumber = Math.min(p.endLine!, lineCount);
      const endText = lines[endLineNumber - 1] ?? '';
      endColumn = Math.min(p.endColumn! + 1, endText.length + 1);
    } else {
      endLineNumber = line;
      endColumn = Math.min(tokenEnd(lineText, column), lineText.length + 1);
      if (endColumn <= column && column > 1 && column > lineText.length) {
        // At the end of a line: mark the last character, so there is something to see.
        return {
          startLineNumber: line,
          startColumn: column - 1,
          endLineNumber: line,
          endColumn: column,
          message: p.message,
          suggestions: p.suggestions ?? [],
          statement: p.statement ?? 0,
        };
      }
    }
    return {
      startLineNumber: line,
      startColumn: column,
      endLineNumber,
      endColumn,
      message: p.message,
      suggestions: p.suggestions ?? [],
      statement: p.statement ?? 0,
    };
  });
}

/** The suggestions of every marker that has some, by markerKey. */
export function suggestionIndex(markers: ProblemMarker[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const m of markers) {
    if (m.suggestions.length > 0) index.set(markerKey(m, m.message), m.suggestions);
  }
  return index;
}

export interface QuickFix {
  title: string;
  range: MarkerRange;
  text: string;
}

/**
 * The quick fixes of a marker: replace its range with each suggestion, best first. A name written in
 * backquotes stays in backquotes.
 */
export function quickFixes(marker: MarkerRange & { message: string }, index: Map<string, string[]>, rangeText: string): QuickFix[] {
  const suggestions = index.get(markerKey(marker, marker.message)) ?? [];
  const quoted = rangeText.startsWith('`') && rangeText.endsWith('`') && rangeText.length >= 2;
  const range: MarkerRange = {
    startLineNumber: marker.startLineNumber,
    startColumn: marker.startColumn,
    endLineNumber: marker.endLineNumber,
    endColumn: marker.endColumn,
  };
  return suggestions.map((s) => ({
    title: `Change to '${s}'`,
    range,
    text: quoted ? '`' + s.split('`').join('``') + '`' : s,
  }));
}
