// Shapes of the server's job-graph JSON: the compiled plan (GET /jobs/{id}/plan), the running
// graph (GET /jobs/{id}/vertices) and the parallelism settings (GET/PUT /jobs/{id}/parallelism).
import type { PlanEdge, PlanVertex } from '../api/types';

export interface JobGraphView {
  vertices: PlanVertex[];
  edges: PlanEdge[];
}

/** ExplainResult. */
export interface PlanResult {
  graph: JobGraphView;
  planText: string;
  connectors: string[];
}

export interface RunningInput {
  id: string;
  shipStrategy: string;
}

export interface RunningVertex {
  id: string;
  name: string;
  parallelism: number;
  maxParallelism: number;
  status: string | null;
  operators: string[];
  statement?: string | null;
  uid?: string | null;
  inputs: RunningInput[];
  recordsInPerSecond: number | null;
  recordsOutPerSecond: number | null;
  busyPercent: number | null;
  backpressuredPercent: number | null;
  idlePercent: number | null;
}

/** JobVertices: empty vertices (and a null state) when the cluster knows no Flink job of the job. */
export interface RunningGraph {
  job?: string;
  jobId?: number;
  flinkJobId: string | null;
  state: string | null;
  at: string | null;
  vertices: RunningVertex[];
}

export interface ParallelismSettings {
  defaultParallelism: number | null;
  maxParallelism: number;
  operators: Record<string, number>;
  plan?: PlanResult;
}

export interface ParallelismChange {
  defaultParallelism?: number | null;
  maxParallelism?: number;
  operators: Record<string, number>;
}
