package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.fakes.InMemorySecretRepository;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);
  @TempDir Path dataDir;

  private ServerFixture fixture;

  private SecretStore store(InMemorySecretRepository keys) {
    fixture = new ServerFixture(dataDir);
    return new SecretStore(keys, fixture.properties, fixture.credentials, fixture.keyUses);
  }

  /** The token in the class-path resource a submission of the job gets. */
  private String issue(long jobId, String flinkJobId, String script) throws Exception {
    byte[] resource =
        fixture.credentials.issue(jobId, flinkJobId, script).get(DeploymentCredentials.RESOURCE);
    java.util.Properties p = new java.util.Properties();
    p.load(new java.io.ByteArrayInputStream(resource));
    return p.getProperty("token");
  }

  @Test
  void handsAKeyOnlyToADeploymentWithItsCredentialWhoseScriptNamesIt() throws Exception {
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys);
    store.create("pay_key", "aes-128", KEY, "ana");
    store.create("other_key", "aes-128", KEY, "ana");
    String script = "INSERT INTO out SELECT ENCRYPT(card, 'pay_key') FROM pay";
    String token = issue(7, "f7", script);
    String otherJobs = issue(8, "f8", script);

    assertThat(store.material("pay_key", 7, token, script))
        .isEqualTo(Map.of("algorithm", "AES-128", "key", KEY));
    assertThat(fixture.keyUses.uses()).containsExactly("job 7 (f7) used pay_key");
    assertThat(keys.wrapped("pay_key")).isNotEqualTo(KEY).doesNotContain(KEY);
    for (String wrong : new String[] {otherJobs, null, "", token.substring(1), token + "A"}) {
      assertThatThrownBy(() -> store.material("pay_key", 7, wrong, script))
          .isInstanceOf(ForbiddenException.class)
          .hasMessage("The job's credential is not valid: it is unknown, expired or revoked");
    }
    // The deployed script decides, not the job's current one: a key the deployment's script did
    // not name stays out of its reach even if a newer version names it.
    assertThatThrownBy(
            () -> store.material("other_key", 7, token, "SELECT ENCRYPT(a, 'other_key')"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("The job's script does not name key 'other_key'");
    assertThat(store.material("pay_key", 7, token, "INSERT INTO out SELECT card FROM pay"))
        .containsEntry("key", KEY);
    assertThat(fixture.keyUses.uses())
        .containsExactly("job 7 (f7) used pay_key", "job 7 (f7) used pay_key");
  }

  @Test
  void aRevokedOrExpiredCredentialIsRefusedLikeAnUnknownOne() throws Exception {
    SecretStore store = store(new InMemorySecretRepository());
    store.create("pay_key", "aes-128", KEY, "ana");
    String script = "SELECT DECRYPT(card, 'pay_key') FROM pay";
    String first = issue(7, "f1", script);
    fixture.credentials.revokeAll(7);
    String second = issue(7, "f2", script);
    assertThatThrownBy(() -> store.material("pay_key", 7, first, script))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("The job's credential is not valid: it is unknown, expired or revoked");
    assertThat(store.material("pay_key", 7, second, script)).containsEntry("key", KEY);

    fixture.clock.advance(java.time.Duration.ofDays(30));
    assertThatThrownBy(() -> store.material("pay_key", 7, second, script))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("The job's credential is not valid: it is unknown, expired or revoked");
    assertThat(fixture.keyUses.uses()).containsExactly("job 7 (f2) used pay_key");
  }

  @Test
  void generatesKeysOfTheAlgorithmsSize() throws Exception {
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys);
    store.create("k256", null, null, "ana");
    store.create("ksm4", "SM4", null, "ana");
    String script = "SELECT ENCRYPT(a, 'k256'), DECRYPT(b, 'ksm4')";
    long id = 3;
    String token = issue(id, "f3", script);
    byte[] aes = Base64.getDecoder().decode(store.material("k256", id, token, script).get("key"));
    byte[] sm4 = Base64.getDecoder().decode(store.material("ksm4", id, token, script).get("key"));
    assertThat(aes).hasSize(32);
    assertThat(sm4).hasSize(16);
    assertThat(store.list())
        .extracting(SecretStore.KeyInfo::algorithm)
        .containsExactly("AES-256", "SM4");
  }

  @Test
  void refusesBadNamesAlgorithmsAndKeys() {
    SecretStore store = store(new InMemorySecretRepository());
    assertThatThrownBy(() -> store.create("no spaces", null, null, "ana"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("A key name is 1-128 letters, digits, '_', '.' or '-' (got: no spaces)");
    assertThatThrownBy(() -> store.create("k", "DES", null, "ana"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("algorithm must be one of ");
    assertThatThrownBy(() -> store.create("k", "AES-128", "not base64!", "ana"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("key must be base64");
    assertThatThrownBy(() -> store.create("k", "AES-256", KEY, "ana"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("AES-256 takes a 32-byte key; the given one has 16");
  }

  @Test
  void keyNamesAreUniqueAndDeletingAnUnknownKeyIsNotFound() {
    SecretStore store = store(new InMemorySecretRepository());
    store.create("k", "AES-128", KEY, "ana");
    assertThatThrownBy(() -> store.create("k", "AES-128", KEY, "bo"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A key named 'k' already exists");
    store.delete("k");
    assertThat(store.exists("k")).isFalse();
    assertThatThrownBy(() -> store.delete("k"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Secret 'k' does not exist");
  }

  @Test
  void findsTheKeysAScriptNames() {
    assertThat(
            SecretStore.references(
                "SELECT ENCRYPT(CONCAT(a, 'x,y'), 'k1'), decrypt(b, 'k2') FROM t WHERE c = 'k3'"))
        .containsExactly("k1", "k2");
  }

  @Test
  void storesAValueWrappedListsItByNameAndRotatesIt() {
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys);
    SecretStore.KeyInfo info = store.createValue("crm_db_password", "hunter2", "ana");

    assertThat(info.kind()).isEqualTo(SecretKind.VALUE);
    assertThat(info.algorithm()).isNull();
    assertThat(keys.wrapped("crm_db_password")).doesNotContain("hunter2");
    assertThat(store.value("crm_db_password")).contains("hunter2");
    assertThat(store.list())
        .extracting(SecretStore.KeyInfo::name)
        .containsExactly("crm_db_password");
    assertThat(store.valueExists("crm_db_password")).isTrue();
    // A value is no key: ENCRYPT cannot name it, and a job cannot fetch it as key material.
    assertThat(store.exists("crm_db_password")).isFalse();

    store.rotateValue("crm_db_password", "correct horse");
    assertThat(store.value("crm_db_password")).contains("correct horse");
    // Kept across a new store over the same data directory (the master key is on disk).
    assertThat(
            new SecretStore(keys, fixture.properties, fixture.credentials, fixture.keyUses)
                .value("crm_db_password"))
        .contains("correct horse");
  }

  @Test
  void refusesBadNamesEmptyValuesAndClashesNamingTheField() {
    SecretStore store = store(new InMemorySecretRepository());
    assertThatThrownBy(() -> store.createValue("bad name", "v", "ana"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith("name: a secret name is 1-128 letters")
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("name");
    assertThatThrownBy(() -> store.createValue(null, "v", "ana"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("name: required: the name scripts refer to");
    assertThatThrownBy(() -> store.createValue("p", "", "ana"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("value: required: the secret's value, not empty");
    store.create("k", "AES-128", KEY, "ana");
    assertThatThrownBy(() -> store.createValue("k", "v", "ana"))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.rotateValue("k", "v"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("'k' is an encryption key, not a value: a key is not rotated in place");
    assertThatThrownBy(() -> store.rotateValue("nope", "v"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Secret 'nope' does not exist");
    assertThatThrownBy(() -> store.rotateValue("k", null))
        .isInstanceOf(InvalidFieldException.class);
  }
}
