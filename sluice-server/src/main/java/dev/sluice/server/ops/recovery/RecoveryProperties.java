package dev.sluice.server.ops.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the recovery policy runs ({@code sluice.ops.recovery.*}).
 *
 * @param interval how often the jobs are looked at
 * @param healthyAfter a recovered job that runs this long ends its episode (its attempts start from
 *     zero again)
 * @param cancelTimeout how long a recovery waits for the cancelled Flink job to end before it
 *     submits another
 */
@ConfigurationProperties("sluice.ops.recovery")
public record RecoveryProperties(
    @DefaultValue("5s") Duration interval,
    @DefaultValue("10m") Duration healthyAfter,
    @DefaultValue("30s") Duration cancelTimeout) {}
