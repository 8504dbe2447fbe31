package dev.sluice.server.clusters;

import java.time.OffsetDateTime;

/** A Flink session cluster jobs can run on. */
public record Cluster(long id, String name, String kind, String restUrl, OffsetDateTime createdAt) {
  public static final String LOCAL = "local";
}
