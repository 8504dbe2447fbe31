package dev.sluice.engine.api;

import java.nio.file.Path;

/**
 * Creates an engine. Implementations are found with {@link java.util.ServiceLoader} inside the
 * engine's own classloader.
 */
public interface EngineFactory {

  /**
   * @param engineHome the engine's directory ({@code lib/}, {@code compiler/}, {@code connectors/})
   */
  Engine create(Path engineHome);
}
