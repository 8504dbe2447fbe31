package dev.sluice.engine.api.assist;

import static java.util.Objects.requireNonNull;

/**
 * One option of a connector or format.
 *
 * @param key as written in WITH (...)
 * @param required whether the factory refuses a table without it
 * @param type the option's value type ({@code String}, {@code Duration}, {@code Enum}), or null
 * @param defaultValue the default as text, or null when it has none
 * @param description the factory's description as plain text, possibly empty
 */
public record FactoryOption(
    String key, boolean required, String type, String defaultValue, String description) {
  public FactoryOption {
    requireNonNull(key, "key is null");
    requireNonNull(description, "description is null");
  }
}
