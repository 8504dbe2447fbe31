// What to suggest at a cursor, as a pure function of the text, the cursor and what the server said
// about the language and the script's tables, so that it is tested without Monaco.
import { resolveQualifier, sourceTables, tableSources } from './aliases';
import {
  identifierName,
  isPunct,
  isWord,
  positionOf,
  significant,
  statementAt,
  stringValue,
  tokenize,
  type Token,
} from './sqlTokens';
import type { DeclaredTable, FactoryOption, FactoryOptions, ProjectFunction, SqlLanguage } from './types';

export type SuggestionKind = 'keyword' | 'function' | 'table' | 'view' | 'column' | 'option' | 'connector' | 'format';

export interface Suggestion {
  label: string;
  kind: SuggestionKind;
  insertText: string;
  /** insertText is a snippet ($0 marks where the cursor goes). */
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  /** What the typed text is matched against, when it is not the label. */
  filterText?: string;
  sortText: string;
}

export interface Completion {
  /** The range of text a suggestion replaces, as offsets. */
  from: number;
  to: number;
  suggestions: Suggestion[];
}

export interface CompletionData {
  language: SqlLanguage;
  tables: DeclaredTable[];
  /** The functions registered in the script's project. */
  functions?: ProjectFunction[];
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An identifier as it must be written: backquoted unless it is a plain name. */
export function quoteIdentifier(name: string): string {
  return PLAIN_IDENTIFIER.test(name) ? name : '`' + name.split('`').join('``') + '`';
}

function snippetEscape(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

function sqlString(s: string): string {
  return "'" + s.split("'").join("''") + "'";
}

/**
 * The tables the statement at `statementStart` may use: catalog tables (line 0) and those declared
 * by an earlier statement, the newest declaration of a name winning.
 */
export function visibleTables(tables: DeclaredTable[], text: string, statementStart: number): DeclaredTable[] {
  const here = positionOf(text, statementStart);
  const byName = new Map<string, DeclaredTable>();
  for (const t of tables) {
    const column = t.column ?? 1;
    const before = t.line === 0 || t.line < here.line || (t.line === here.line && column < here.column);
    if (before) {
      byName.delete(t.name);
      byName.set(t.name, t);
    }
  }
  return [...byName.values()];
}

function optionDetail(o: FactoryOption): string {
  const def = o.defaultValue ?? o.default;
  const what = o.required ? 'required' : def != null && def !== '' ? `default: ${def}` : 'optional';
  return o.type ? `${what} (${o.type})` : what;
}

interface WithClause {
  /** Index (in the statement's significant tokens) of the opening parenthesis. */
  open: number;
  /** Key -> value of the 'key' = 'value' pairs written in it so far (anywhere in the clause). */
  pairs: Map<string, string>;
}

/** The WITH ( ... ) clause whose parentheses directly hold the cursor, if any. */
function withClauseAt(tokens: Token[], before: number): WithClause | null {
  const stack: number[] = [];
  for (let i = 0; i < tokens.length && tokens[i].end <= before; i++) {
    if (isPunct(tokens[i], '(')) stack.push(i);
    else if (isPunct(tokens[i], ')')) stack.pop();
  }
  const open = stack[stack.length - 1];
  if (open === undefined || !isWord(tokens[open - 1], 'WITH')) return null;
  const pairs = new Map<string, string>();
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && tokens[i].type === 'string' && isPunct(tokens[i + 1], '=') && tokens[i + 2]?.type === 'string') {
      pairs.set(stringValue(tokens[i]), stringValue(tokens[i + 2]));
    }
  }
  return { open, pairs };
}

