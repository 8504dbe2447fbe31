package dev.sluice.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Keys of the platform's secret store, by reference. A job never carries key material: its
 * functions fetch each key they use from the Sluice server when they open, presenting the
 * credential of the deployment they belong to; the server answers only for keys the deployed script
 * names. Keys stay in memory, are never logged, and never appear in SQL.
 *
 * <p>The credential comes in a jar of its own on the job's class path ({@value #CREDENTIAL}, with
 * {@code url}, {@code job} and {@code token}), so it is in the cluster's blob store but not in the
 * job's configuration, which the cluster's REST API shows. Jobs submitted by earlier versions,
 * which carried a token in their job parameters, are not read: that token is no longer accepted,
 * and such a job runs this class only if it was deployed again, which gives it a credential.
 */
final class Keys {
  /** The class-path resource that holds the deployment's credential. */
  static final String CREDENTIAL = "META-INF/sluice/job-credential.properties";

  /** A key and its algorithm (AES or SM4). */
  record Key(String algorithm, byte[] material) {}

  /** Where a deployment fetches its keys, and with what; never printed. */
  record Credential(String url, String job, String token) {
    @Override
    public String toString() {
      return "Credential[url=" + url + ", job=" + job + "]";
    }
  }

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
    Optional<Credential> credential =
        credential(
            userCodeLoader(context),
            Thread.currentThread().getContextClassLoader(),
            Keys.class.getClassLoader());
    if (credential.isEmpty()) {
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
    Credential c = credential.get();
    lookup = name -> fetch(http, c, name);
  }

  /** The job's user-code loader, if the function runs where there is one. */
  private static ClassLoader userCodeLoader(FunctionContext context) {
    if (context == null) {
      return null;
    }
    try {
      return context.getUserCodeClassLoader();
    } catch (RuntimeException e) {
      return null; // "not available at the current location": the planner's constant folding
    }
  }

  /**
   * The deployment's credential from the first class loader that has it: the job's user-code
   * loader, which the task's context loader also is; this class's own loader is the same unless the
   * functions were put on the cluster's class path.
   */
  static Optional<Credential> credential(ClassLoader... loaders) {
    for (ClassLoader loader : loaders) {
      if (loader == null) {
        continue;
      }
      try (InputStream in = loader.getResourceAsStream(CREDENTIAL)) {
        if (in == null) {
          continue;
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        String url = p.getProperty("url");
        String job = p.getProperty("job");
        String token = p.getProperty("token");
        if (url == null || job == null || token == null) {
          throw new IllegalStateException(
              CREDENTIAL + " lacks one of url, job, token: the job's deployment is damaged");
        }
        return Optional.of(new Credential(url, job, token));
      } catch (IOException e) {
        throw new UncheckedIOException(CREDENTIAL + " cannot be read", e);
      }
    }
    return Optional.empty();
  }

  Key get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("A key reference is required");
    }
    return cache.computeIfAbsent(name, lookup);
  }

  static Key fetch(HttpClient http, Credential credential, String name) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          credential.url()
                              + "/"
                              + URLEncoder.encode(name, StandardCharsets.UTF_8)
                              + "/material"))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-Sluice-Job", credential.job())
                  .header("X-Sluice-Job-Token", credential.token())
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
