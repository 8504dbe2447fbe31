package dev.sluice.server.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's Kafka broker as the studio browses it ({@code sluice.kafka.*}).
 *
 * @param bootstrapServers the brokers whose topics are listed and sampled; empty: the local
 *     platform's broker. A request never names a broker of its own.
 * @param timeout the longest a listing or a sample waits for the broker
 */
@ConfigurationProperties("sluice.kafka")
public record PlatformKafkaProperties(
    @DefaultValue("") String bootstrapServers, @DefaultValue("5s") Duration timeout) {
  public PlatformKafkaProperties {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("sluice.kafka.timeout must be positive");
    }
  }
}
