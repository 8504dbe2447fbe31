// Which tables a statement reads and under which aliases: FROM a x, b AS y, JOIN c z ON ...,
// FROM TABLE(TUMBLE(TABLE orders, ...)) w, JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r.
import { identifierName, isPunct, isWord, significant, type Token } from './sqlTokens';
import type { DeclaredTable } from './types';

export interface TableSource {
  /** The table's name as written, its last part when qualified (catalog.db.orders -> orders). */
  table: string;
  alias: string | null;
}

// Words that end a table reference instead of naming its alias.
const NOT_AN_ALIAS = new Set([
  'WHERE', 'JOIN', 'ON', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'OUTER', 'NATURAL', 'USING',
  'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'HAVING', 'WINDOW', 'FOR',
  'AS', 'SELECT', 'FROM', 'INSERT', 'VALUES', 'MATCH_RECOGNIZE', 'OFFSET', 'FETCH', 'QUALIFY',
  'TABLESAMPLE', 'LATERAL', 'UNNEST', 'WITH',
]);

function isName(t: Token | undefined): boolean {
  return !!t && (t.type === 'word' || t.type === 'quoted');
}

/** Reads a.b.c from index i; returns its last part and the index after it. */
function qualifiedName(tokens: Token[], i: number): { name: string; next: number } | null {
  if (!isName(tokens[i])) return null;
  let name = identifierName(tokens[i]);
  let j = i + 1;
  while (isPunct(tokens[j], '.') && isName(tokens[j + 1])) {
    name = identifierName(tokens[j + 1]);
    j += 2;
  }
  return { name, next: j };
}

function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')')) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return tokens.length - 1;
}

function aliasAt(tokens: Token[], i: number): { alias: string | null; next: number } {
  let j = i;
  if (isWord(tokens[j], 'AS')) j++;
  const t = tokens[j];
  if (t && (t.type === 'quoted' || (t.type === 'word' && !NOT_AN_ALIAS.has(t.text.toUpperCase())))) {
    return { alias: identifierName(t), next: j + 1 };
  }
  return { alias: null, next: i };
}

/** The tables a statement reads, in the order it names them, with their aliases. */
export function tableSources(statementTokens: Token[]): TableSource[] {
  const tokens = significant(statementTokens);
  const sources: TableSource[] = [];
  // The paren depth of each open FROM list, so that a comma continues it only at its own depth.
  let depth = 0;
  const fromDepths: number[] = [];
  const readReference = (i: number): number => {
    let j = i;
    if (isWord(tokens[j], 'LATERAL')) j++;
    if (isWord(tokens[j], 'TABLE') && isPunct(tokens[j + 1], '(')) {
      // A table-valued function: the table is the argument written TABLE name.
      const close = matchingClose(tokens, j + 1);
      let table: string | null = null;
      for (let k = j + 2; k < close; k++) {
        if (isWord(tokens[k], 'TABLE') && isName(tokens[k + 1])) {
          table = qualifiedName(tokens, k + 1)?.name ?? null;
          break;
        }
      }
      const { alias, next } = aliasAt(tokens, close + 1);
      if (table) sources.push({ table, alias });
      return next;
    }
    const name = qualifiedName(tokens, j);
    if (!name) return j;
    j = name.next;
    if (isPunct(tokens[j], '(')) return j; // a function call, not a table
    if (isWord(tokens[j], 'FOR') && isWord(tokens[j + 1], 'SYSTEM_TIME')) {
      // FOR SYSTEM_TIME AS OF o.proc_time
      j += 2;
      if (isWord(tokens[j], 'AS')) j++;
      if (isWord(tokens[j], 'OF')) j++;
      const of = qualifiedName(tokens, j);
      if (of) j = of.next;
    }
    const { alias, next } = aliasAt(tokens, j);
    sources.push({ table: name.name, alias });
    return next;
  };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (isPunct(t, '(')) {
      depth++;
      i++;
    } else if (isPunct(t, ')')) {
      while (fromDepths.length > 0 && fromDepths[fromDepths.length - 1] >= depth) fromDepths.pop();
      depth--;
      i++;
    } else if (isWord(t, 'FROM') || isWord(t, 'JOIN')) {
      if (isWord(t, 'FROM')) {
        while (fromDepths.length > 0 && fromDepths[fromDepths.length - 1] >= depth) fromDepths.pop();
        fromDepths.push(depth);
      }
      const next = readReference(i + 1);
      i = next > i + 1 ? next : i + 1;
    } else if (isPunct(t, ',') && fromDepths.length > 0 && fromDepths[fromDepths.length - 1] === depth) {
      const next = readReference(i + 1);
      i = next > i + 1 ? next : i + 1;
    } else {
      if (t.type === 'word' && fromDepths.length > 0 && fromDepths[fromDepths.length - 1] === depth) {
        const w = t.text.toUpperCase();
        if (w === 'WHERE' || w === 'GROUP' || w === 'ORDER' || w === 'HAVING' || w === 'WINDOW' || w === 'LIMIT' || w === 'UNION' || w === 'SELECT' || w === 'ON') {
          // The FROM list has ended (ON: a join condition, whose commas are no table list).
          if (w !== 'ON') fromDepths.pop();
        }
      }
      i++;
    }
  }
  return sources;
}

function findTable(name: string, tables: DeclaredTable[]): DeclaredTable | undefined {
  return tables.find((t) => t.name === name) ?? tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

/**
 * The table a qualifier (the x of x.col) stands for: an alias of the statement first, then a table
 * the statement reads, then any table by that name.
 */
export function resolveQualifier(qualifier: string, sources: TableSource[], tables: DeclaredTable[]): DeclaredTable | undefined {
  const byAlias =
    sources.find((s) => s.alias === qualifier) ?? sources.find((s) => s.alias?.toLowerCase() === qualifier.toLowerCase());
  if (byAlias) return findTable(byAlias.table, tables);
  return findTable(qualifier, tables);
}

/** The declared tables a statement reads, in order, each once. */
export function sourceTables(sources: TableSource[], tables: DeclaredTable[]): DeclaredTable[] {
  const result: DeclaredTable[] = [];
  for (const s of sources) {
    const t = findTable(s.table, tables);
    if (t && !result.includes(t)) result.push(t);
  }
  return result;
}
