package dev.sluice.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceJarTest {

  @Test
  void putsTheResourcesOnAClassPathReadableByItsOwnerOnlyUntilClosed() throws Exception {
    byte[] properties = "token=abc\n".getBytes(StandardCharsets.UTF_8);
    Path path;
    try (ResourceJar jar =
        ResourceJar.write(
            Map.of(
                "META-INF/sluice/job-credential.properties",
                properties,
                "other.txt",
                new byte[] {1, 2}))) {
      path = jar.path();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
          .isEqualTo("rw-------");
      try (URLClassLoader loader = new URLClassLoader(new URL[] {path.toUri().toURL()}, null);
          InputStream in = loader.getResourceAsStream("META-INF/sluice/job-credential.properties");
          InputStream other = loader.getResourceAsStream("other.txt")) {
        assertThat(in.readAllBytes()).isEqualTo(properties);
        assertThat(other.readAllBytes()).containsExactly(1, 2);
      }
    }
    assertThat(path).doesNotExist();
  }

  @Test
  void refusesPathsThatLeaveTheJarOrReplaceItsManifest() {
    for (String name :
        new String[] {
          "/abs.txt", "../up.txt", "a/../../up.txt", "dir/", "", "META-INF/MANIFEST.MF"
        }) {
      assertThatThrownBy(() -> ResourceJar.write(Map.of(name, new byte[0])))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "A class-path resource is a relative path of a file inside a jar (got: "
                  + name
                  + ")");
    }
  }
}
