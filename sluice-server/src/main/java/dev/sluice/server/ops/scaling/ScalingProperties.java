package dev.sluice.server.ops.scaling;

import dev.sluice.server.ops.alerts.Tier;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval how often the jobs with a scaling policy are looked at
 * @param autoTiers the tiers whose jobs scale automatically unless their own policy says not
 */
@ConfigurationProperties("sluice.ops.scaling")
public record ScalingProperties(@DefaultValue("1m") Duration interval, Set<Tier> autoTiers) {
  public ScalingProperties {
    autoTiers = autoTiers == null ? Set.of() : Set.copyOf(autoTiers);
  }
}
