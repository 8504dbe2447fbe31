package dev.sluice.server.ops.alerts;

import java.time.Instant;

/**
 * What a channel sends: one alert going to firing, being repeated, or resolved.
 *
 * @param status {@code firing} or {@code resolved}
 * @param alertId the alert (rule, job, vertex) this is about; the same for its firing and its
 *     resolved notification
 * @param rule the rule's name
 * @param severity P0, P1 or P2
 * @param project the project of the rule and job
 * @param job the job's name
 * @param vertex the vertex the condition held on, or null
 * @param value the value that made (or unmade) the condition
 * @param since when the alert started firing
 * @param endedAt when it resolved, or null
 * @param summary one human line, e.g. {@code input_rate 0 < 1000 for 20s}
 */
public record AlertNotification(
    String status,
    long alertId,
    String rule,
    String severity,
    String project,
    String job,
    String vertex,
    Double value,
    Instant since,
    Instant endedAt,
    String summary) {}
