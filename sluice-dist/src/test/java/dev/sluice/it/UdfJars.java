package dev.sluice.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Jars of user code built during a test: Java sources compiled against the distribution's own Flink
 * jars, as a user would build a UDF library or a jar job.
 */
final class UdfJars {
  static final Path ENGINE_LIB = Path.of("target/sluice/engine/flink-1.20/lib").toAbsolutePath();

  private UdfJars() {}

  /**
   * @param sources source text by class name ({@code com.acme.Twice})
   * @param mainClass the manifest's Main-Class, or null
   */
  static byte[] build(Path dir, Map<String, String> sources, String mainClass) {
    try {
      Path src = Files.createTempDirectory(Files.createDirectories(dir), "src");
      Path classes = Files.createTempDirectory(dir, "classes");
      String classPath;
      try (Stream<Path> jars = Files.list(ENGINE_LIB)) {
        classPath =
            String.join(java.io.File.pathSeparator, jars.map(Path::toString).sorted().toList());
      }
      List<String> args =
          new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none"));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      int rc =
          ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("javac failed: " + sources.keySet());
      }
      java.util.jar.Manifest manifest = new java.util.jar.Manifest();
      manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
      if (mainClass != null) {
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, mainClass);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JarOutputStream jar = new JarOutputStream(out, manifest);
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          jar.write(Files.readAllBytes(f));
          jar.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
