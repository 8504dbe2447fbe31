package dev.sluice.server.ops.scaling;

import java.time.Instant;

/**
 * What the automatic mode remembers of a job between looks.
 *
 * @param lastScaledAt when it last changed the job's parallelism, or null
 * @param scaleDownSince since when a scale-down has been advised without a break, or null
 */
public record ScalingState(Instant lastScaledAt, Instant scaleDownSince) {
  public static final ScalingState NONE = new ScalingState(null, null);
}
