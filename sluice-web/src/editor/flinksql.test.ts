import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { offsetOf, positionOf } from './sqlTokens';
import { LANGUAGE, ORDERS } from './testData';

// A Monaco stand-in that records what the language registers.
const fake = vi.hoisted(() => ({
  registered: [] as string[],
  tokenizers: [] as { keywords: string[]; functions: string[] }[],
  completion: null as null | { triggerCharacters: string[]; provideCompletionItems: (model: unknown, position: unknown) => { suggestions: Record<string, unknown>[] } },
  codeActions: null as null | { provideCodeActions: (model: unknown, range: unknown, context: unknown) => { actions: Record<string, unknown>[] } },
}));

vi.mock('../monaco-setup', () => {
  class Range {
    constructor(
      public startLineNumber: number,
      public startColumn: number,
      public endLineNumber: number,
      public endColumn: number,
    ) {}
  }
  return {
    monaco: {
      Range,
      languages: {
        register: (l: { id: string }) => fake.registered.push(l.id),
        setLanguageConfiguration: () => undefined,
        setMonarchTokensProvider: (_id: string, def: { keywords: string[]; functions: string[] }) => fake.tokenizers.push(def),
        registerCompletionItemProvider: (_id: string, p: typeof fake.completion) => (fake.completion = p),
        registerCodeActionProvider: (_id: string, p: typeof fake.codeActions) => (fake.codeActions = p),
        CompletionItemKind: { Keyword: 17, Function: 1, Struct: 6, Interface: 7, Field: 3, Property: 9, Value: 13 },
        CompletionItemInsertTextRule: { InsertAsSnippet: 4 },
      },
    },
  };
});

function model(text: string, uri = 'inmemory://model/1') {
  const lines = text.split('\n');
  return {
    uri: { toString: () => uri },
    getValue: () => text,
    getOffsetAt: (p: { lineNumber: number; column: number }) => offsetOf(text, p.lineNumber, p.column),
    getPositionAt: (o: number) => {
      const p = positionOf(text, o);
      return { lineNumber: p.line, column: p.column };
    },
    getLineMaxColumn: (line: number) => lines[line - 1].length + 1,
    getValueInRange: (r: { startLineNumber: number; startColumn: number; endColumn: number }) => lines[r.startLineNumber - 1].slice(r.startColumn - 1, r.endColumn - 1),
    getVersionId: () => 5,
  };
}

const fetchLanguage = vi.fn(async () => new Response(JSON.stringify(LANGUAGE), { status: 200 }));
beforeAll(() => vi.stubGlobal('fetch', fetchLanguage));
afterAll(() => vi.unstubAllGlobals());

/** The module, registered and with the server's language, whichever test runs first. */
async function ready() {
  const module = await import('./flinksql');
  module.registerFlinkSql();
  await module.loadLanguage();
  return module;
}

describe('the flinksql language', () => {
  it('registers once, and highlights the keywords and functions of the server once it has answered', async () => {
    const { registerFlinkSql, loadLanguage, currentLanguage } = await import('./flinksql');
    registerFlinkSql();
    registerFlinkSql();
    expect(fake.registered).toEqual(['flinksql']);
    expect(fake.tokenizers.map((t) => t.keywords.length)).toEqual([0]);
    await loadLanguage();
    await loadLanguage();
    expect(fetchLanguage).toHaveBeenCalledTimes(1);
    expect(fake.tokenizers).toHaveLength(2);
    expect(fake.tokenizers[1].keywords).toEqual(LANGUAGE.keywords);
    expect(fake.tokenizers[1].functions).toEqual(['COUNT', 'MASK', 'SUM']);
    expect(currentLanguage().connectors.map((c) => c.identifier)).toEqual(['datagen', 'kafka']);
  });

  it("completes with the model's tables over a range on the cursor's line", async () => {
    const { setModelTables } = await ready();
    const text = 'CREATE TABLE orders (id INT);\nSELECT o.am FROM orders o';
    setModelTables('inmemory://model/1', [ORDERS]);
    const result = fake.completion!.provideCompletionItems(model(text), { lineNumber: 2, column: 12 });
    expect(result.suggestions.map((s) => s.label)).toEqual(['id', 'amount', 'customer_id']);
    expect(result.suggestions[1]).toMatchObject({ kind: 3, insertText: 'amount', range: { startLineNumber: 2, startColumn: 10, endLineNumber: 2, endColumn: 12 } });
    expect(fake.completion!.triggerCharacters).toEqual(['.', "'"]);
  });

  it('inserts functions and options as snippets', async () => {
    await ready();
    const text = "CREATE TABLE t (id INT) WITH ('connector' = 'kafka', )";
    const result = fake.completion!.provideCompletionItems(model(text, 'inmemory://model/2'), { lineNumber: 1, column: 54 });
    const topic = result.suggestions.find((s) => s.label === 'topic')!;
    expect(topic).toMatchObject({ kind: 9, insertText: "'topic' = '$0'", insertTextRules: 4, detail: 'required (String)' });
  });

  it('offers the quick fixes of a marker as edits of the model', async () => {
    const { setModelSuggestions } = await ready();
    const text = 'SELECT amont FROM orders';
    const marker = { startLineNumber: 1, startColumn: 8, endLineNumber: 1, endColumn: 13, message: "Column 'amont' not found", severity: 8 };
    setModelSuggestions('inmemory://model/3', new Map([["1:8-1:13|Column 'amont' not found", ['amount']]]));
    const m = model(text, 'inmemory://model/3');
    const { actions } = fake.codeActions!.provideCodeActions(m, marker, { markers: [marker, { ...marker, message: 'other' }] });
    expect(actions).toEqual([
      {
        title: "Change to 'amount'",
        kind: 'quickfix',
        diagnostics: [marker],
        isPreferred: true,
        edit: { edits: [{ resource: m.uri, textEdit: { range: { startLineNumber: 1, startColumn: 8, endLineNumber: 1, endColumn: 13 }, text: 'amount' }, versionId: 5 }] },
      },
    ]);
  });
});
