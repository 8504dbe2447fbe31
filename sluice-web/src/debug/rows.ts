// Rows of a debug step as the page holds them: appended page by page, shown by column.

import type { Column, RowView } from './types';

/** `page` appended to `rows`, skipping any row already held (a page asked for twice). */
export function appendRows(rows: RowView[], page: RowView[]): RowView[] {
  const last = rows.length > 0 ? rows[rows.length - 1].seq : -Infinity;
  const fresh = page.filter((r) => r.seq > last);
  return fresh.length === 0 ? rows : rows.concat(fresh);
}

/** The value of column `index` of a row: taps post values in column order; objects are read by name. */
export function cellValue(values: unknown, columns: Column[], index: number): unknown {
  if (Array.isArray(values)) return values[index];
  if (values && typeof values === 'object') return (values as Record<string, unknown>)[columns[index]?.name];
  return index === 0 ? values : undefined;
}

/** How a value reads in a cell: NULL for null, JSON for nested values. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const ENDED_COLOURS: Record<string, string> = {
  RUNNING: 'processing',
  FINISHED: 'cyan',
  STOPPED: 'default',
  LIMIT: 'orange',
  TIMEOUT: 'orange',
  IDLE: 'orange',
  FAILED: 'red',
};
