package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
  @TempDir Path dir;

  @Test
  void livesUnderXdgConfigHomeWhenSet() {
    CredentialsFile file =
        CredentialsFile.locate(Map.of("XDG_CONFIG_HOME", dir.toString()), "/home/someone");

    assertThat(file.path()).isEqualTo(dir.resolve("sluice/credentials"));
  }

  @Test
  void livesUnderDotConfigWithoutXdgConfigHomeOrWithARelativeOne() {
    assertThat(CredentialsFile.locate(Map.of(), "/home/someone").path())
        .isEqualTo(Path.of("/home/someone/.config/sluice/credentials"));
    assertThat(
            CredentialsFile.locate(Map.of("XDG_CONFIG_HOME", "relative/dir"), "/home/someone")
                .path())
        .isEqualTo(Path.of("/home/someone/.config/sluice/credentials"));
  }

  @Test
  void savedFileAndItsDirectoryAreReadableByTheOwnerOnly() throws IOException {
    CredentialsFile file = new CredentialsFile(dir.resolve("sluice/credentials"));

    file.save("http://localhost:8080", "slc_one", "admin");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sluice"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aFileOthersCouldReadIsReplacedByOneOnlyTheOwnerCanRead() throws IOException {
    Path path = dir.resolve("credentials");
    Files.writeString(path, "{\"http://old:8080\":{\"token\":\"slc_old\"}}");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    CredentialsFile file = new CredentialsFile(path);

    file.save("http://localhost:8080", "slc_one", "admin");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    assertThat(file.token("http://old:8080")).contains("slc_old");
  }

  @Test
  void writesANewFileAndRenamesItOverTheOldOneLeavingNoTemporaryFile() throws IOException {
    Path path = dir.resolve("credentials");
    CredentialsFile file = new CredentialsFile(path);
    file.save("http://a:8080", "slc_a", "ann");
    Object before = Files.readAttributes(path, BasicFileAttributes.class).fileKey();

    file.save("http://b:8080", "slc_b", "bob");

    Object after = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    assertThat(after).isNotNull().isNotEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(path);
    }
  }

  @Test
  void keepsOneTokenPerServerUrlIgnoringTrailingSlashes() throws IOException {
    CredentialsFile file = new CredentialsFile(dir.resolve("credentials"));

    file.save("http://a:8080/", "slc_a", "ann");
    file.save("http://b:8080", "slc_b", "bob");
    file.save("http://a:8080", "slc_a2", "ann");

    assertThat(file.token("http://a:8080")).contains("slc_a2");
    assertThat(file.token("http://a:8080//")).contains("slc_a2");
    assertThat(file.token("http://b:8080")).contains("slc_b");
    assertThat(file.token("http://c:8080")).isEmpty();
    JsonNode saved = Api.JSON.readTree(Files.readString(file.path()));
    assertThat(saved.fieldNames()).toIterable().containsExactly("http://a:8080", "http://b:8080");
    assertThat(saved.path("http://a:8080").path("username").asText()).isEqualTo("ann");
  }

  @Test
  void removesOnlyTheServerAsked() throws IOException {
    CredentialsFile file = new CredentialsFile(dir.resolve("credentials"));
    file.save("http://a:8080", "slc_a", "ann");
    file.save("http://b:8080", "slc_b", "bob");

    assertThat(file.remove("http://a:8080/")).isTrue();
    assertThat(file.remove("http://a:8080")).isFalse();

    assertThat(file.token("http://a:8080")).isEmpty();
    assertThat(file.token("http://b:8080")).contains("slc_b");
  }

  @Test
  void aMissingFileHoldsNoTokens() throws IOException {
    assertThat(new CredentialsFile(dir.resolve("none/credentials")).token("http://a:8080"))
        .isEmpty();
  }

  @Test
  void aBrokenFileIsNamedInTheError() throws IOException {
    Path path = dir.resolve("credentials");
    Files.writeString(path, "{not json");

    assertThatThrownBy(() -> new CredentialsFile(path).token("http://a:8080"))
        .isInstanceOf(IOException.class)
        .hasMessage("The credentials file " + path + " is not valid JSON: fix or remove it");
  }
}
