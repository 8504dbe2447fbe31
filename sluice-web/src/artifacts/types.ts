// Shapes of the artifacts, functions and grants endpoints (docs/rest-api.md).
import { ApiError } from '../api/client';

export interface ScannedFunction {
  className: string;
  kind: string;
  signatures: string[];
  problem: string | null;
}

export interface ArtifactVersion {
  artifact: string;
  project: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  uploadedBy: string;
  uploadedAt: string;
  comment: string | null;
  classes?: number;
  entryClass?: string | null;
  mainClasses?: string[];
  functions: ScannedFunction[];
}

export interface ArtifactSummary {
  name: string;
  project: string;
  versions: number;
  latest: ArtifactVersion;
}

export interface FunctionView {
  name: string;
  project: string;
  artifact: string;
  version: number;
  className: string;
  kind: string;
  signatures: string[];
  registeredBy: string;
  registeredAt: string;
  comment: string | null;
  usable: boolean;
}

export interface Grant {
  id: number;
  function?: string | null;
  artifact?: string | null;
  user?: string | null;
  role?: string | null;
  project?: string | null;
  privilege: string;
  grantedBy: string;
  grantedAt: string;
}

export interface JobFunctions {
  version: number;
  functions: { name: string; artifact: string; version: number; className: string; registeredNow: string | null }[];
  upgradable: boolean;
}

/** A size as people read it: 512 B, 12.3 KB, 4.0 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The field a 400 names ("file: The file is not a jar") and its message, or null. */
export function fieldError(e: unknown): { field: string; message: string } | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const m = e.detail.match(/^([A-Za-z][\w.]*): ([\s\S]*)$/);
  return m ? { field: m[1], message: e.detail } : null;
}
