package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The quick start as a user lives it: ./sluice start, the demo project, the CLI. */
@Order(1)
class QuickStartIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  @Test
  void startsServerFlinkClusterAndKafkaWithTheDemoProject() throws Exception {
    JsonNode health = platform.http.get("/api/v1/health").body();
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("engine").asText()).isEqualTo("flink-1.20.3");
    assertThat(health.path("localKafka").asText()).isEqualTo(platform.kafkaBootstrap());

    // The Flink web UI of the local cluster is served.
    Http flink = new Http(platform.flinkUrl());
    assertThat(flink.get("/").raw()).contains("<html");
    JsonNode overview = flink.get("/overview").body();
    assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
    assertThat(overview.path("flink-version").asText()).isEqualTo("1.20.3");

    Platform.CliResult clusters = platform.cli("clusters", "list");
    assertThat(clusters.exitCode()).as(clusters.output()).isZero();
    assertThat(clusters.output()).contains("local").contains("reachable");

    Platform.CliResult list = platform.cli("jobs", "list", "--output", "json");
    assertThat(list.exitCode()).as(list.output()).isZero();
    JsonNode demo = Http.JSON.readTree(list.output());
    assertThat(demo.findValuesAsText("name"))
        .contains("demo_orders_per_minute", "demo_payments_to_kafka", "demo_payment_totals");
    assertThat(demo.findValuesAsText("project")).containsOnly("demo");
  }

  @Test
  void theFirstStartPrintsTheAdminsPasswordAndTokenOnceAndALoginLink() throws Exception {
    String console = Files.readString(platform.dataDir.resolve("launcher.out"));
    String token = platform.adminToken();
    assertThat(token).startsWith("slc_").hasSize(47);
    assertThat(console).contains("API token: " + token);
    assertThat(console)
        .contains("open:      http://localhost:" + platform.port + "/?token=" + token);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("password:  (\\S+)").matcher(console);
    assertThat(m.find()).as(console).isTrue();
    String password = m.group(1);
    assertThat(m.find()).as("printed once").isFalse();
    // Only Sluice's own credentials: no password of a user that does not exist.
    assertThat(console).doesNotContain("generated security password");
    assertThat(Files.getPosixFilePermissions(platform.adminTokenFile()))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    // Without a caller nothing but the health check answers.
    Http anonymous = new Http("http://localhost:" + platform.port);
    Http.Response denied = anonymous.get("/api/v1/jobs");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.contentType()).startsWith("application/problem+json");
    assertThat(anonymous.get("/api/v1/health").status()).isEqualTo(200);

    // The login link logs a browser in and takes the token out of the address.
    java.net.CookieManager cookies = new java.net.CookieManager();
    java.net.http.HttpClient browser =
        java.net.http.HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .build();
    var link =
        browser.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://localhost:" + platform.port + "/?token=" + token + "&tab=jobs"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(link.statusCode()).isEqualTo(302);
    assertThat(link.headers().firstValue("Location").orElseThrow())
        .endsWith("/?tab=jobs")
        .doesNotContain(token);
    var me =
        browser.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + platform.port + "/api/v1/auth/me"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(Http.JSON.readTree(me.body()).path("username").asText()).isEqualTo("admin");

    // The printed password logs in too; a wrong one does not, and says nothing more.
    Http.Response login =
        anonymous.post(
            "/api/v1/auth/login", java.util.Map.of("username", "admin", "password", password));
    assertThat(login.status()).as(login.raw()).isEqualTo(200);
    assertThat(login.body().path("admin").asBoolean()).isTrue();
    Http.Response wrong =
        anonymous.post(
            "/api/v1/auth/login",
            java.util.Map.of("username", "admin", "password", "x" + password));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().path("detail").asText()).isEqualTo("Wrong user name or password");

    // The CLI of the same install uses the token file without a login.
    Platform.CliResult whoami = platform.cli("whoami");
    assertThat(whoami.exitCode()).as(whoami.output()).isZero();
    assertThat(whoami.output())
        .contains("admin (platform admin)")
        .contains("'admin (first start)'")
        .contains("expires ")
        .doesNotContain(token);
  }

  @Test
  void theStudioIsServedOnTheApiPortAndEveryPageHasItsOwnAddress() {
    Http anonymous = new Http("http://localhost:" + platform.port);
    Http.Response index = anonymous.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.contentType()).startsWith("text/html");
    assertThat(index.raw())
        .contains("<div id=\"root\"></div>")
        .doesNotContain("http://", "https://");
    // Deep links (job names may hold dots) get the same page, so a reload opens where it was.
    for (String page :
        java.util.List.of(
            "/jobs",
            "/jobs/demo_payment_totals",
            "/jobs/metrics.demo_payments/edit",
            "/jobs/demo_payment_totals/graph",
            "/debug/0123abc",
            "/alerts",
            "/clusters",
            "/login")) {
      Http.Response r = anonymous.get(page);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.raw()).as(page).isEqualTo(index.raw());
    }
    // The built assets are served (nothing from a CDN) and cached for good: their names hold
    // their content hash.
    java.util.regex.Matcher script =
        java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index.raw());
    assertThat(script.find()).as(index.raw()).isTrue();
    Http.Response js = anonymous.get(script.group(1));
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.contentType()).contains("javascript");
    // An unknown API path or asset stays a 404 problem, never the studio's page.
    Http.Response missingAsset = anonymous.get("/assets/none-such.js");
    assertThat(missingAsset.status()).isEqualTo(404);
    Http.Response missingApi = platform.http.get("/api/v1/none-such");
    assertThat(missingApi.status()).isEqualTo(404);
    assertThat(missingApi.contentType()).startsWith("application/problem+json");
  }

  @Test
  void theLocalClusterServesItsMetricsToPrometheus() throws Exception {
    // Flink's Prometheus reporter: the JobManager and the TaskManager each take a port of the
    // configured range (sluice.local-cluster.prometheus-ports, 9249-9259).
    String jobManager = null;
    String taskManager = null;
    for (int port = 9249; port <= 9259; port++) {
      String text;
      try {
        text = new Http("http://localhost:" + port).get("/metrics").raw();
      } catch (RuntimeException e) {
        continue; // nothing listens there
      }
      if (text.contains("flink_jobmanager_numRegisteredTaskManagers")) {
        jobManager = text;
      } else if (text.contains("flink_taskmanager_Status_JVM_Memory_Heap_Used")) {
        taskManager = text;
      }
    }
    assertThat(jobManager).as("a JobManager reporter in 9249-9259").isNotNull();
    assertThat(jobManager)
        .containsPattern("flink_jobmanager_numRegisteredTaskManagers\\{[^}]*} 1\\.0");
    assertThat(taskManager).as("a TaskManager reporter in 9249-9259").isNotNull();
  }

  @Test
  void demoJobsRunAsTheyAre() throws Exception {
    for (String name : new String[] {"demo_payments_to_kafka", "demo_payment_totals"}) {
      Platform.CliResult start = platform.cli("jobs", "start", name);
      assertThat(start.exitCode()).as(start.output()).isZero();
      assertThat(start.output()).contains("deployed " + name);
    }
    long totals =
        platform
            .http
            .get("/api/v1/jobs?name=demo_payment_totals")
            .body()
            .get(0)
            .path("id")
            .asLong();
    // Reading what the first job writes to Kafka, the second one completes checkpoints.
    jobs.await(
        totals,
        j -> "RUNNING".equals(j.path("flinkState").asText()) && j.hasNonNull("lastCheckpoint"),
        Duration.ofMinutes(2));
    for (String name : new String[] {"demo_payments_to_kafka", "demo_payment_totals"}) {
      Platform.CliResult stop = platform.cli("jobs", "stop", name);
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(stop.output()).contains("savepoint: file:");
    }
  }

  @Test
  void theDemoMetricGroupRunsOnTheDemoGenerator() throws Exception {
    Platform.CliResult groups = platform.cli("metrics", "list");
    assertThat(groups.exitCode()).as(groups.output()).isZero();
    assertThat(groups.output()).contains("demo_payments v1");
    Platform.CliResult generator = platform.cli("jobs", "start", "demo_payment_events");
    assertThat(generator.exitCode()).as(generator.output()).isZero();
    var deployed =
        platform.http.post("/api/v1/metric-groups/demo_payments/deploy", java.util.Map.of());
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
    long id = deployed.body().path("id").asLong();
    jobs.await(
        id,
        j -> "RUNNING".equals(j.path("flinkState").asText()) && j.hasNonNull("lastCheckpoint"),
        Duration.ofMinutes(2));
    for (String name : new String[] {"demo_payment_events", "metrics.demo_payments"}) {
      Platform.CliResult stop = platform.cli("jobs", "stop", name, "--no-savepoint");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
    }
  }

  @Test
  void deploysAJobFromAFileAsCode() throws Exception {
    Path file = platform.dataDir.resolve("clicks_as_code.sql");
    Files.writeString(
        file,
        """
        -- @job: clicks_as_code
        CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
        CREATE TABLE sink (user_id INT, url STRING) WITH ('connector' = 'blackhole');
        INSERT INTO sink SELECT * FROM clicks;
        """);
    Platform.CliResult deploy = platform.cli("deploy", file.toString());
    assertThat(deploy.exitCode()).as(deploy.output()).isZero();
    assertThat(deploy.output()).contains("clicks_as_code").contains("v1");

    Platform.CliResult show = platform.cli("jobs", "show", "clicks_as_code", "-o", "json");
    JsonNode job = Http.JSON.readTree(show.output());
    assertThat(job.path("desiredState").asText()).isEqualTo("RUNNING");
    assertThat(job.path("flinkJobId").asText()).hasSize(32);

    // Editing the file and deploying again while it runs is refused, and says why.
    Files.writeString(
        file, Files.readString(file).replace("SELECT *", "SELECT user_id, UPPER(url)"));
    Platform.CliResult again = platform.cli("deploy", file.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.output()).contains("already").contains("stop it first");
    Platform.CliResult versions = platform.cli("jobs", "versions", "clicks_as_code");
    assertThat(versions.output()).contains("v1").contains("v2");
    Platform.CliResult diff = platform.cli("jobs", "diff", "clicks_as_code", "1", "2");
    assertThat(diff.output())
        .contains("-INSERT INTO sink SELECT * FROM clicks;")
        .contains("+INSERT INTO sink SELECT user_id, UPPER(url) FROM clicks;");

    Platform.CliResult stop = platform.cli("jobs", "stop", "clicks_as_code", "--no-savepoint");
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    Platform.CliResult redeploy = platform.cli("deploy", file.toString());
    assertThat(redeploy.exitCode()).as(redeploy.output()).isZero();
    assertThat(redeploy.output()).contains("v2");
    assertThat(platform.cli("jobs", "stop", "clicks_as_code", "--no-savepoint").exitCode())
        .isZero();
  }

  @Test
  void reportsScriptErrorsWithTheirPlaceOnTheCommandLine() throws Exception {
    Path file = platform.dataDir.resolve("broken.sql");
    Files.writeString(
        file,
        "CREATE TABLE t (x INT) WITH ('connector' = 'datagen');\nCREATE TABLE s (x INT) WITH ('connector' = 'blackhole');\nINSERT INTO s SELECT y FROM t;\n");
    Platform.CliResult deploy = platform.cli("deploy", file.toString());
    assertThat(deploy.exitCode()).isEqualTo(1);
    assertThat(deploy.output()).contains("statement 3 at line 3:22").contains("'y'");
  }
}
