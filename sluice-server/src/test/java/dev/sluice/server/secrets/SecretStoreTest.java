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

  private SecretStore store(InMemorySecretRepository keys) {
    return new SecretStore(keys, new ServerFixture(dataDir).properties);
  }

  @Test
  void handsAKeyOnlyToAJobWithItsTokenWhoseScriptNamesIt() {
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys);
    store.create("pay_key", "aes-128", KEY, "ana");
    String script = "INSERT INTO out SELECT ENCRYPT(card, 'pay_key') FROM pay";
    String token = store.jobToken(7);

    assertThat(store.material("pay_key", 7, token, script))
        .isEqualTo(Map.of("algorithm", "AES-128", "key", KEY));
    assertThat(keys.wrapped("pay_key")).isNotEqualTo(KEY).doesNotContain(KEY);
    assertThatThrownBy(() -> store.material("pay_key", 7, store.jobToken(8), script))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("Wrong job token");
    assertThatThrownBy(() -> store.material("pay_key", 7, null, script))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("Wrong job token");
    assertThatThrownBy(
            () -> store.material("pay_key", 7, token, "INSERT INTO out SELECT card FROM pay"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("The job's script does not name key 'pay_key'");
  }

  @Test
  void aTokenIsStableForAJobAndDiffersBetweenJobs() {
    SecretStore store = store(new InMemorySecretRepository());
    assertThat(store.jobToken(1)).isEqualTo(store.jobToken(1)).isNotEqualTo(store.jobToken(2));
    // The master key is kept: a new store over the same data directory gives the same tokens.
    assertThat(store(new InMemorySecretRepository()).jobToken(1)).isEqualTo(store.jobToken(1));
  }

  @Test
  void generatesKeysOfTheAlgorithmsSize() {
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys);
    store.create("k256", null, null, "ana");
    store.create("ksm4", "SM4", null, "ana");
    String script = "SELECT ENCRYPT(a, 'k256'), DECRYPT(b, 'ksm4')";
    long id = 3;
    byte[] aes =
        Base64.getDecoder()
            .decode(store.material("k256", id, store.jobToken(id), script).get("key"));
    byte[] sm4 =
        Base64.getDecoder()
            .decode(store.material("ksm4", id, store.jobToken(id), script).get("key"));
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
            new SecretStore(keys, new ServerFixture(dataDir).properties).value("crm_db_password"))
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
