import { createContext, useContext } from 'react';
import type { Me } from './types';

/** Who is logged in, for every page. */
export const SessionContext = createContext<Me | null>(null);

export function useMe(): Me | null {
  return useContext(SessionContext);
}

const RANK: Record<string, number> = { viewer: 1, developer: 2, operator: 3, owner: 4 };

/** Whether the caller holds at least `role` in `project` (admins hold every role). */
export function hasRole(me: Me | null, project: string, role: 'viewer' | 'developer' | 'operator' | 'owner'): boolean {
  if (!me) return false;
  if (me.admin) return true;
  const held = me.projects.find((p) => p.project === project)?.role?.toLowerCase();
  return held !== undefined && (RANK[held] ?? 0) >= RANK[role];
}