function optionSuggestions(clause: WithClause, language: SqlLanguage, inString: boolean): Suggestion[] {
  const present = new Set(clause.pairs.keys());
  const result: Suggestion[] = [];
  const add = (o: FactoryOption, key: string, group: string, source: string) => {
    if (present.has(key)) return;
    const quoted = sqlString(key);
    result.push({
      label: key,
      kind: 'option',
      insertText: snippetEscape(quoted) + " = '$0'",
      snippet: true,
      detail: optionDetail(o),
      documentation: o.description ? `${o.description}\n\n(${source})` : `(${source})`,
      filterText: inString ? quoted : key,
      sortText: group + (o.required ? '0' : '1') + key,
    });
  };
  const connectorName = clause.pairs.get('connector');
  const connector = connectorName ? language.connectors.find((c) => c.identifier === connectorName) : undefined;
  if (!connectorName) {
    add({ key: 'connector', required: true, description: 'The table connector: ' + language.connectors.map((c) => c.identifier).join(', ') }, 'connector', '0', 'table');
  }
  if (connector) {
    for (const o of connector.options) add(o, o.key, '0', `connector ${connector.identifier}`);
  }
  for (const [key, value] of clause.pairs) {
    if (!key.endsWith('format')) continue;
    const prefix = key.slice(0, key.length - 'format'.length);
    if (prefix !== '' && !prefix.endsWith('.')) continue;
    const format = (language.formats ?? []).find((f) => f.identifier === value);
    if (!format) continue;
    for (const o of format.options) add(o, prefix + o.key, '1', `format ${format.identifier}`);
  }
  return result;
}

function factorySuggestions(factories: FactoryOptions[], kind: 'connector' | 'format', inString: boolean): Suggestion[] {
  return factories.map((f) => {
    const required = f.options.filter((o) => o.required).map((o) => o.key);
    return {
      label: f.identifier,
      kind,
      insertText: inString ? f.identifier : sqlString(f.identifier),
      detail: kind,
      documentation: required.length > 0 ? `Required options: ${required.join(', ')}` : 'No required options',
      sortText: '0' + f.identifier,
    };
  });
}

function columnSuggestions(tables: DeclaredTable[], group: string): Suggestion[] {
  const result: Suggestion[] = [];
  const seen = new Set<string>();
  for (const t of tables) {
    for (const c of t.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      result.push({
        label: c.name,
        kind: 'column',
        insertText: quoteIdentifier(c.name),
        detail: `${c.type} · ${t.name}`,
        sortText: group + String(result.length).padStart(4, '0'),
      });
    }
  }
  return result;
}

function tableSuggestions(tables: DeclaredTable[], group: string): Suggestion[] {
  return tables.map((t) => ({
    label: t.name,
    kind: t.kind.includes('VIEW') ? ('view' as const) : ('table' as const),
    insertText: quoteIdentifier(t.name),
    detail: t.kind.toLowerCase().replace('_', ' ') + (t.connector ? ` · ${t.connector}` : '') + (t.line === 0 ? ' · catalog' : ''),
    documentation: t.columns.map((c) => `${c.name} ${c.type}`).join('\n'),
    sortText: group + t.name,
  }));
}

/** A registered function as a suggestion; `typed` is the part of its name already written before the cursor's word. */
function registeredSuggestion(f: ProjectFunction, group: string, typed = ''): Suggestion {
  const rest = f.name.slice(typed.length);
  const where = `${f.className} · ${f.artifact}:${f.version}`;
  return {
    label: rest,
    kind: 'function',
    insertText: rest.split('.').map(quoteIdentifierPart).join('.') + '($0)',
    snippet: true,
    detail: (f.signatures[0] ?? f.kind.toLowerCase().replace('_', ' ')) + (f.usable ? '' : ' · not granted'),
    documentation: [f.signatures.join('\n'), `Registered function: ${where}`, f.usable ? '' : 'USE is not granted to you: a statement calling it is refused.']
      .filter((s) => s)
      .join('\n\n'),
    sortText: group + rest,
  };
}

function quoteIdentifierPart(name: string): string {
  return snippetEscape(quoteIdentifier(name));
}

function languageSuggestions(data: CompletionData, keywordGroup: string, functionGroup: string): Suggestion[] {
  const { language } = data;
  const functionNames = new Set(language.functions.map((f) => f.name.toUpperCase()));
  const result: Suggestion[] = [];
  for (const f of data.functions ?? []) result.push(registeredSuggestion(f, functionGroup));
  for (const f of language.functions) {
    const signatures = f.signatures.join('\n');
    result.push({
      label: f.name,
      kind: 'function',
      insertText: snippetEscape(f.name) + '($0)',
      snippet: true,
      detail: f.signatures[0] ?? (f.kind === 'SLUICE' ? 'Sluice function' : 'function'),
      documentation: [signatures, f.description ?? '', f.kind === 'SLUICE' ? '(Sluice function)' : ''].filter((s) => s).join('\n\n'),
      sortText: functionGroup + f.name,
    });
  }
  for (const k of language.keywords) {
    if (functionNames.has(k)) continue;
    result.push({ label: k, kind: 'keyword', insertText: k, detail: 'keyword', sortText: keywordGroup + k });
  }
  return result;
}

