import type { RestorePlan } from '../api/types';

/** GET /api/v1/jobs/{id}/restore-plan (JobController.RestorePlanView). */
export interface RestorePlanView {
  plan: RestorePlan;
  dropsState: boolean;
  statementsDroppingState: string[];
}

