package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Channels over the running server: a webhook whose token is a secret reference is created, its
 * test button delivers a sample to a local receiver with the token resolved, every send is in its
 * deliveries and the audit log, a viewer reads but cannot change or test, and the token's value is
 * in no response.
 */
@Order(33)
class ChannelsIT {
  private final Platform platform = Platform.get();
  private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
  private final Http http =
      new Http("http://localhost:" + platform.port, r -> responses.add(r.raw()))
          .bearer(platform.adminToken());

  private static String random() {
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private int delete(String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + platform.port + path))
                .header("Authorization", "Bearer " + platform.adminToken())
                .DELETE()
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aWebhookIsTestedRecordedAndGuardedWithoutShowingItsToken() throws Exception {
    String token = "tok" + random();
    String name = "it-hook-" + random().substring(0, 6);
    String secret = "it_hook_token_" + random().substring(0, 6);
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              exchange.getRequestURI().getRawQuery()
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

      Http.Response literal =
          http.post(
              "/api/v1/channels",
              Map.of("name", name, "type", "webhook", "url", base + "?token=" + token));
      assertThat(literal.status()).as(literal.raw()).isEqualTo(400);
      assertThat(literal.contentType()).startsWith("application/problem+json");
      assertThat(literal.body().path("errors").get(0).path("field").asText()).isEqualTo("url");
      assertThat(literal.body().path("detail").asText())
          .startsWith("url: the token parameter of the URL is a credential: store it as a secret");

      Http.Response noSecret =
          http.post(
              "/api/v1/channels",
              Map.of(
                  "name",
                  name,
                  "type",
                  "webhook",
                  "url",
                  base + "?token=${secret:" + secret + "}"));
      assertThat(noSecret.status()).as(noSecret.raw()).isEqualTo(400);

      assertThat(
              http.post(
                      "/api/v1/secrets", Map.of("name", secret, "value", token, "project", "demo"))
                  .status())
          .isEqualTo(201);
      String url = base + "?token=${secret:" + secret + "}";
      Http.Response created =
          http.post(
              "/api/v1/channels",
              Map.of("name", name, "type", "webhook", "url", url, "project", "demo"));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      assertThat(created.body().path("url").asText()).isEqualTo(url);
      // Left out, a channel takes the P0 alerts of rules that name no channels.
      assertThat(created.body().path("tiers").toString()).isEqualTo("[\"P0\"]");
      Http.Response badTier =
          http.post(
              "/api/v1/channels",
              Map.of("name", name + "-x", "type", "webhook", "url", url, "tiers", List.of("P9")));
      assertThat(badTier.status()).as(badTier.raw()).isEqualTo(400);
      assertThat(badTier.body().path("errors").get(0).path("field").asText()).isEqualTo("tiers[0]");
      assertThat(badTier.body().path("detail").asText())
          .isEqualTo("tiers[0]: 'P9' is not one of P0, P1, P2");
      assertThat(http.get("/api/v1/channels/" + name).body().path("type").asText())
          .isEqualTo("webhook");

      Http.Response test = http.post("/api/v1/channels/" + name + "/test", Map.of());
      assertThat(test.status()).as(test.raw()).isEqualTo(200);
      assertThat(test.body().path("state").asText()).as(test.raw()).isEqualTo("delivered");
      assertThat(test.body().path("log").get(0).path("detail").asText()).isEqualTo("HTTP 204");
      assertThat(received).hasSize(1);
      assertThat(received.get(0)).startsWith("token=" + token + " ");
      JsonNode sample =
          new ObjectMapper().readTree(received.get(0).substring(received.get(0).indexOf(' ') + 1));
      assertThat(sample.path("status").asText()).isEqualTo("firing");
      assertThat(sample.path("rule").asText()).isEqualTo("channel-test");
      assertThat(sample.path("project").asText()).isEqualTo("demo");

      Http.Response deliveries = http.get("/api/v1/channels/" + name + "/deliveries");
      assertThat(deliveries.status()).as(deliveries.raw()).isEqualTo(200);
      assertThat(deliveries.body()).hasSize(1);
      assertThat(deliveries.body().get(0).path("recipient").asText()).isEqualTo(url);
      assertThat(deliveries.body().get(0).path("attempts").asInt()).isEqualTo(1);

      // A viewer of the project reads channels and their deliveries; changing and testing needs
      // an operator.
      Http.Response issued =
          http.post(
              "/api/v1/tokens",
              Map.of("name", "it-channels-viewer", "project", "demo", "role", "viewer"));
      assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
      Http viewer =
          new Http("http://localhost:" + platform.port, r -> responses.add(r.raw()))
              .bearer(issued.body().path("token").asText());
      assertThat(viewer.get("/api/v1/channels").body().toString()).contains("\"" + name + "\"");
      assertThat(viewer.get("/api/v1/channels/" + name + "/deliveries").status()).isEqualTo(200);
      assertThat(viewer.post("/api/v1/channels/" + name + "/test", Map.of()).status())
          .isEqualTo(403);
      assertThat(
              viewer
                  .put("/api/v1/channels/" + name, Map.of("type", "webhook", "url", url))
                  .status())
          .isEqualTo(403);
      assertThat(
              viewer
                  .post(
                      "/api/v1/channels",
                      Map.of("name", name + "-2", "type", "webhook", "url", url))
                  .status())
          .isEqualTo(403);
      assertThat(received).hasSize(1);

      Http.Response audit = http.get("/api/v1/audit?action=channel&limit=20");
      assertThat(audit.status()).as(audit.raw()).isEqualTo(200);
      List<String> actions = new ArrayList<>();
      for (JsonNode e : audit.body()) {
        if (e.path("target").asText().equals("channel " + name)) {
          actions.add(e.path("action").asText());
        }
      }
      assertThat(actions).containsExactly("channel.test", "channel.create");

      assertThat(delete("/api/v1/channels/" + name)).isEqualTo(204);
      assertThat(http.get("/api/v1/channels/" + name).status()).isEqualTo(404);
      assertThat(responses).noneMatch(r -> r.contains(token));
    } finally {
      receiver.stop(0);
    }
  }
}
