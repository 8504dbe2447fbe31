package dev.sluice.engine.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Loads an engine from its directory through an isolated classloader: the engine sees its own jars
 * (Flink, connectors) and, from the host, only this API package and, when the host has it, the
 * SLF4J API (so that the engine's log lines go where the host's go). Nothing of the host's
 * classpath (Spring, its Jackson, its Kafka client) can leak into the engine, nor the other way
 * round.
 */
public final class EngineLoader {
  private static final String API_PREFIX = Engine.class.getPackageName() + ".";
  private static final String SLF4J_PREFIX = "org.slf4j.";

  private EngineLoader() {}

  /**
   * Loads the engine at {@code engineHome}: jars in lib/, compiler/, functions/ and
   * connectors/NAME/.
   */
  public static Engine load(Path engineHome) {
    if (!Files.isDirectory(engineHome.resolve("lib"))) {
      throw new IllegalStateException(
          "No engine at "
              + engineHome.toAbsolutePath()
              + ": expected lib/, compiler/ and connectors/ there (build the distribution first)");
    }
    List<URL> urls = new ArrayList<>();
    urls.addAll(jars(engineHome.resolve("lib")));
    urls.addAll(jars(engineHome.resolve("compiler")));
    urls.addAll(jars(engineHome.resolve("functions")));
    Path connectors = engineHome.resolve("connectors");
    if (Files.isDirectory(connectors)) {
      try (Stream<Path> bundles = Files.list(connectors)) {
        bundles.filter(Files::isDirectory).sorted().forEach(b -> urls.addAll(jars(b)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ClassLoader loader =
        new IsolatedClassLoader(urls.toArray(URL[]::new), Engine.class.getClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      EngineFactory factory =
          ServiceLoader.load(EngineFactory.class, loader)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "No EngineFactory in " + engineHome.toAbsolutePath()));
      return factory.create(engineHome.toAbsolutePath());
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  static List<URL> jars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".jar"))
          .sorted()
          .map(EngineLoader::url)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Child-first for everything but the shared API packages, which come from the host. */
  static final class IsolatedClassLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final boolean hostLogs;

    IsolatedClassLoader(URL[] urls, ClassLoader host) {
      super("sluice-engine", urls, ClassLoader.getPlatformClassLoader());
      this.host = host;
      this.hostLogs = host.getResource("org/slf4j/LoggerFactory.class") != null;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(API_PREFIX) || (hostLogs && name.startsWith(SLF4J_PREFIX))) {
        return host.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
