package dev.sluice.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.StatementInfo;
import dev.sluice.server.fakes.InMemorySecretRepository;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
  private static final String SCRIPT =
      "CREATE TABLE out (id INT) WITH ('connector' = 'jdbc', 'password' = '${secret:pw}');\n"
          + "INSERT INTO out SELECT 1;";
  private static final List<StatementInfo> STATEMENTS =
      List.of(
          new StatementInfo(1, "CREATE_TABLE", 1, 1, "CREATE TABLE out ..."),
          new StatementInfo(2, "INSERT", 2, 1, "INSERT INTO out SELECT 1"));

  @TempDir Path dataDir;

  private SecretStore store() {
    ServerFixture fixture = new ServerFixture(dataDir);
    return new SecretStore(
        new InMemorySecretRepository(), fixture.properties, fixture.credentials, fixture.keyUses);
  }

  @Test
  void resolvesFromTheStoreAndRedactsTheValueOutOfMessages() {
    SecretStore store = store();
    store.createValue("pw", "o'neil", "ana");
    SecretResolver.Resolution r = new SecretResolver(store).resolve(SCRIPT, () -> STATEMENTS);

    assertThat(r.script()).contains("'password' = 'o''neil'").doesNotContain("${secret:");
    assertThat(r.redact("Table options are: 'password'='o''neil' (o'neil)"))
        .isEqualTo("Table options are: 'password'='${secret:pw}' (${secret:pw})");
  }

  @Test
  void aCompileFailureLosesTheValueButKeepsItsRangeAndSuggestions() {
    SecretStore store = store();
    store.createValue("pw", "o'neil", "ana");
    SecretResolver.Resolution r = new SecretResolver(store).resolve(SCRIPT, () -> STATEMENTS);
    ScriptException failed =
        new ScriptException(
            List.of(
                new Problem(
                    1,
                    1,
                    60,
                    "Unsupported options: pasword (value o'neil)",
                    1,
                    66,
                    List.of("password"))));

    assertThat(r.redact(failed).problems())
        .containsExactly(
            new Problem(
                1,
                1,
                60,
                "Unsupported options: pasword (value ${secret:pw})",
                1,
                66,
                List.of("password")));
  }

  @Test
  void aMissingSecretIsAProblemAtItsStatementLineAndColumn() {
    SecretResolver resolver = new SecretResolver(store());
    String message =
        "secret 'pw' does not exist (store it with POST /api/v1/secrets {\"name\": \"pw\","
            + " \"value\": ...})";
    assertThat(resolver.problems(SCRIPT, STATEMENTS))
        .containsExactly(new Problem(1, 1, 69, message));
    assertThatThrownBy(() -> resolver.resolve(SCRIPT, () -> STATEMENTS))
        .isInstanceOf(ScriptException.class)
        .extracting(e -> ((ScriptException) e).problems())
        .isEqualTo(List.of(new Problem(1, 1, 69, message)));
  }

  @Test
  void anEncryptionKeyIsNotAValueToResolve() {
    SecretStore store = store();
    store.create("pw", "AES-128", null, "ana");
    assertThat(new SecretResolver(store).problems(SCRIPT, STATEMENTS))
        .extracting(Problem::message)
        .allMatch(m -> m.startsWith("secret 'pw' does not exist"));
  }

  @Test
  void aMisplacedReferenceIsAProblemEvenWhenTheSecretExists() {
    SecretStore store = store();
    store.createValue("pw", "v", "ana");
    String script = "INSERT INTO out SELECT '${secret:pw}';";
    assertThat(
            new SecretResolver(store)
                .problems(script, List.of(new StatementInfo(1, "INSERT", 1, 1, script))))
        .containsExactly(
            new Problem(
                1,
                1,
                25,
                "secret 'pw' is referenced outside an option value: a secret may only be the"
                    + " value of a WITH or OPTIONS option, as in 'password' = '${secret:name}'"));
  }

  @Test
  void aScriptWithoutReferencesIsUnchanged() {
    SecretResolver.Resolution r =
        new SecretResolver(store()).resolve("INSERT INTO out SELECT 1", List::of);
    assertThat(r.script()).isEqualTo("INSERT INTO out SELECT 1");
    assertThat(r.values()).isEqualTo(Map.of());
  }
}
