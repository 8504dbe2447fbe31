package dev.sluice.server.ops.metrics;

import java.time.Instant;

/**
 * Published by what watches a cluster's processes (the local cluster's supervisor) when the number
 * of its live TaskManagers changes, so that the change is a metric sample at once instead of at the
 * next collection: a TaskManager that dies and is back two seconds later would otherwise never be
 * seen, because Flink still lists the dead one until its heartbeat times out.
 *
 * @param clusterId the cluster of the store
 * @param count how many TaskManagers are alive now
 * @param at when this was seen
 */
public record TaskManagersSeen(long clusterId, int count, Instant at) {}
