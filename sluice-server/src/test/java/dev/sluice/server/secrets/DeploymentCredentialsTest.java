package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.config.CallbackUrl;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.fakes.InMemoryDeploymentCredentialRepository;
import dev.sluice.server.fakes.ServerFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

class DeploymentCredentialsTest {
  private static final String SCRIPT =
      "INSERT INTO out SELECT ENCRYPT(card, 'pay_key'), DECRYPT(iban, 'bank_key') FROM pay";

  @TempDir Path dataDir;

  private ServerFixture fixture;
  private InMemoryDeploymentCredentialRepository store;
  private DeploymentCredentials credentials;

  private void setUp() {
    fixture = new ServerFixture(dataDir);
    store = fixture.credentialStore;
    credentials = fixture.credentials;
  }

  private static Properties read(Map<String, byte[]> resources) throws Exception {
    assertThat(resources).containsOnlyKeys("META-INF/sluice/job-credential.properties");
    Properties p = new Properties();
    p.load(new ByteArrayInputStream(resources.get(DeploymentCredentials.RESOURCE)));
    return p;
  }

  private String issue(long jobId, String flinkJobId) throws Exception {
    return read(credentials.issue(jobId, flinkJobId, SCRIPT)).getProperty("token");
  }

  @Test
  void issuesA256BitCredentialPerSubmissionAndStoresOnlyItsDigest() throws Exception {
    setUp();
    Properties p = read(credentials.issue(7, "f1", SCRIPT));
    String token = p.getProperty("token");
    assertThat(p.getProperty("url")).isEqualTo("http://localhost:8080/api/v1/secrets");
    assertThat(p.getProperty("job")).isEqualTo("7");
    assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, url-safe base64
    String second = issue(7, "f2");
    assertThat(second).isNotEqualTo(token);

    OffsetDateTime now = OffsetDateTime.now(fixture.clock);
    String digest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
    assertThat(store.all(7).get(0))
        .isEqualTo(
            new DeploymentCredentialRepository.Stored(
                7, "f1", digest, Set.of("pay_key", "bank_key"), now, now.plusDays(30), null));
    assertThat(store.all(7).toString()).doesNotContain(token).doesNotContain(second);
  }

  @Test
  void aScriptWithoutKeysGetsNoCredential() {
    setUp();
    assertThat(credentials.issue(7, "f1", "INSERT INTO out SELECT card FROM pay")).isEmpty();
    assertThat(store.all(7)).isEmpty();
  }

  @Test
  void verifiesACredentialOnlyForItsJobWithItsDeploymentAndKeys() throws Exception {
    setUp();
    String token = issue(7, "f1");
    assertThat(credentials.verify(7, token))
        .contains(new DeploymentCredentials.Holder(7, "f1", Set.of("pay_key", "bank_key")));
    assertThat(credentials.verify(8, token)).isEmpty();
    assertThat(credentials.verify(7, null)).isEmpty();
    assertThat(credentials.verify(7, "")).isEmpty();
    assertThat(credentials.verify(7, token.substring(0, 42))).isEmpty();
    String flipped =
        token.substring(0, 42) + (token.charAt(42) == 'A' ? 'B' : 'A'); // same length, last differs
    assertThat(credentials.verify(7, flipped)).isEmpty();
  }

  @Test
  void expiresAtItsMaximumAge() throws Exception {
    setUp();
    String token = issue(7, "f1");
    fixture.clock.advance(Duration.ofDays(30).minusSeconds(1));
    assertThat(credentials.verify(7, token)).isPresent();
    fixture.clock.advance(Duration.ofSeconds(1));
    assertThat(credentials.verify(7, token)).isEmpty();
  }

  @Test
  void revokesOneDeploymentAllOfAJobOrAllButTheNewest() throws Exception {
    setUp();
    String first = issue(7, "f1");
    String second = issue(7, "f2");
    String third = issue(7, "f3");
    String otherJob = issue(8, "g1");

    credentials.revoke(7, "f1");
    assertThat(credentials.verify(7, first)).isEmpty();
    assertThat(credentials.verify(7, second)).isPresent();

    credentials.revokeAllBut(7, "f3");
    assertThat(credentials.verify(7, second)).isEmpty();
    assertThat(credentials.verify(7, third)).isPresent();

    credentials.revokeAll(7);
    assertThat(credentials.verify(7, third)).isEmpty();
    assertThat(credentials.verify(8, otherJob)).isPresent();
    OffsetDateTime now = OffsetDateTime.now(fixture.clock);
    assertThat(store.all(7))
        .extracting(DeploymentCredentialRepository.Stored::revokedAt)
        .containsExactly(now, now, now);
  }

  @Test
  void aRevokedOrExpiredCredentialIsNotTakenEvenIfTheStoreListsIt() throws Exception {
    setUp();
    // A store that answers "valid" with everything it has: the service still checks both.
    OffsetDateTime now = OffsetDateTime.now(fixture.clock);
    String token = "a-value-of-the-test";
    DeploymentCredentialRepository everything =
        new InMemoryDeploymentCredentialRepository() {
          @Override
          public List<Stored> valid(long jobId, OffsetDateTime at) {
            return all(jobId);
          }
        };
    everything.insert(
        new DeploymentCredentialRepository.Stored(
            7,
            "f1",
            DeploymentCredentials.digest(token),
            Set.of("k"),
            now.minusDays(2),
            now.minusDays(1),
            null));
    everything.insert(
        new DeploymentCredentialRepository.Stored(
            8,
            "g1",
            DeploymentCredentials.digest(token + "8"),
            Set.of("k"),
            now.minusDays(2),
            now.plusDays(1),
            now.minusDays(1)));
    DeploymentCredentials service =
        new DeploymentCredentials(
            everything,
            fixture.clock,
            fixture.properties,
            new CallbackUrl(fixture.properties, new StandardEnvironment()));
    assertThat(service.verify(7, token)).isEmpty();
    assertThat(service.verify(8, token + "8")).isEmpty();
  }

  @Test
  void comparesDigestsWholeAndInConstantTime() {
    byte[] digest = new byte[32];
    digest[31] = 1;
    String stored = HexFormat.of().formatHex(digest);
    assertThat(DeploymentCredentials.matches(digest.clone(), stored)).isTrue();
    byte[] firstByteDiffers = digest.clone();
    firstByteDiffers[0] = 9;
    byte[] lastByteDiffers = digest.clone();
    lastByteDiffers[31] = 2;
    assertThat(DeploymentCredentials.matches(firstByteDiffers, stored)).isFalse();
    assertThat(DeploymentCredentials.matches(lastByteDiffers, stored)).isFalse();
    assertThat(DeploymentCredentials.matches(Arrays.copyOf(digest, 31), stored)).isFalse();
    assertThat(DeploymentCredentials.matches(new byte[0], stored)).isFalse();
  }

  @Test
  void theMaximumAgeIsASettingThatMustBePositive() {
    assertThat(new SluiceProperties.Security(Duration.ofHours(1)))
        .extracting(SluiceProperties.Security::jobCredentialTtl)
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> new SluiceProperties.Security(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sluice.security.job-credential-ttl must be a positive duration such as P30D or 720h"
                + " (got: PT0S)");
  }
}
