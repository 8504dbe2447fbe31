package dev.sluice.engine.flink;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jar of given class-path resources, written for one submission and deleted once it is uploaded.
 * Readable by its owner only, as what it carries is often a credential.
 */
final class ResourceJar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceJar.class);
  private final Path path;

  private ResourceJar(Path path) {
    this.path = path;
  }

  /**
   * @param resources path inside the jar (relative, '/'-separated, without {@code ..}) to bytes
   */
  static ResourceJar write(Map<String, byte[]> resources) {
    requireNonNull(resources, "resources is null");
    Map<String, byte[]> sorted = new TreeMap<>();
    resources.forEach((name, bytes) -> sorted.put(checkName(name), requireNonNull(bytes, name)));
    Path path;
    try {
      path = createOwnerOnly();
    } catch (IOException e) {
      throw new UncheckedIOException("No temporary file for the job's resources", e);
    }
    ResourceJar jar = new ResourceJar(path);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(path);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      jar.close();
      throw new UncheckedIOException("The job's resources cannot be written to " + path, e);
    }
    return jar;
  }

  Path path() {
    return path;
  }

  /**
   * Deletes the jar. Never throws: it runs after the submission, whose outcome must reach the
   * caller whatever happens to the file.
   */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException | RuntimeException e) {
      LOG.warn("The job's resource jar {} cannot be deleted now; it is deleted at exit", path, e);
      path.toFile().deleteOnExit();
    }
  }

  private static Path createOwnerOnly() throws IOException {
    try {
      return Files.createTempFile(
          "sluice-job-resources-",
          ".jar",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile("sluice-job-resources-", ".jar"); // not a POSIX file system
    }
  }

  private static String checkName(String name) {
    if (name == null
        || name.isBlank()
        || name.startsWith("/")
        || name.endsWith("/")
        || name.contains("\\")
        || name.equals("..")
        || name.startsWith("../")
        || name.contains("/../")
        || name.endsWith("/..")
        || name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
      throw new IllegalArgumentException(
          "A class-path resource is a relative path of a file inside a jar (got: " + name + ")");
    }
    return name;
  }
}
