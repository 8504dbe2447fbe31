package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys and values in one name space, on both databases the store supports. */
class JdbcSecretRepositoryTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsKeysAndValuesApartUnderOneNameSpace(String kind) {
    JdbcSecretRepository repo = new JdbcSecretRepository(TestDatabases.migratedClient(kind));
    repo.insert("pay_key", "AES-256", "wrapped-key", "ana", T0);
    repo.insertValue("crm_db_password", "wrapped-value", "bo", T0);
    repo.setProject("crm_db_password", "demo");

    assertThat(repo.list())
        .containsExactly(
            new SecretStore.KeyInfo(
                "crm_db_password", SecretKind.VALUE, null, "bo", T0, T0, "demo"),
            new SecretStore.KeyInfo("pay_key", SecretKind.KEY, "AES-256", "ana", T0, null, null));
    assertThat(repo.project("crm_db_password")).contains("demo");
    assertThat(repo.project("nothing")).isEmpty();
    assertThat(repo.kind("crm_db_password")).contains(SecretKind.VALUE);
    assertThat(repo.kind("pay_key")).contains(SecretKind.KEY);
    assertThat(repo.kind("nothing")).isEmpty();
    // A value is never key material, and a key is never a value.
    assertThat(repo.exists("crm_db_password")).isFalse();
    assertThat(repo.find("crm_db_password")).isEmpty();
    assertThat(repo.findValue("pay_key")).isEmpty();
    assertThat(repo.findValue("crm_db_password")).contains("wrapped-value");

    assertThat(repo.updateValue("crm_db_password", "rotated", T0.plusDays(1))).isTrue();
    assertThat(repo.updateValue("pay_key", "x", T0.plusDays(1))).isFalse();
    assertThat(repo.findValue("crm_db_password")).contains("rotated");
    assertThat(repo.list().get(0).updatedAt()).isEqualTo(T0.plusDays(1));
    assertThat(repo.find("pay_key"))
        .contains(new SecretRepository.WrappedKey("AES-256", "wrapped-key"));

    assertThat(repo.delete("crm_db_password")).isTrue();
    assertThat(repo.delete("crm_db_password")).isFalse();
    assertThat(repo.list()).extracting(SecretStore.KeyInfo::name).containsExactly("pay_key");
  }
}
