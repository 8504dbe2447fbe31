package dev.sluice.server.jobs;

/** What the user wants of a job: running on its cluster, or not. */
public enum DesiredState {
  RUNNING,
  STOPPED
}
