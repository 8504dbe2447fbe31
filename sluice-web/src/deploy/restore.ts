// What a deploy restores from, and the rule that no state is dropped without the user ticking
// each statement that loses it. The server enforces the same rule (DeploymentService.checkStateIsKept):
// confirmDrop must name exactly the statements dropping state.

import { ApiError } from '../api/client';
import type { RestorePlanView } from './types';

/** The user's choice: latest savepoint, latest retained checkpoint, a chosen savepoint, or no state. */
export type RestoreChoice = 'latest' | 'latest-checkpoint' | 'savepoint' | 'none';

/** State the savepoint holds that no statement owns: the server names it so in confirmDrop. */
export const UNATTRIBUTED = 'unattributed';

/** The `restore` of POST /jobs/{id}/deploy (and the `savepoint` of its restore plan). */
export function restoreValue(choice: RestoreChoice, path: string | null | undefined): string | null {
  switch (choice) {
    case 'latest':
    case 'latest-checkpoint':
      return choice;
    case 'savepoint':
      return path ? path : null;
    case 'none':
      return 'none';
  }
}

/** The restore-plan URL for a restore value; none for a deploy without state. */
export function restorePlanPath(jobId: number, restore: string | null): string | null {
  if (restore === null || restore === 'none') return null;
  return `/api/v1/jobs/${jobId}/restore-plan?savepoint=${encodeURIComponent(restore)}`;
}

/**
 * The statements whose state the restore drops, in the plan's order: those the plan lists, and the
 * savepoint's unowned state when it holds bytes (the deploy refuses that too until confirmed).
 */
export function droppingStatements(view: RestorePlanView): string[] {
  const dropping = [...view.statementsDroppingState];
  const ordered = view.plan.statements.map((s) => s.statement).filter((s) => dropping.includes(s));
  const rest = dropping.filter((s) => !ordered.includes(s));
  const all = [...ordered, ...rest];
  if (!all.includes(UNATTRIBUTED) && view.plan.unowned.some((o) => o.stateBytes > 0)) all.push(UNATTRIBUTED);
  return all;
}

/** Deploy is allowed once every statement that loses state is ticked. */
export function mayDeploy(dropping: string[], ticked: ReadonlySet<string>): boolean {
  return dropping.every((s) => ticked.has(s));
}

/** The confirmDrop to send: the ticked statements that the plan says drop state, in its order. */
export function confirmDrop(dropping: string[], ticked: ReadonlySet<string>): string[] {
  return dropping.filter((s) => ticked.has(s));
}

/** The restore plan a refused deploy carries (409 state would be dropped, 400 nothing to confirm). */
export function planOfRefusal(error: unknown): RestorePlanView | null {
  if (!(error instanceof ApiError)) return null;
  const plan = error.body.restorePlan as RestorePlanView['plan'] | undefined;
  if (!plan || !Array.isArray(plan.statements)) return null;
  const listed = error.body.statementsDroppingState;
  const statementsDroppingState = Array.isArray(listed)
    ? (listed as string[])
    : plan.statements.filter((s) => s.droppedOperators > 0).map((s) => s.statement);
  return { plan, dropsState: statementsDroppingState.length > 0, statementsDroppingState };
}

/** A restore plan that cannot be made because there is nothing to restore from. */
export function nothingToRestore(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.status === 404);
}

/**
 * How a statement of a restore plan reads: its label, except a shared source, whose key is the
 * planner's whole scan description (`source::TableSourceScan(table=[[catalog, db, orders, ...`):
 * that reads as "source orders".
 */
export function statementTitle(s: { statement: string; label?: string | null }): string {
  const scan = /^source::TableSourceScan\(table=\[\[([^\]]*)/.exec(s.statement);
  if (scan) {
    const parts = scan[1].split(',').map((p) => p.trim());
    if (parts.length >= 3 && parts[2]) return `source ${parts[2]}`;
  }
  return s.label ?? s.statement;
}
