package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.jobs.JobState;

/** A job as alerting sees it: its name, project, tier and the state the store last saw. */
public record WatchedJob(long id, String name, String project, Tier tier, JobState state) {
  public WatchedJob {
    requireNonNull(name, "name is null");
    requireNonNull(project, "project is null");
    requireNonNull(tier, "tier is null");
    requireNonNull(state, "state is null");
  }
}
