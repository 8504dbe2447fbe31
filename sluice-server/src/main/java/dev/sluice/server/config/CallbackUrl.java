package dev.sluice.server.config;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The server's address as jobs running on a cluster reach it (debug taps, the secret store). */
@Component
public class CallbackUrl {
  private final SluiceProperties properties;
  private final Environment environment;

  public CallbackUrl(SluiceProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /** Without a trailing slash, e.g. {@code http://localhost:8080}. */
  public String get() {
    String configured = properties.callbackUrl();
    if (configured != null && !configured.isBlank()) {
      return configured.endsWith("/")
          ? configured.substring(0, configured.length() - 1)
          : configured;
    }
    return "http://localhost:"
        + environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
  }
}
