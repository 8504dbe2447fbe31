import type { RestorePlan } from '../api/types';

/** GET /api/v1/jobs/{id}/restore-plan (JobController.RestorePlanView). */
export interface RestorePlanView {
  plan: RestorePlan;
  dropsState: boolean;
  statementsDroppingState: string[];
}

/** A savepoint or retained checkpoint of a job (GET /api/v1/jobs/{id}/savepoints, newest first). */
export interface Savepoint {
  id: number;
  jobId: number;
  flinkJobId: string | null;
  jobVersion: number;
  kind: 'SAVEPOINT' | 'CHECKPOINT' | string;
  path: string;
  createdAt: string;
}
