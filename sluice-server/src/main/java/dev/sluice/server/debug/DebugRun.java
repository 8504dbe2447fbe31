package dev.sluice.server.debug;

import java.time.OffsetDateTime;

/** A stored debug run. */
public record DebugRun(
    String id,
    Long jobId,
    String script,
    long clusterId,
    String flinkJobId,
    String token,
    String status,
    String reason,
    String steps,
    int maxRows,
    int maxSeconds,
    int idleSeconds,
    String author,
    OffsetDateTime createdAt,
    OffsetDateTime lastReadAt,
    OffsetDateTime endedAt,
    String project,
    boolean live) {

  public static final String RUNNING = "RUNNING";

  public boolean running() {
    return RUNNING.equals(status);
  }
}
