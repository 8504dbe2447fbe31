// A small lexer for Flink SQL, enough for completion, alias resolution and formatting: it knows
// where strings, quoted identifiers and comments start and end, so nothing inside them is mistaken
// for a keyword, a semicolon or a parenthesis. It never fails: an unterminated string or comment
// runs to the end of the text.

export type TokenType = 'word' | 'quoted' | 'string' | 'number' | 'lineComment' | 'blockComment' | 'space' | 'punct';

export interface Token {
  type: TokenType;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
  text: string;
  /** For strings, quoted identifiers and block comments: whether the closing delimiter is there. */
  closed?: boolean;
}

const WORD_START = /[A-Za-z_$\u00c0-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u00c0-\uffff]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPERATORS = new Set(['<>', '<=', '>=', '!=', '||', '::']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (type: TokenType, start: number, end: number, closed?: boolean) => {
    const token: Token = { type, start, end, text: text.slice(start, end) };
    if (closed !== undefined) token.closed = closed;
    tokens.push(token);
  };
  while (i < n) {
    const c = text[i];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      while (i < n && /[ \t\n\r\f]/.test(text[i])) i++;
      push('space', start, i);
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      push('lineComment', start, i);
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      push('blockComment', start, i, close >= 0);
    } else if (c === "'" || c === '`' || c === '"') {
      // A doubled delimiter inside is an escaped one ('it''s', `a``b`).
      i++;
      let closed = false;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) {
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        i++;
      }
      push(c === "'" ? 'string' : 'quoted', start, i, closed);
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      while (i < n && /[0-9.]/.test(text[i])) i++;
      if ((text[i] === 'e' || text[i] === 'E') && /[0-9+-]/.test(text[i + 1] ?? '')) {
        i += 2;
        while (i < n && DIGIT.test(text[i])) i++;
      }
      push('number', start, i);
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_PART.test(text[i])) i++;
      push('word', start, i);
    } else {
      i += TWO_CHAR_OPERATORS.has(text.slice(i, i + 2)) ? 2 : 1;
      push('punct', start, i);
    }
  }
  return tokens;
}

/** Tokens that carry meaning: no spaces, no comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== 'space' && t.type !== 'lineComment' && t.type !== 'blockComment');
}

export function isWord(t: Token | undefined, upper?: string): boolean {
  if (!t || t.type !== 'word') return false;
  return upper === undefined || t.text.toUpperCase() === upper;
}

export function isPunct(t: Token | undefined, text: string): boolean {
  return !!t && t.type === 'punct' && t.text === text;
}

/** The name an identifier token stands for: backquotes removed and doubled backquotes undone. */
export function identifierName(t: Token): string {
  if (t.type === 'quoted') {
    const inner = t.text.slice(1, t.closed ? -1 : undefined);
    return inner.split(t.text[0] + t.text[0]).join(t.text[0]);
  }
  return t.text;
}

/** The value of a string literal token, its quotes removed and doubled quotes undone. */
export function stringValue(t: Token): string {
  const inner = t.text.slice(1, t.closed ? -1 : undefined);
  return inner.split("''").join("'");
}

export interface Statement {
  /** Offset right after the previous statement's semicolon (or 0). */
  start: number;
  /** Offset of this statement's semicolon, or the end of the text. */
  end: number;
  /** Every token from start to end, the semicolon excluded. */
  tokens: Token[];
}

/** The script cut at its semicolons (outside strings, quoted identifiers and comments). */
export function statements(text: string, tokens: Token[] = tokenize(text)): Statement[] {
  const result: Statement[] = [];
  let current: Token[] = [];
  let start = 0;
  for (const t of tokens) {
    if (isPunct(t, ';')) {
      result.push({ start, end: t.start, tokens: current });
      current = [];
      start = t.end;
    } else {
      current.push(t);
    }
  }
  result.push({ start, end: text.length, tokens: current });
  return result;
}

/** The statement the cursor is in: a cursor right after a semicolon belongs to the next one. */
export function statementAt(text: string, offset: number, tokens: Token[] = tokenize(text)): Statement {
  const all = statements(text, tokens);
  for (const s of all) {
    if (offset >= s.start && offset <= s.end) return s;
  }
  return all[all.length - 1];
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: stop - lineStart + 1 };
}

/** The offset of a 1-based line and column, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const max = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(column, 1) - 1, max);
}
