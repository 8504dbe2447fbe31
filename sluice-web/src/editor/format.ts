// A deliberately small formatter: it upper-cases keywords, removes trailing whitespace and puts one
// blank line between statements. Strings, comments and quoted identifiers are copied byte for byte,
// and so is every word that the script uses as a name: Flink's identifiers are case-sensitive and
// its keyword list holds many non-reserved words (NAME, VALUE, A, ...) that are also column names.
import { tableSources } from './aliases';
import { isPunct, isWord, significant, statements, tokenize, type Token } from './sqlTokens';

export interface FormatOptions {
  /** Names known to be identifiers (the columns and tables the server found), kept as written. */
  identifiers?: Iterable<string>;
}

// Words that may follow an object keyword without being the object's name.
const NOT_A_NAME = new Set(['IF', 'NOT', 'EXISTS', 'LATERAL', 'UNNEST', 'TEMPORARY', 'OR', 'REPLACE']);
// After these keywords comes the name of a table, view, function, catalog or database.
const OBJECT_KEYWORDS = new Set(['TABLE', 'VIEW', 'INTO', 'OVERWRITE', 'FROM', 'JOIN', 'FUNCTION', 'DATABASE', 'CATALOG']);
// What may follow AS without being an alias.
const AFTER_AS_NOT_ALIAS = new Set(['SELECT', 'WITH', 'VALUES', 'OF']);
// The elements of a column list that are not columns.
const NOT_A_COLUMN = new Set(['PRIMARY', 'CONSTRAINT', 'WATERMARK', 'LIKE', 'PERIOD']);

/** The lower-cased words the script uses as names, found from where they stand. */
export function identifierWords(text: string, tokens: Token[] = tokenize(text)): Set<string> {
  const names = new Set<string>();
  const add = (t: Token | undefined) => {
    if (t && t.type === 'word') names.add(t.text.toLowerCase());
  };
  for (const statement of statements(text, tokens)) {
    const sig = significant(statement.tokens);
    for (const s of tableSources(statement.tokens)) {
      names.add(s.table.toLowerCase());
      if (s.alias) names.add(s.alias.toLowerCase());
    }
    // The function name in front of each open parenthesis, to tell CAST(x AS type) from an alias.
    const callers: string[] = [];
    for (let i = 0; i < sig.length; i++) {
      const t = sig[i];
      const next = sig[i + 1];
      if (isPunct(t, '(')) {
        callers.push(sig[i - 1]?.type === 'word' ? sig[i - 1].text.toUpperCase() : '');
        continue;
      }
      if (isPunct(t, ')')) {
        callers.pop();
        continue;
      }
      if (t.type !== 'word') continue;
      if (isPunct(sig[i - 1], '.') || isPunct(next, '.')) add(t);
      const upper = t.text.toUpperCase();
      if (OBJECT_KEYWORDS.has(upper)) {
        let j = i + 1;
        while (sig[j] && isWord(sig[j]) && NOT_A_NAME.has(sig[j].text.toUpperCase())) j++;
        const name = sig[j];
        if (name && name.type === 'word' && !(isPunct(sig[j + 1], '(') && (upper === 'FROM' || upper === 'JOIN'))) {
          add(name);
          // A column list right after the name: CREATE TABLE t (a INT, ...), INSERT INTO t (a, b).
          let k = j + 1;
          while (isPunct(sig[k], '.') && sig[k + 1]) k += 2;
          if (upper !== 'FROM' && upper !== 'JOIN' && isPunct(sig[k], '(')) columnList(sig, k, add);
        }
      }
      if (upper === 'AS' && next && next.type === 'word') {
        const inCast = callers[callers.length - 1] === 'CAST' || callers[callers.length - 1] === 'TRY_CAST';
        if (!inCast && !AFTER_AS_NOT_ALIAS.has(next.text.toUpperCase()) && !isPunct(sig[i + 2], '(')) add(next);
      }
    }
  }
  return names;
}

/** The first word of each element of a column list, and every word inside PRIMARY KEY (...), WATERMARK FOR x. */
function columnList(sig: Token[], open: number, add: (t: Token | undefined) => void) {
  let depth = 0;
  let elementStart = true;
  let element = '';
  for (let i = open; i < sig.length; i++) {
    const t = sig[i];
    if (isPunct(t, '(')) {
      depth++;
      continue;
    }
    if (isPunct(t, ')')) {
      depth--;
      if (depth === 0) return;
      continue;
    }
    if (depth === 1 && isPunct(t, ',')) {
      elementStart = true;
      continue;
    }
    if (depth === 1 && elementStart) {
      elementStart = false;
      element = t.type === 'word' ? t.text.toUpperCase() : '';
      if (!NOT_A_COLUMN.has(element)) add(t);
      if (element === 'WATERMARK' && isWord(sig[i + 1], 'FOR')) add(sig[i + 2]);
      continue;
    }
    if (depth >= 2 && (element === 'PRIMARY' || element === 'CONSTRAINT')) add(t);
  }
}

/** The script with keywords upper-cased, no trailing whitespace and one blank line between statements. */
export function formatSql(text: string, keywords: Iterable<string>, options: FormatOptions = {}): string {
  const tokens = tokenize(text);
  const keywordSet = new Set<string>();
  for (const k of keywords) keywordSet.add(k.toUpperCase());
  const names = identifierWords(text, tokens);
  for (const n of options.identifiers ?? []) names.add(n.toLowerCase());
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  const out: string[] = tokens.map((t) => {
    if (t.type === 'word') {
      const upper = t.text.toUpperCase();
      return keywordSet.has(upper) && !names.has(t.text.toLowerCase()) ? upper : t.text;
    }
    if (t.type === 'space') return t.text.replace(/[ \t\f]+(?=\r?\n)/g, '');
    return t.text;
  });

  // One blank line after each statement's semicolon (and a comment on the same line after it).
  for (let i = 0; i < tokens.length; i++) {
    if (!isPunct(tokens[i], ';')) continue;
    let j = i + 1;
    if (tokens[j]?.type === 'space' && !/[\r\n]/.test(tokens[j].text) && tokens[j + 1]?.type === 'lineComment') j += 2;
    else if (tokens[j]?.type === 'lineComment') j += 1;
    const space = tokens[j];
    if (!space || space.type !== 'space' || !/[\r\n]/.test(space.text) || j === tokens.length - 1) continue;
    const indent = space.text.slice(Math.max(space.text.lastIndexOf('\n'), space.text.lastIndexOf('\r')) + 1);
    out[j] = eol + eol + indent;
  }

  // The text ends with one line break.
  const last = tokens[tokens.length - 1];
  if (last && last.type === 'space') out[tokens.length - 1] = tokens.length > 1 ? eol : '';
  else if (last && last.closed !== false) out.push(eol); // never inside an unterminated string or comment
  return out.join('');
}
