package dev.sluice.server.ops.metrics;

import java.time.Instant;

/**
 * One value of one metric of a job at one time.
 *
 * @param jobId the Sluice job
 * @param name a name of {@link MetricNames}
 * @param vertex the job vertex (operator chain) the value is of, or null for a job-level metric
 * @param at when it was collected
 * @param value the value, in the unit {@link MetricNames} gives
 */
public record MetricSample(long jobId, String name, String vertex, Instant at, double value) {}
