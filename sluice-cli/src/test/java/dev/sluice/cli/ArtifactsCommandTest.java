package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String... args) {
    return CliRun.against(server.url(), Map.of("XDG_CONFIG_HOME", config.toString()), "", args);
  }

  @Test
  void uploadSendsTheJarAndItsFieldsAndListsTheFunctionsFound() throws IOException {
    Path jar = config.resolve("lib.jar");
    Files.write(jar, new byte[] {'P', 'K', 3, 4, 42});
    server.on(
        "POST",
        "/artifacts",
        201,
        """
        {"artifact":"udflib","version":2,"sha256":"ab12","sizeBytes":5,
         "functions":[{"className":"com.acme.Twice","kind":"SCALAR","signatures":["(INT) -> INT"],"problem":null},
                      {"className":"com.acme.Typed","kind":"SCALAR","signatures":[],"problem":"it computes its SQL types in code"}]}
        """);

    CliRun run =
        sluice(
            "--token",
            "slc_dev",
            "artifacts",
            "upload",
            jar.toString(),
            "--name",
            "udflib",
            "--comment",
            "triples",
            "--project",
            "udf");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String body = server.only("POST", "/artifacts").body();
    assertThat(body)
        .contains("name=\"name\"\r\n\r\nudflib\r\n")
        .contains("name=\"comment\"\r\n\r\ntriples\r\n")
        .contains("name=\"project\"\r\n\r\nudf\r\n")
        .contains("name=\"file\"; filename=\"lib.jar\"");
    assertThat(run.out())
        .startsWith("udflib:2 sha256 ab12, 5 bytes\n")
        .contains("com.acme.Twice")
        .contains("(INT) -> INT")
        .contains("it computes its SQL types in code");
  }

  @Test
  void registerAndGrantSendTheBodiesTheApiNames() throws IOException {
    server.on(
        "POST",
        "/functions",
        201,
        "{\"name\":\"twice\",\"className\":\"com.acme.Twice\",\"artifact\":\"udflib\",\"version\":1,"
            + "\"signatures\":[\"(INT) -> INT\"]}");
    server.on(
        "POST",
        "/grants",
        201,
        "{\"id\":7,\"function\":\"twice\",\"user\":\"bob\",\"privilege\":\"USE\"}");
    server.on("DELETE", "/grants", 204, "");

    CliRun register =
        sluice(
            "--token",
            "slc_owner",
            "functions",
            "register",
            "twice",
            "--artifact",
            "udflib",
            "--version",
            "1",
            "--class",
            "com.acme.Twice");
    CliRun grant =
        sluice("--token", "slc_owner", "grants", "add", "--function", "twice", "--user", "bob");
    CliRun revoke =
        sluice("--token", "slc_owner", "grants", "revoke", "--function", "twice", "--user", "bob");

    assertThat(register.exitCode()).as(register.err()).isZero();
    assertThat(Api.JSON.readTree(server.only("POST", "/functions").body()))
        .isEqualTo(
            Api.JSON.readTree(
                "{\"name\":\"twice\",\"artifact\":\"udflib\",\"className\":\"com.acme.Twice\","
                    + "\"version\":1}"));
    assertThat(register.out())
        .isEqualTo("registered twice = com.acme.Twice of udflib:1 (INT) -> INT\n");
    assertThat(Api.JSON.readTree(server.only("POST", "/grants").body()))
        .isEqualTo(Api.JSON.readTree("{\"function\":\"twice\",\"user\":\"bob\"}"));
    assertThat(grant.out()).isEqualTo("granted USE on function twice to user bob\n");
    assertThat(Api.JSON.readTree(server.only("DELETE", "/grants").body()))
        .isEqualTo(Api.JSON.readTree("{\"function\":\"twice\",\"user\":\"bob\"}"));
    assertThat(revoke.exitCode()).isZero();
  }
}
