package dev.sluice.server.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server keeps the local cluster's processes alive ({@code
 * sluice.local-cluster.supervisor.*}).
 *
 * @param enabled whether a JobManager or TaskManager that dies is started again
 * @param interval how often the processes are looked at
 * @param initialBackoff the wait before starting a process that died; doubled for each start that
 *     did not stay up
 * @param maxBackoff the longest wait
 * @param stableAfter a process that stays up this long counts as healthy again: the backoff starts
 *     from the initial one at its next death
 * @param crashLoopRestarts this many restarts of one process within {@code crashLoopWithin} raise
 *     the crash-loop alert event
 * @param crashLoopWithin the window of {@code crashLoopRestarts}
 */
@ConfigurationProperties("sluice.local-cluster.supervisor")
public record SupervisorProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") Duration interval,
    @DefaultValue("1s") Duration initialBackoff,
    @DefaultValue("1m") Duration maxBackoff,
    @DefaultValue("2m") Duration stableAfter,
    @DefaultValue("5") int crashLoopRestarts,
    @DefaultValue("10m") Duration crashLoopWithin) {}
