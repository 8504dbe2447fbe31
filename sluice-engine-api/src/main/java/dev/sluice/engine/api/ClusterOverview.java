package dev.sluice.engine.api;

/**
 * What a session cluster reports about itself.
 *
 * @param flinkVersion the cluster's Flink version
 * @param taskManagers registered task managers
 * @param slotsTotal task slots in all
 * @param slotsAvailable free task slots
 * @param jobsRunning running jobs
 */
public record ClusterOverview(
    String flinkVersion, int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning) {}
