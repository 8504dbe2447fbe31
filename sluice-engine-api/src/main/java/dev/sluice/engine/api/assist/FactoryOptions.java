package dev.sluice.engine.api.assist;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The options of a connector or format factory.
 *
 * @param identifier the factory identifier ({@code kafka}, {@code json})
 * @param options required options first, then optional ones, each group sorted by key
 */
public record FactoryOptions(String identifier, List<FactoryOption> options) {
  public FactoryOptions {
    requireNonNull(identifier, "identifier is null");
    options = List.copyOf(options);
  }
}
