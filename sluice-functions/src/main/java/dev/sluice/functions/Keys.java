package dev.sluice.functions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Keys of the platform's secret store, by reference. A job never carries key material: its
 * functions fetch each key they use from the Sluice server when they open, presenting the job's
 * token (job parameters {@code sluice.secrets.url}, {@code sluice.secrets.job}, {@code
 * sluice.secrets.token}); the server answers only for keys the job's script names. Keys stay in
 * memory, are never logged, and never appear in SQL.
 */
final class Keys {
  /** A key and its algorithm (AES or SM4). */
  record Key(String algorithm, byte[] material) {}

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

  /** Where keys come from; tests replace it. */
  static volatile Function<String, Key> resolver;

  private final Map<String, Key> cache = new ConcurrentHashMap<>();
  private final Function<String, Key> lookup;

  Keys(FunctionContext context) {
    Function<String, Key> configured = resolver;
    if (configured != null) {
      lookup = configured;
      return;
    }
    String encodedUrl = context.getJobParameter("sluice.secrets.url", null);
    String url =
        encodedUrl == null ? null : java.net.URLDecoder.decode(encodedUrl, StandardCharsets.UTF_8);
    String job = context.getJobParameter("sluice.secrets.job", null);
    String token = context.getJobParameter("sluice.secrets.token", null);
    if (url == null || job == null || token == null) {
      lookup =
          name -> {
            throw new IllegalStateException(
                "Key '"
                    + name
                    + "' cannot be fetched: this job was not deployed by Sluice with access to its keys");
          };
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    lookup = name -> fetch(http, url, job, token, name);
  }

  Key get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("A key reference is required");
    }
    return cache.computeIfAbsent(name, lookup);
  }

  private static Key fetch(HttpClient http, String url, String job, String token, String name) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          url
                              + "/"
                              + URLEncoder.encode(name, StandardCharsets.UTF_8)
                              + "/material"))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-Sluice-Job", job)
                  .header("X-Sluice-Job-Token", token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Key '"
                + name
                + "' was refused by the secret store (HTTP "
                + response.statusCode()
                + ")");
      }
      Map<String, String> fields = new java.util.HashMap<>();
      Matcher m = FIELD.matcher(response.body());
      while (m.find()) {
        fields.put(m.group(1), m.group(2));
      }
      return new Key(fields.get("algorithm"), Base64.getDecoder().decode(fields.get("key")));
    } catch (IOException e) {
      throw new IllegalStateException("Key '" + name + "': the secret store cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted fetching key '" + name + "'", e);
    }
  }
}
