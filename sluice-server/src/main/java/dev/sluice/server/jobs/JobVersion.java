package dev.sluice.server.jobs;

import java.time.OffsetDateTime;

/** One immutable saved version of a job's script. */
public record JobVersion(
    long jobId,
    int version,
    String script,
    String author,
    String comment,
    OffsetDateTime createdAt) {}
