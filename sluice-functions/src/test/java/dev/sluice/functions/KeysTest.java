package dev.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
  @TempDir Path dir;

  private URLClassLoader loaderWith(String properties) throws Exception {
    Path jar = dir.resolve("credential.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(Keys.CREDENTIAL));
      out.write(properties.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @Test
  void readsTheDeploymentsCredentialFromTheFirstLoaderThatHasIt() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null);
        URLClassLoader job =
            loaderWith("url=http\\://server\\:8080/api/v1/secrets\njob=7\ntoken=t0k3n\n")) {
      Keys.Credential credential = Keys.credential(null, empty, job).orElseThrow();
      assertThat(credential)
          .isEqualTo(new Keys.Credential("http://server:8080/api/v1/secrets", "7", "t0k3n"));
      assertThat(credential.toString()).doesNotContain("t0k3n");
      assertThat(Keys.credential(empty, null)).isEmpty();
    }
  }

  @Test
  void aCredentialWithoutItsTokenIsAnError() throws Exception {
    try (URLClassLoader job = loaderWith("url=http\\://server/api/v1/secrets\njob=7\n")) {
      assertThatThrownBy(() -> Keys.credential(job))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "META-INF/sluice/job-credential.properties lacks one of url, job, token: the job's"
                  + " deployment is damaged");
    }
  }

  @Test
  void fetchesAKeyWithTheCredentialsHeadersAndReportsARefusalByItsStatus() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/api/v1/secrets/",
        exchange -> {
          String job = exchange.getRequestHeaders().getFirst("X-Sluice-Job");
          String token = exchange.getRequestHeaders().getFirst("X-Sluice-Job-Token");
          seen.add(exchange.getRequestURI().getPath() + " " + job + " " + token);
          boolean known = "t0k3n".equals(token);
          byte[] body =
              (known ? "{\"algorithm\":\"AES-128\",\"key\":\"AAECAwQFBgcICQoLDA0ODw==\"}" : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 403, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String url = "http://localhost:" + server.getAddress().getPort() + "/api/v1/secrets";
      HttpClient http = HttpClient.newHttpClient();
      Keys.Key key = Keys.fetch(http, new Keys.Credential(url, "7", "t0k3n"), "pay_key");
      assertThat(key.algorithm()).isEqualTo("AES-128");
      assertThat(key.material())
          .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      assertThatThrownBy(() -> Keys.fetch(http, new Keys.Credential(url, "7", "old"), "pay_key"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Key 'pay_key' was refused by the secret store (HTTP 403)");
      assertThat(seen)
          .containsExactly(
              "/api/v1/secrets/pay_key/material 7 t0k3n", "/api/v1/secrets/pay_key/material 7 old");
    } finally {
      server.stop(0);
    }
  }
}
