package dev.sluice.server.secrets;

import dev.sluice.server.config.CallbackUrl;
import dev.sluice.server.config.SluiceProperties;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The credentials with which deployed jobs fetch their keys. Each submission of a job whose script
 * names keys gets its own random 256-bit credential; the store keeps only its SHA-256 digest, the
 * keys that script names, and its lifetime: it is revoked when its deployment ends (stop, cancel, a
 * newer deployment, the job finishing or failing) and is never valid past {@code
 * sluice.security.job-credential-ttl}. The job gets it in a class-path resource ({@value
 * #RESOURCE}), not in its configuration, which the cluster's REST API shows.
 */
@Service
public class DeploymentCredentials {
  /** Where a deployment's functions read their credential (url, job, token). */
  public static final String RESOURCE = "META-INF/sluice/job-credential.properties";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeploymentCredentialRepository store;
  private final Clock clock;
  private final Duration ttl;
  private final CallbackUrl callbackUrl;

  public DeploymentCredentials(
      DeploymentCredentialRepository store,
      Clock clock,
      SluiceProperties properties,
      CallbackUrl callbackUrl) {
    this.store = store;
    this.clock = clock;
    this.ttl = properties.security().jobCredentialTtl();
    this.callbackUrl = callbackUrl;
  }

  /**
   * A deployment whose credential was presented.
   *
   * @param keyNames the keys its script names: the only ones it may fetch
   */
  public record Holder(long jobId, String flinkJobId, Set<String> keyNames) {}

  /**
   * Issues the credential of a deployment that is about to be submitted.
   *
   * @param script the script the deployment runs
   * @return the class-path resources that carry it to the job; none when the script names no key
   */
  public Map<String, byte[]> issue(long jobId, String flinkJobId, String script) {
    Set<String> keys = SecretStore.references(script);
    if (keys.isEmpty()) {
      return Map.of();
    }
    byte[] value = new byte[32];
    RANDOM.nextBytes(value);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    OffsetDateTime now = OffsetDateTime.now(clock);
    store.insert(
        new DeploymentCredentialRepository.Stored(
            jobId, flinkJobId, digest(token), keys, now, now.plus(ttl), null));
    Properties p = new Properties();
    p.setProperty("url", callbackUrl.get() + "/api/v1/secrets");
    p.setProperty("job", Long.toString(jobId));
    p.setProperty("token", token);
    StringWriter out = new StringWriter();
    try {
      p.store(out, "The credential of Flink job " + flinkJobId + " for its keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return Map.of(RESOURCE, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The deployment that holds the credential, if the credential was issued to a deployment of that
   * job and is neither revoked nor expired. Which of these a refused credential failed is not told.
   */
  public Optional<Holder> verify(long jobId, String token) {
    if (token == null) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    OffsetDateTime now = OffsetDateTime.now(clock);
    Holder found = null;
    for (DeploymentCredentialRepository.Stored c : store.valid(jobId, now)) {
      boolean live = c.revokedAt() == null && c.expiresAt().isAfter(now);
      if (matches(presented, c.digest()) && live && found == null) {
        found = new Holder(c.jobId(), c.flinkJobId(), c.keyNames());
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Whether a presented credential's digest is the stored one, in constant time: how much of it
   * matched never shows in how long the answer takes.
   */
  static boolean matches(byte[] presentedDigest, String storedDigest) {
    return MessageDigest.isEqual(presentedDigest, HexFormat.of().parseHex(storedDigest));
  }

  /** The deployment was not submitted after all (the cluster refused it, or it was not sent). */
  public void revoke(long jobId, String flinkJobId) {
    store.revoke(jobId, flinkJobId, OffsetDateTime.now(clock));
  }

  /** The job stopped: no deployment of it runs any more. */
  public void revokeAll(long jobId) {
    store.revokeAll(jobId, OffsetDateTime.now(clock));
  }

  /** A newer deployment of the job took over from every earlier one. */
  public void revokeAllBut(long jobId, String flinkJobId) {
    store.revokeAllBut(jobId, flinkJobId, OffsetDateTime.now(clock));
  }

  /** Hex SHA-256 of a credential's value, as it is stored. */
  static String digest(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }
}
