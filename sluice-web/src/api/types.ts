// Shapes of the server's JSON, as the REST API documents them (docs/rest-api.md).

export type DesiredState = 'RUNNING' | 'STOPPED' | string;

export interface Job {
  id: number;
  name: string;
  project: string;
  type: string;
  cluster: string;
  currentVersion: number;
  deployedVersion: number | null;
  desiredState: DesiredState;
  state: string;
  flinkJobId: string | null;
  flinkState: string | null;
  clusterReachable: boolean;
  startedAt: string | null;
  restarts: number | null;
  lastCheckpoint: string | null;
  lastSavepoint: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobVersion {
  jobId: number;
  version: number;
  script: string;
  author: string;
  comment: string | null;
  createdAt: string;
}

export interface Me {
  username: string;
  admin: boolean;
  projects: { project: string; role: string }[];
  token?: { name?: string; project?: string; role?: string; expiresAt?: string } | null;
}

export interface ClusterHealth {
  reachable: boolean;
  flinkVersion: string | null;
  taskManagers: number;
  slotsTotal: number;
  slotsAvailable: number;
  jobsRunning: number;
  error: string | null;
}

export interface ClusterView {
  id: number;
  name: string;
  kind: string;
  restUrl: string;
  health: ClusterHealth;
}

export interface RestoreOperator {
  operatorId: string;
  uid: string | null;
  name: string | null;
  stateBytes: number;
  restored: boolean;
}

export interface StatementRestore {
  statement: string;
  label: string | null;
  number: number;
  status: 'KEPT' | 'CHANGED' | 'NEW' | 'REMOVED';
  restoredBytes: number;
  droppedBytes: number;
  droppedOperators: number;
  operators: RestoreOperator[];
}

export interface RestorePlan {
  savepoint: string;
  statements: StatementRestore[];
  unowned: RestoreOperator[];
}

export interface PlanOperator {
  id: string;
  name: string;
  uid: string | null;
  statement: string | null;
}

export interface PlanVertex {
  id: string;
  name: string;
  parallelism: number;
  maxParallelism: number;
  operators: PlanOperator[];
}

export interface PlanEdge {
  source: string;
  target: string;
  shipStrategy: string;
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
