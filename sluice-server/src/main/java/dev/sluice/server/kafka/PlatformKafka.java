package dev.sluice.server.kafka;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.local.LocalPlatform;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where the platform's broker is: {@code sluice.kafka.bootstrap-servers}, else the local platform's
 * broker. The only broker the studio's browsing connects to.
 */
@Component
public class PlatformKafka {
  private final PlatformKafkaProperties properties;
  private final ObjectProvider<LocalPlatform> platform;

  public PlatformKafka(PlatformKafkaProperties properties, ObjectProvider<LocalPlatform> platform) {
    this.properties = properties;
    this.platform = platform;
  }

  /** The brokers, or a 409 saying which property to set when there are none. */
  public String bootstrapServers() {
    if (!properties.bootstrapServers().isBlank()) {
      return properties.bootstrapServers().trim();
    }
    LocalPlatform local = platform.getIfAvailable();
    String servers = local == null ? "" : local.kafkaBootstrapServers().orElse("");
    if (servers.isBlank()) {
      throw new ConflictException(
          "The platform has no Kafka broker: set sluice.kafka.bootstrap-servers to the brokers"
              + " the studio should browse, or run the local platform's broker");
    }
    return servers;
  }
}
