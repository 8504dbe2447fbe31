// Unsaved edits kept in the browser, one per job, with the version they were edited from, so a
// reload or a crash loses nothing and a draft of an older version is never applied silently.

export interface Draft {
  script: string;
  /** The job version the draft was edited from. */
  baseVersion: number;
  /** When it was last written, ms since the epoch. */
  savedAt: number;
}

export type DraftDecision =
  | { kind: 'none' }
  /** The draft was edited from the version the server still has: put it in the editor. */
  | { kind: 'restore'; draft: Draft }
  /** The server's version moved on since: show both and let the user choose. */
  | { kind: 'conflict'; draft: Draft; serverVersion: number };

export function draftKey(jobName: string): string {
  return 'sluice.draft.' + jobName;
}

/** What to do on load with a stored draft, given the job's current version and its script. */
export function decideDraft(draft: Draft | null, currentVersion: number, serverScript: string): DraftDecision {
  if (!draft || draft.script === serverScript) return { kind: 'none' };
  if (draft.baseVersion === currentVersion) return { kind: 'restore', draft };
  return { kind: 'conflict', draft, serverVersion: currentVersion };
}

function isDraft(v: unknown): v is Draft {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return typeof d.script === 'string' && typeof d.baseVersion === 'number' && typeof d.savedAt === 'number';
}

export function readDraft(jobName: string, storage: Storage = window.localStorage): Draft | null {
  try {
    const raw = storage.getItem(draftKey(jobName));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Keeps a draft; false (with the reason) when the browser refuses, e.g. its storage is full. */
export function writeDraft(jobName: string, draft: Draft, storage: Storage = window.localStorage): { ok: true } | { ok: false; reason: string } {
  try {
    storage.setItem(draftKey(jobName), JSON.stringify(draft));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export function clearDraft(jobName: string, storage: Storage = window.localStorage): void {
  try {
    storage.removeItem(draftKey(jobName));
  } catch {
    // nothing to clear in a browser without storage
  }
}
