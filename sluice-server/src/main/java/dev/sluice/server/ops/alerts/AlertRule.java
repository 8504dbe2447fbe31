package dev.sluice.server.ops.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stored rule: what it watches (one job, the jobs of a tier, or every job of its project), its
 * conditions and where its notifications go. A template is kept only as a note: the stored
 * conditions are what is evaluated.
 *
 * @param job a job's name, or null
 * @param tier the tier whose jobs the rule watches, or null
 * @param severity the alerts' severity, or null for the tier of each job
 * @param forDuration how long the conditions must hold before the alert fires
 * @param repeatInterval how often a firing alert is sent again: null for the severity's default,
 *     zero for never
 */
public record AlertRule(
    long id,
    String project,
    String name,
    String job,
    Tier tier,
    Tier severity,
    Duration forDuration,
    Match match,
    List<Condition> conditions,
    List<String> channels,
    Duration repeatInterval,
    String description,
    String template,
    String author,
    Instant createdAt,
    Instant updatedAt) {
  public AlertRule {
    requireNonNull(project, "project is null");
    requireNonNull(name, "name is null");
    requireNonNull(forDuration, "forDuration is null");
    requireNonNull(match, "match is null");
    conditions = List.copyOf(conditions);
    channels = channels == null ? null : List.copyOf(channels);
  }

  /** What a user defines; the store adds id, author and times. */
  public record Definition(
      String name,
      String project,
      String job,
      Tier tier,
      Tier severity,
      Duration forDuration,
      Match match,
      List<Condition> conditions,
      List<String> channels,
      Duration repeatInterval,
      String description,
      String template) {
    public Definition {
      requireNonNull(name, "name is null");
      requireNonNull(forDuration, "forDuration is null");
      requireNonNull(match, "match is null");
      conditions = List.copyOf(conditions);
      channels = channels == null ? null : List.copyOf(channels);
    }

    public Definition withProject(String project) {
      return new Definition(
          name,
          project,
          job,
          tier,
          severity,
          forDuration,
          match,
          conditions,
          channels,
          repeatInterval,
          description,
          template);
    }
  }

  /** The severity of this rule's alerts on a job of the tier. */
  public Tier severityFor(Tier jobTier) {
    return severity != null ? severity : jobTier;
  }

  /** How often a firing alert of the severity is sent again; null: never. */
  public Duration repeatFor(Tier severity) {
    if (repeatInterval == null) {
      return severity.defaultRepeat();
    }
    return repeatInterval.isZero() ? null : repeatInterval;
  }

  /** Whether the rule watches the job. */
  public boolean appliesTo(String jobProject, String jobName, Tier jobTier) {
    if (!project.equals(jobProject)) {
      return false;
    }
    if (job != null) {
      return job.equals(jobName);
    }
    return tier == null || tier == jobTier;
  }

  /**
   * Whether a failed or restarting job inhibits the rule's alerts on it: every condition is on a
   * throughput, lag or backpressure metric (a rule that also looks at anything else is kept).
   */
  public boolean inhibitedByJobState() {
    return conditions.stream().allMatch(c -> Condition.INHIBITED_BY_JOB_STATE.contains(c.metric()));
  }

  /** For instance {@code input_rate < 1000 for 20s}. */
  public String conditionText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < conditions.size(); i++) {
      if (i > 0) {
        text.append(match == Match.ALL ? " and " : " or ");
      }
      text.append(conditions.get(i).text());
    }
    if (!forDuration.isZero()) {
      text.append(" for ").append(Durations.format(forDuration));
    }
    return text.toString();
  }
}
