// Shapes of the runtime endpoints the job detail page reads (see the server's ops/runtime records).

export interface Checkpoint {
  id: number;
  status: 'COMPLETED' | 'FAILED' | 'IN_PROGRESS' | string;
  isSavepoint?: boolean;
  /** Jackson may name the record's boolean component either way. */
  savepoint?: boolean;
  triggerTimestamp: number | null;
  latestAckTimestamp: number | null;
  endToEndDurationMs: number | null;
  stateSizeBytes: number | null;
  checkpointedSizeBytes: number | null;
  processedDataBytes: number | null;
  checkpointType: string | null;
  externalPath: string | null;
  failureTimestamp: number | null;
  failureMessage: string | null;
}

export interface JobCheckpoints {
  flinkJobId: string | null;
  state: string | null;
  at: string | null;
  counts: { completed: number; failed: number; inProgress: number; restored: number; total: number };
  latest: {
    completed: Checkpoint | null;
    failed: Checkpoint | null;
    savepoint: Checkpoint | null;
    restored: { id: number; restoreTimestamp: number | null; isSavepoint?: boolean; externalPath: string | null } | null;
  };
  history: Checkpoint[];
}

export interface Failure {
  exceptionName: string | null;
  message: string | null;
  cause: string | null;
  stacktrace: string | null;
  timestamp: number | null;
  taskName: string | null;
  location: string | null;
  taskManagerId: string | null;
  concurrentExceptions: number;
}

export interface JobExceptions {
  flinkJobId: string | null;
  state: string | null;
  at: string | null;
  rootCause: Failure | null;
  history: Failure[];
  truncated: boolean;
}

export function isSavepoint(c: Checkpoint): boolean {
  return c.isSavepoint ?? c.savepoint ?? false;
}

/** Epoch milliseconds as local date and time; empty when unknown. */
export function formatTime(ms: number | string | null | undefined): string {
  if (ms == null) return '';
  const d = typeof ms === 'number' ? new Date(ms) : new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

/** A failure in one line: the innermost cause, else the exception and its message. */
export function failureSummary(f: Failure): string {
  if (f.cause) return f.cause;
  const name = f.exceptionName ?? 'Exception';
  return f.message ? `${name}: ${f.message}` : name;
}
