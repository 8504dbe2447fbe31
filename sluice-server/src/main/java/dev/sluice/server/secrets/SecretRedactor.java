package dev.sluice.server.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Takes secret values out of text that comes back from a cluster (a job's failure, an exception
 * message): a connector may quote the password it was given, and such text is stored and shown.
 * Every stored value is replaced by its reference, as given and as escaped in SQL.
 */
@Component
public final class SecretRedactor {
  private final SecretStore secrets;

  public SecretRedactor(SecretStore secrets) {
    this.secrets = secrets;
  }

  /** The text with every secret value shown as its {@code ${secret:name}}; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (SecretStore.KeyInfo info : secrets.list()) {
      if (info.kind() == SecretKind.VALUE) {
        secrets.value(info.name()).ifPresent(v -> values.put(info.name(), v));
      }
    }
    return new SecretResolver.Resolution("", values).redact(text);
  }
}
