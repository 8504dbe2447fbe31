// Shapes of the SQL assistance endpoints (GET /sql/language, POST /sql/tables) and of the editor's
// own data, as the server's records (sluice-engine-api .../assist) write them.

export interface SqlFunction {
  name: string;
  kind: 'BUILTIN' | 'SLUICE' | string;
  signatures: string[];
  description?: string | null;
}

/** A function registered in the script's project (GET /functions?project=), as the editor offers it. */
export interface ProjectFunction {
  name: string;
  artifact: string;
  version: number;
  className: string;
  kind: string;
  signatures: string[];
  /** Whether the caller may use it (a USE grant, or an owner of the project). */
  usable: boolean;
}

export interface FactoryOption {
  key: string;
  required: boolean;
  type?: string | null;
  /** The record's field is `defaultValue`; `default` is read too. */
  defaultValue?: string | null;
  default?: string | null;
  description: string;
}

export interface FactoryOptions {
  identifier: string;
  options: FactoryOption[];
}

export interface SqlLanguage {
  keywords: string[];
  functions: SqlFunction[];
  connectors: FactoryOptions[];
  formats?: FactoryOptions[];
}

export interface DeclaredColumn {
  name: string;
  type: string;
}

export interface DeclaredTable {
  name: string;
  identifier?: string;
  kind: string;
  /** 1-based number of the declaring statement, 0 for a catalog's table. */
  statement: number;
  /** 1-based line of the declaring statement, 0 for a catalog's table. */
  line: number;
  column?: number;
  connector?: string | null;
  columns: DeclaredColumn[];
}

export interface TablesAnswer {
  tables: DeclaredTable[];
}

export interface ValidationAnswer {
  valid: boolean;
  statements: { number: number; kind: string; line: number; column: number; text: string }[];
}

/** What PUT /jobs/{id} and POST /jobs/{id}/rollback answer (JobController.Saved). */
export interface Saved {
  id: number;
  name: string;
  project: string;
  version: number;
  author: string;
  comment: string | null;
}

export const EMPTY_LANGUAGE: SqlLanguage = { keywords: [], functions: [], connectors: [], formats: [] };
