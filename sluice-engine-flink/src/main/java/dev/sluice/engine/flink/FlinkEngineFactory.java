package dev.sluice.engine.flink;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.EngineFactory;
import java.nio.file.Path;

/** Found by the server's engine loader through {@link java.util.ServiceLoader}. */
public final class FlinkEngineFactory implements EngineFactory {
  @Override
  public Engine create(Path engineHome) {
    return new FlinkEngine(engineHome, FlinkEngineFactory.class.getClassLoader());
  }
}
