package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasourcesCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun sluice(String stdin, String... args) {
    return CliRun.against(server.url(), Map.of("XDG_CONFIG_HOME", config.toString()), stdin, args);
  }

  private static final String CRM =
      """
      {"id":4,"name":"crm","project":"shop","type":"postgresql","typeLabel":"PostgreSQL",
       "host":"db.internal","port":5432,"database":"crm","username":"cdc",
       "passwordSecret":"datasource.crm.password"}
      """;

  @Test
  void addSendsThePasswordFromStdinInTheBodyNeverAsAnArgument() {
    server.on("POST", "/datasources", 201, CRM);

    CliRun run =
        sluice(
            "s3cret pass\n",
            "--token",
            "slc_ops",
            "datasources",
            "add",
            "crm",
            "--type",
            "postgresql",
            "--host",
            "db.internal",
            "--database",
            "crm",
            "--username",
            "cdc",
            "--password-stdin",
            "--project",
            "shop");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.only("POST", "/datasources").body())
        .isEqualTo(
            "{\"name\":\"crm\",\"type\":\"postgresql\",\"host\":\"db.internal\","
                + "\"database\":\"crm\",\"username\":\"cdc\",\"password\":\"s3cret pass\","
                + "\"project\":\"shop\"}");
    assertThat(run.out().strip())
        .isEqualTo(
            "crm (PostgreSQL) db.internal:5432/crm as cdc, password in secret"
                + " datasource.crm.password, project shop");
  }

  @Test
  void aSecretIsSentAsItsReference() {
    server.on("POST", "/datasources", 201, CRM);

    CliRun run =
        sluice(
            "",
            "--token",
            "slc_ops",
            "datasources",
            "add",
            "crm",
            "--type",
            "pg",
            "--host",
            "db.internal",
            "--port",
            "6432",
            "--database",
            "crm",
            "--username",
            "cdc",
            "--password-secret",
            "crm_pw");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.only("POST", "/datasources").body())
        .contains("\"port\":6432")
        .contains("\"password\":\"${secret:crm_pw}\"");
  }

  @Test
  void readinessPrintsEachFailedCheckWithItsFixAndExitsWithThree() {
    server.on(
        "GET",
        "/datasources/crm/readiness?tables=public.orders%2Cpublic.events",
        200,
        """
        {"type":"postgresql","ready":false,
         "checks":[{"name":"wal_level","ok":true,"severity":"error","actual":"logical","expected":"logical","message":"m","fix":null},
                   {"name":"replica_identity","ok":false,"severity":"error","actual":"1 without: public.events",
                    "expected":"a primary key or REPLICA IDENTITY FULL","message":"Updates could not be applied.",
                    "fix":"ALTER TABLE \\"public\\".\\"events\\" REPLICA IDENTITY FULL;"}],
         "notes":[]}
        """);

    CliRun run =
        sluice(
            "",
            "--token",
            "slc_dev",
            "datasources",
            "readiness",
            "crm",
            "--tables",
            "public.orders,public.events");

    assertThat(run.exitCode()).isEqualTo(DatasourcesCommand.NOT_READY);
    assertThat(run.out())
        .contains("replica_identity: Updates could not be applied.\n")
        .contains("  ALTER TABLE \"public\".\"events\" REPLICA IDENTITY FULL;\n")
        .endsWith("NOT READY\n");
    assertThat(run.out().lines().filter(l -> l.startsWith("wal_level")).findFirst().orElseThrow())
        .contains("ok")
        .contains("logical");
  }

  @Test
  void columnsMarkWhatFlinkCannotRead() {
    server.on(
        "GET",
        "/datasources/crm/tables/public.orders",
        200,
        """
        {"schema":"public","name":"orders","columns":[
          {"name":"id","type":"bigint","flinkType":"BIGINT","nullable":false,"defaultValue":null,"primaryKey":true,"comment":null},
          {"name":"tags","type":"integer[]","flinkType":null,"nullable":true,"defaultValue":null,"primaryKey":false,"comment":"labels"}]}
        """);

    CliRun run = sluice("", "--token", "slc_dev", "datasources", "columns", "crm", "public.orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(not readable)").contains("PK").contains("labels");
  }

  @Test
  void syncPlanPostsTheYamlFileAsItIsAndPrintsEachProblem() throws Exception {
    java.nio.file.Path file = config.resolve("sync.yaml");
    String yaml =
        "tables: [public.orders, public.ev.*]\ntarget: {type: kafka, bootstrapServers: k:9092, format: upsert}\n";
    java.nio.file.Files.writeString(file, yaml);
    server.on(
        "POST",
        "/datasources/crm/sync-plan",
        200,
        """
        {"source":"crm","target":"kafka","ready":false,
         "tables":[{"source":"public.events","target":"cdc.public.events","primaryKey":[],"rowEstimate":null,
                    "columns":[],"problems":["No primary key: upsert records are keyed by it"],"warnings":[]},
                   {"source":"public.orders","target":"cdc.public.orders","primaryKey":["id"],"rowEstimate":3,
                    "columns":[{"name":"id","lossy":false}],"problems":[],"warnings":[]}],
         "excluded":[],"unmatched":[],"problems":[],"warnings":[]}
        """);

    CliRun run =
        sluice("", "--token", "slc_dev", "sync", "plan", file.toString(), "--source", "crm");

    assertThat(run.exitCode()).isEqualTo(DatasourcesCommand.NOT_READY);
    TestServer.Request sent = server.only("POST", "/datasources/crm/sync-plan");
    assertThat(sent.body()).isEqualTo(yaml);
    assertThat(sent.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(run.out())
        .contains("problem public.events: No primary key: upsert records are keyed by it")
        .endsWith("NOT READY\n");
  }

  @Test
  void syncApplyCreatesASyncJobFromTheFileAndDeploysIt() throws Exception {
    java.nio.file.Path file = config.resolve("crm.yaml");
    String yaml = "tables: [public.orders]\ntarget: {type: kafka, bootstrapServers: k:9092}\n";
    java.nio.file.Files.writeString(file, yaml);
    server.on("GET", "/jobs", 200, "[]");
    server.on(
        "POST", "/jobs", 201, "{\"id\":7,\"name\":\"crm-sync\",\"project\":\"crm\",\"version\":1}");
    server.on(
        "POST",
        "/jobs/7/deploy",
        200,
        """
        {"id":7,"name":"crm-sync","currentVersion":1,"cluster":"local","state":"SUBMITTING",
         "desiredState":"RUNNING"}
        """);

    CliRun run =
        sluice(
            "",
            "--token",
            "slc_dev",
            "sync",
            "apply",
            "crm-sync",
            file.toString(),
            "--source",
            "crm",
            "--deploy");

    assertThat(run.exitCode()).as(run.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode body =
        Api.JSON.readTree(server.only("POST", "/jobs").body());
    assertThat(body.path("type").asText()).isEqualTo("SYNC");
    assertThat(body.path("name").asText()).isEqualTo("crm-sync");
    assertThat(body.path("source").asText()).isEqualTo("crm");
    assertThat(body.path("script").asText()).isEqualTo(yaml);
    assertThat(
            Api.JSON
                .readTree(server.only("POST", "/jobs/7/deploy").body())
                .path("restore")
                .asText())
        .isEqualTo("none");
    assertThat(run.out()).startsWith("saved sync job crm-sync (id 7) v1\ndeployed crm-sync (id 7)");
  }

  @Test
  void syncApplyRefusesToTurnAnotherKindOfJobIntoASync() throws Exception {
    java.nio.file.Path file = config.resolve("crm.yaml");
    java.nio.file.Files.writeString(file, "tables: [public.orders]\n");
    server.on(
        "GET",
        "/jobs",
        200,
        "[{\"id\":3,\"name\":\"crm-sync\",\"project\":\"demo\",\"type\":\"SQL\"}]");

    CliRun run = sluice("", "--token", "slc_dev", "sync", "apply", "crm-sync", file.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("Job crm-sync is a SQL job, not a sync");
  }
}
