package dev.sluice.server.config;

import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.EngineLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine, loaded once from its own directory and kept warm for the server's lifetime; every
 * request to it carries the sandbox's settings.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

  @Bean(destroyMethod = "close")
  Engine engine(SluiceProperties properties, SandboxProperties sandbox) {
    long started = System.nanoTime();
    Engine engine = EngineLoader.load(properties.engineHome());
    LOG.info(
        "Loaded engine {} from {} in {} ms",
        engine.version(),
        properties.engineHome().toAbsolutePath(),
        (System.nanoTime() - started) / 1_000_000);
    return new SandboxedEngine(engine, sandbox.configuration(properties.dataDir()));
  }
}
