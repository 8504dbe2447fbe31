package dev.sluice.server.jobs;

/** How a restorable snapshot of a job's state came to be. */
public enum SavepointKind {
  SAVEPOINT,
  CHECKPOINT
}
