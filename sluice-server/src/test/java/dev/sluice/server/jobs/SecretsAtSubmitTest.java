package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.SubmitOutcome;
import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references reach the engine resolved only in the compile whose job graph is submitted. */
class SecretsAtSubmitTest {
  private static final String SCRIPT =
      "CREATE TABLE out (k STRING) WITH ('connector' = 'jdbc', 'password' = '${secret:pw}');\n"
          + "INSERT INTO out SELECT 'a';";

  @TempDir Path dataDir;

  @Test
  void onlyTheSubmittedCompileHoldsTheValue() {
    ServerFixture f = new ServerFixture(dataDir);
    f.secrets.createValue("pw", "it's-secret", "ana");
    long id = f.job("orders", SCRIPT);

    f.deployments.deploy(id, "none");

    assertThat(f.engine.submitted()).hasSize(1);
    assertThat(f.engine.submitted().get(0).script())
        .isEqualTo(SCRIPT.replace("${secret:pw}", "it''s-secret"));
    // What is stored and planned keeps the reference.
    assertThat(f.jobs.versions(id)).extracting(JobVersion::script).containsExactly(SCRIPT);
    assertThat(f.deployments.validate(id, Optional.empty()).problems()).isEmpty();
  }

  @Test
  void aMissingSecretIsRefusedBeforeAnythingIsCompiledOrRecorded() {
    ServerFixture f = new ServerFixture(dataDir);
    long id = f.job("orders", SCRIPT);

    assertThat(f.deployments.validate(id, Optional.empty()).problems())
        .extracting(Problem::line, Problem::column, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1,
                71,
                "secret 'pw' does not exist (store it with POST /api/v1/secrets {\"name\": \"pw\","
                    + " \"value\": ...})"));
    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(ScriptException.class)
        .hasMessageContaining("secret 'pw' does not exist");
    assertThat(f.engine.compiled()).isEmpty();
    assertThat(f.jobs.findById(id).orElseThrow().state()).isEqualTo(JobState.CREATED);
  }

  @Test
  void theClustersAnswerNeverCarriesTheValueBack() {
    ServerFixture f = new ServerFixture(dataDir);
    f.secrets.createValue("pw", "hunter2", "ana");
    long id = f.job("orders", SCRIPT);
    f.engine.nextSubmit(
        jobId -> new SubmitOutcome.Rejected(jobId, "bad options: 'password'='hunter2'"));

    assertThatThrownBy(() -> f.deployments.deploy(id, "none"))
        .isInstanceOf(ClusterException.class)
        .hasMessage("bad options: 'password'='${secret:pw}'");
  }

  @Test
  void aRotatedValueIsWhatTheNextSubmitCarries() {
    ServerFixture f = new ServerFixture(dataDir);
    f.secrets.createValue("pw", "one", "ana");
    long id = f.job("orders", SCRIPT);
    f.deployments.deploy(id, "none");
    f.deployments.stop(id, false, false);
    f.secrets.rotateValue("pw", "two");

    f.deployments.deploy(id, "none");

    assertThat(f.engine.submitted())
        .extracting(c -> c.script().contains("'password' = 'two'"))
        .containsExactly(false, true);
    assertThat(List.of(f.engine.submitted().get(0).script())).allMatch(s -> s.contains("'one'"));
  }
}
