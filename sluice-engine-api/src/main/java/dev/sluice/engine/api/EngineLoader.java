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
 * (Flink, connectors) and, from the host, only this API package and the SLF4J API (so its log lines
 * go where the host's go). Nothing of the host's classpath (Spring, its Jackson, its Kafka client)
 * can leak into the engine, nor the other way round.
 */
public final class EngineLoader {
  private static final List<String> SHARED_PREFIXES =
      List.of(Engine.class.getPackageName() + ".", "org.slf4j.");

  private EngineLoader() {}

  /** Loads the engine at {@code engineHome}: jars in lib/, compiler/ and connectors/NAME/. */
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
    Path connectors = engineHome.resolve("connectors");
    if (Files.isDirectory(connectors)) {
      try (Stream<Path> bundles = Files.list(connectors)) {
        bundles.filter(Files::isDirectory).sorted().forEach(b -> urls.addAll(jars(b)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ClassLoader loader = new IsolatedClassLoader(urls.toArray(URL[]::new), Engine.class.getClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      EngineFactory factory =
          ServiceLoader.load(EngineFactory.class, loader)
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("No EngineFactory in " + engineHome.toAbsolutePath()));
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
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().map(EngineLoader::url).toList();
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

    IsolatedClassLoader(URL[] urls, ClassLoader host) {
      super("sluice-engine", urls, ClassLoader.getPlatformClassLoader());
      this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String prefix : SHARED_PREFIXES) {
        if (name.startsWith(prefix)) {
          return host.loadClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      // SLF4J's service files must not be found in the engine: its API class comes from the host.
      if (name.startsWith("META-INF/services/org.slf4j.")) {
        return host.getResource(name);
      }
      return super.getResource(name);
    }
  }
}
