package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.fakes.InMemorySecretRepository;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrapping every secret under a new master key, and a rotation that stopped half-way. */
class MasterKeyRotationTest {
  @TempDir Path dataDir;

  private SecretStore store(InMemorySecretRepository keys, ServerFixture fixture) {
    return new SecretStore(keys, fixture.properties, fixture.credentials, fixture.keyUses);
  }

  @Test
  void everySecretIsRewrappedAndStillReadsAfterARestart() throws Exception {
    ServerFixture fixture = new ServerFixture(dataDir);
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys, fixture);
    store.createValue("crm_db_password", "s3cr'et", "ana");
    store.create("pay_key", "AES-128", null, "ana");
    Map<String, String> before = keys.allWrapped();
    String oldKey = Files.readString(dataDir.resolve("master.key"));

    assertThat(store.rotateMasterKey()).isEqualTo(2);

    Map<String, String> after = keys.allWrapped();
    assertThat(after.keySet()).containsExactly("crm_db_password", "pay_key");
    assertThat(after.get("crm_db_password")).isNotEqualTo(before.get("crm_db_password"));
    assertThat(after.get("pay_key")).isNotEqualTo(before.get("pay_key"));
    assertThat(Files.readString(dataDir.resolve("master.key"))).isNotEqualTo(oldKey);
    assertThat(dataDir.resolve("master.key.next")).doesNotExist();
    assertThat(store.value("crm_db_password")).contains("s3cr'et");
    // A new server on the same store and data directory reads them with the new key.
    assertThat(store(keys, fixture).value("crm_db_password")).contains("s3cr'et");
  }

  @Test
  void aRotationThatStoppedBeforeTheKeyFileWasReplacedLosesNothing() throws Exception {
    ServerFixture fixture = new ServerFixture(dataDir);
    InMemorySecretRepository keys = new InMemorySecretRepository();
    SecretStore store = store(keys, fixture);
    store.createValue("crm_db_password", "s3cr'et", "ana");
    Path file = dataDir.resolve("master.key");
    String oldKey = Files.readString(file);
    store.rotateMasterKey();
    String newKey = Files.readString(file);
    // As if the server died after the store's commit, before the new key replaced the old file.
    Files.writeString(dataDir.resolve("master.key.next"), newKey);
    Files.writeString(file, oldKey);

    SecretStore restarted = store(keys, fixture);
    assertThat(restarted.value("crm_db_password")).contains("s3cr'et");
    assertThat(Files.readString(file)).isEqualTo(newKey);
    assertThat(dataDir.resolve("master.key.next")).doesNotExist();
  }
}
