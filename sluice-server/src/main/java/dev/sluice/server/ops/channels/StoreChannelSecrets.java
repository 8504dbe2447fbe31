package dev.sluice.server.ops.channels;

import dev.sluice.server.secrets.SecretStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Channel secrets from the platform's secret store. */
@Component
class StoreChannelSecrets implements ChannelSecrets {
  private final SecretStore secrets;

  StoreChannelSecrets(SecretStore secrets) {
    this.secrets = secrets;
  }

  @Override
  public Optional<String> value(String name, String project) {
    if (!secrets.valueExists(name) || !project.equals(secrets.project(name))) {
      return Optional.empty();
    }
    return secrets.value(name);
  }
}
