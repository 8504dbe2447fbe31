package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Mutes the alerts of a project that match every given matcher while it is active: they still
 * change state, but nothing is sent.
 *
 * @param job a job's name, or null for any
 * @param rule a rule's name, or null for any
 * @param severity a severity, or null for any
 */
public record Silence(
    long id,
    String project,
    String job,
    String rule,
    Tier severity,
    Instant startsAt,
    Instant endsAt,
    String author,
    String comment,
    Instant createdAt) {
  public Silence {
    requireNonNull(project, "project is null");
    requireNonNull(startsAt, "startsAt is null");
    requireNonNull(endsAt, "endsAt is null");
  }

  public boolean activeAt(Instant at) {
    return !at.isBefore(startsAt) && at.isBefore(endsAt);
  }

  public boolean matches(String project, String job, String rule, Tier severity) {
    return this.project.equals(project)
        && (this.job == null || this.job.equals(job))
        && (this.rule == null || this.rule.equals(rule))
        && (this.severity == null || this.severity == severity);
  }
}