const TABLE_POSITION = new Set(['FROM', 'JOIN', 'INTO', 'TABLE', 'UPDATE']);

/** The dotted name written just before the cursor's word, with its last dot: `risk.` or `risk.cards.`. */
function dottedPrefix(before: Token[]): string {
  const parts: string[] = [];
  let i = before.length - 1;
  while (i >= 1 && isPunct(before[i], '.') && (before[i - 1].type === 'word' || before[i - 1].type === 'quoted')) {
    parts.unshift(identifierName(before[i - 1]) + '.');
    i -= 2;
  }
  return parts.join('');
}

/** What to suggest at `offset` in `text`. */
export function completeAt(text: string, offset: number, data: CompletionData): Completion {
  const all = tokenize(text);
  const at = all.find((t) => t.start < offset && (offset < t.end || (offset === t.end && (t.type === 'word' || t.type === 'lineComment' || t.closed === false))));
  const none = { from: offset, to: offset, suggestions: [] };
  if (at && (at.type === 'lineComment' || at.type === 'blockComment' || at.type === 'quoted' || at.type === 'number')) return none;

  const statement = statementAt(text, offset, all);
  const tokens = significant(statement.tokens);
  const inString = at?.type === 'string' ? at : undefined;
  const from = at && (at.type === 'word' || inString) ? at.start : offset;
  const to = at && (at.type === 'word' || inString) ? at.end : offset;
  const before = tokens.filter((t) => t.end <= from);
  const prev = before[before.length - 1];
  const prev2 = before[before.length - 2];

  const clause = withClauseAt(tokens, from);
  if (clause) {
    const keyPosition = prev === tokens[clause.open] || isPunct(prev, ',');
    if (keyPosition) return { from, to, suggestions: optionSuggestions(clause, data.language, !!inString) };
    if (isPunct(prev, '=') && prev2?.type === 'string') {
      const key = stringValue(prev2);
      const factories = key === 'connector' ? data.language.connectors : key.endsWith('format') ? (data.language.formats ?? []) : null;
      if (!factories) return none;
      const kind = key === 'connector' ? 'connector' : 'format';
      if (inString) {
        return { from: inString.start + 1, to: inString.closed ? inString.end - 1 : inString.end, suggestions: factorySuggestions(factories, kind, true) };
      }
      return { from, to, suggestions: factorySuggestions(factories, kind, false) };
    }
    return none;
  }
  if (inString) return none;

  const tables = visibleTables(data.tables, text, statement.start);
  const sources = tableSources(statement.tokens);

  if (isPunct(prev, '.') && prev2 && (prev2.type === 'word' || prev2.type === 'quoted')) {
    const qualifier = identifierName(prev2);
    const table = resolveQualifier(qualifier, sources, tables);
    if (table) return { from, to, suggestions: columnSuggestions([table], '0') };
    // A dotted function name: `risk.` offers the rest of the names registered under `risk.`.
    const typed = dottedPrefix(before);
    const named = (data.functions ?? []).filter((f) => f.name.toLowerCase().startsWith(typed.toLowerCase()));
    return { from, to, suggestions: named.map((f) => registeredSuggestion(f, '0', typed)) };
  }

  if (prev && prev.type === 'word' && TABLE_POSITION.has(prev.text.toUpperCase())) {
    return { from, to, suggestions: [...tableSuggestions(tables, '0'), ...languageSuggestions(data, '2', '3')] };
  }

  // The columns of the tables the statement reads come first; those of the other tables last, for
  // a query whose FROM is not written yet.
  const read = sourceTables(sources, tables);
  const others = tables.filter((t) => !read.includes(t));
  if (read.length > 0) {
    const first = columnSuggestions(read, '0');
    const taken = new Set(first.map((s) => s.label));
    return {
      from,
      to,
      suggestions: [
        ...first,
        ...languageSuggestions(data, '2', '1'),
        ...tableSuggestions(tables, '3'),
        ...columnSuggestions(others, '4').filter((s) => !taken.has(s.label)),
      ],
    };
  }
  return { from, to, suggestions: [...languageSuggestions(data, '1', '1'), ...tableSuggestions(tables, '2'), ...columnSuggestions(tables, '3')] };
}
