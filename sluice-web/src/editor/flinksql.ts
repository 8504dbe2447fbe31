// The `flinksql` language in Monaco: a Monarch tokenizer whose keywords and functions come from the
// server (GET /sql/language, asked once per page load), a completion provider over completeAt, and
// quick fixes from the suggestions of the server's problems. Registered once for the whole studio;
// what differs per editor (the script's tables, its project's registered functions, the markers'
// suggestions) is kept per model URI.
import { api } from '../api/client';
import { monaco } from '../monaco-setup';
import { completeAt, type SuggestionKind } from './completion';
import { quickFixes } from './markers';
import { EMPTY_LANGUAGE, type DeclaredTable, type ProjectFunction, type SqlLanguage } from './types';

export const LANGUAGE_ID = 'flinksql';
export const MARKER_OWNER = 'sluice';

let language: SqlLanguage = EMPTY_LANGUAGE;
let languageRequest: Promise<SqlLanguage> | null = null;
let registered = false;
const tablesByModel = new Map<string, DeclaredTable[]>();
const suggestionsByModel = new Map<string, Map<string, string[]>>();
const functionsByModel = new Map<string, ProjectFunction[]>();

/** The language the server described, or an empty one until it has answered. */
export function currentLanguage(): SqlLanguage {
  return language;
}

/** Asks the server for the language once; a failed request may be asked again. */
export function loadLanguage(): Promise<SqlLanguage> {
  if (!languageRequest) {
    languageRequest = api.get<SqlLanguage>('/api/v1/sql/language').then(
      (answer) => {
        language = { ...EMPTY_LANGUAGE, ...answer };
        if (registered) setTokenizer(language);
        return language;
      },
      (e: unknown) => {
        languageRequest = null;
        throw e;
      },
    );
  }
  return languageRequest;
}

export function setModelTables(uri: string, tables: DeclaredTable[]): void {
  tablesByModel.set(uri, tables);
}

/** The functions registered in the project of the script a model holds. */
export function setModelFunctions(uri: string, functions: ProjectFunction[]): void {
  functionsByModel.set(uri, functions);
}

export function setModelSuggestions(uri: string, index: Map<string, string[]>): void {
  suggestionsByModel.set(uri, index);
}

export function forgetModel(uri: string): void {
  tablesByModel.delete(uri);
  suggestionsByModel.delete(uri);
  functionsByModel.delete(uri);
}

function setTokenizer(lang: SqlLanguage) {
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, {
    ignoreCase: true,
    defaultToken: '',
    keywords: lang.keywords,
    functions: lang.functions.map((f) => f.name),
    symbols: /[=><!~?:&|+\-*/^%]+/,
    operators: ['=', '>', '<', '<=', '>=', '<>', '!=', '||', '+', '-', '*', '/', '%'],
    tokenizer: {
      root: [
        [/--.*$/, 'comment'],
        [/\/\*/, 'comment', '@comment'],
        [/'/, 'string', '@string'],
        [/`/, 'identifier.quote', '@quoted'],
        [/\d*\.\d+([eE][-+]?\d+)?/, 'number.float'],
        [/\d+([eE][-+]?\d+)?/, 'number'],
        [/[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/, { cases: { '@functions': 'predefined', '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[;,.]/, 'delimiter'],
        [/[()]/, '@brackets'],
        [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
        [/\s+/, 'white'],
      ],
      comment: [
        [/[^*/]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/[*/]/, 'comment'],
      ],
      string: [
        [/[^']+/, 'string'],
        [/''/, 'string.escape'],
        [/'/, 'string', '@pop'],
      ],
      quoted: [
        [/[^`]+/, 'identifier'],
        [/``/, 'identifier'],
        [/`/, 'identifier.quote', '@pop'],
      ],
    },
  });
}

function itemKind(kind: SuggestionKind): monaco.languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  switch (kind) {
    case 'keyword':
      return K.Keyword;
    case 'function':
      return K.Function;
    case 'table':
      return K.Struct;
    case 'view':
      return K.Interface;
    case 'column':
      return K.Field;
    case 'option':
      return K.Property;
    default:
      return K.Value;
  }
}

/** Registers the language and its providers, once. */
export function registerFlinkSql(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.sql'], aliases: ['Flink SQL'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '--', blockComment: ['/*', '*/'] },
    brackets: [['(', ')']],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: "'", close: "'", notIn: ['string', 'comment'] },
      { open: '`', close: '`', notIn: ['string', 'comment'] },
    ],
    surroundingPairs: [
      { open: '(', close: ')' },
      { open: "'", close: "'" },
      { open: '`', close: '`' },
    ],
  });
  setTokenizer(language);

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['.', "'"],
    provideCompletionItems(model, position) {
      const text = model.getValue();
      const result = completeAt(text, model.getOffsetAt(position), {
        language,
        tables: tablesByModel.get(model.uri.toString()) ?? [],
        functions: functionsByModel.get(model.uri.toString()) ?? [],
      });
      // A suggestion replaces text on the cursor's line only.
      const start = model.getPositionAt(result.from);
      const end = model.getPositionAt(result.to);
      const range = new monaco.Range(
        position.lineNumber,
        start.lineNumber === position.lineNumber ? start.column : 1,
        position.lineNumber,
        end.lineNumber === position.lineNumber ? end.column : model.getLineMaxColumn(position.lineNumber),
      );
      return {
        suggestions: result.suggestions.map((s) => ({
          label: s.label,
          kind: itemKind(s.kind),
          insertText: s.insertText,
          insertTextRules: s.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          detail: s.detail,
          documentation: s.documentation,
          filterText: s.filterText,
          sortText: s.sortText,
          range,
        })),
      };
    },
  });

  monaco.languages.registerCodeActionProvider(
    LANGUAGE_ID,
    {
      provideCodeActions(model, _range, context) {
        const index = suggestionsByModel.get(model.uri.toString());
        const actions: monaco.languages.CodeAction[] = [];
        if (index) {
          for (const marker of context.markers) {
            quickFixes(marker, index, model.getValueInRange(marker)).forEach((fix, i) => {
              actions.push({
                title: fix.title,
                kind: 'quickfix',
                diagnostics: [marker],
                isPreferred: i === 0,
                edit: {
                  edits: [{ resource: model.uri, textEdit: { range: fix.range, text: fix.text }, versionId: model.getVersionId() }],
                },
              });
            });
          }
        }
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );
}
