package dev.sluice.server.jobs;

import java.time.OffsetDateTime;

/** A savepoint (or retained checkpoint) a job can be restored from. */
public record Savepoint(
    long id,
    long jobId,
    String flinkJobId,
    int jobVersion,
    SavepointKind kind,
    String path,
    OffsetDateTime createdAt) {}
