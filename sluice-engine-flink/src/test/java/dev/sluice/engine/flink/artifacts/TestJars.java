package dev.sluice.engine.flink.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a jar from Java sources during a test, against the test's own class path. */
final class TestJars {
  private TestJars() {}

  /**
   * @param sources source text by class name ({@code com.acme.Twice})
   */
  static Path build(Path dir, String name, Map<String, String> sources) {
    try {
      Path src = Files.createDirectories(dir.resolve(name + "-src"));
      Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp"));
      args.add(System.getProperty("java.class.path"));
      args.add("-proc:none");
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int rc = javac.run(null, null, null, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("javac failed for " + name);
      }
      Path jar = dir.resolve(name + ".jar");
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream zip = new JarOutputStream(out);
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          zip.write(Files.readAllBytes(f));
          zip.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
