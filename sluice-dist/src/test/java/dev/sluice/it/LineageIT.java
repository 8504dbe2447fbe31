package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Lineage through the server: stored with each saved version, joined across jobs at a shared Kafka
 * topic, queried up, down and for impact, exported as OpenLineage, and refused (with the validation
 * errors) for a script that does not validate.
 */
@Order(9)
class LineageIT {
  private final Platform platform = Platform.get();
  private final Jobs jobs = new Jobs(platform.http);

  private String producer(String bootstrap) {
    return """
        CREATE TABLE gen (id BIGINT, amount DOUBLE, merchant STRING) WITH ('connector' = 'datagen');
        CREATE TABLE lin_orders (id BIGINT, amount DOUBLE, merchant STRING) WITH (
          'connector' = 'kafka', 'topic' = 'lineage.orders', 'properties.bootstrap.servers' = '%s',
          'format' = 'json');
        INSERT INTO lin_orders SELECT id, amount * 100, merchant FROM gen;
        """
        .formatted(bootstrap);
  }

  private String consumer(String bootstrap, String aggregate) {
    return """
        CREATE TABLE orders (id BIGINT, amount DOUBLE, merchant STRING) WITH (
          'connector' = 'kafka', 'topic' = 'lineage.orders', 'properties.bootstrap.servers' = '%s',
          'properties.group.id' = 'lin', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
        CREATE TABLE merchant_totals (merchant STRING, total DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED) WITH (
          'connector' = 'upsert-kafka', 'topic' = 'lineage.totals', 'properties.bootstrap.servers' = '%s',
          'key.format' = 'json', 'value.format' = 'json');
        -- @name: totals
        INSERT INTO merchant_totals SELECT merchant, %s(amount) FROM orders WHERE id > 0 GROUP BY merchant;
        """
        .formatted(bootstrap, bootstrap, aggregate);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void lineageIsStoredPerVersionAndJoinsJobsAtSharedTopics() throws Exception {
    String bootstrap = platform.kafkaBootstrap();
    long producer = jobs.create("lineage_producer", producer(bootstrap));
    long consumer = jobs.create("lineage_consumer", consumer(bootstrap, "SUM"));

    // Column lineage of one job, with the statement's name and conditions.
    JsonNode lineage = platform.http.get("/api/v1/jobs/" + consumer + "/lineage").body();
    JsonNode statement = lineage.path("statements").get(0);
    assertThat(statement.path("name").asText()).isEqualTo("totals");
    String topic = statement.path("sources").get(0).asText();
    assertThat(topic).endsWith("/lineage.orders").startsWith("kafka://");
    JsonNode total = statement.path("columns").get(1);
    assertThat(total.path("column").asText()).isEqualTo("total");
    assertThat(total.path("expression").asText()).isEqualTo("SUM(orders.amount)");
    assertThat(total.path("origins").get(0).path("subtype").asText()).isEqualTo("AGGREGATION");
    assertThat(statement.path("conditions").toString()).contains("\"column\":\"id\"", "FILTER");

    // Impact of a column across jobs: the producer's source column reaches the consumer's sink.
    String gen = "sluice://job/lineage_producer/default_catalog.default_database.gen";
    JsonNode impact =
        platform.http.get("/api/v1/lineage/impact?dataset=" + q(gen) + "&column=amount").body();
    assertThat(impact.path("jobs").toString()).contains("lineage_producer", "lineage_consumer");
    List<String> reached = new ArrayList<>();
    for (JsonNode e : impact.path("sinkColumns")) {
      reached.add(
          e.path("distance").asInt()
              + ":"
              + e.path("toDataset").asText()
              + " "
              + e.path("toColumn").asText());
    }
    assertThat(reached).anyMatch(r -> r.startsWith("1:") && r.endsWith("/lineage.orders amount"));
    assertThat(reached).anyMatch(r -> r.startsWith("2:") && r.endsWith("/lineage.totals total"));
    // A column that feeds nothing impacts nothing downstream of the topic.
    JsonNode none =
        platform.http.get("/api/v1/lineage/impact?dataset=" + q(gen) + "&column=nothing").body();
    assertThat(none.path("sinkColumns")).isEmpty();

    // Upstream of the consumer's sink, dataset level, two hops: back through the topic to datagen.
    String totals = statement.path("sink").asText();
    JsonNode up =
        platform.http.get("/api/v1/lineage/upstream?dataset=" + q(totals) + "&depth=2").body();
    assertThat(up.path("datasets").toString()).contains(gen, topic);
    JsonNode oneHop =
        platform.http.get("/api/v1/lineage/upstream?dataset=" + q(totals) + "&depth=1").body();
    assertThat(oneHop.path("datasets").toString()).doesNotContain(gen);

    // A new version gets its own lineage; the old one is kept as it was.
    platform.http.put("/api/v1/jobs/" + consumer, Map.of("script", consumer(bootstrap, "MAX")));
    JsonNode v2 = platform.http.get("/api/v1/jobs/" + consumer + "/lineage").body();
    assertThat(v2.path("statements").get(0).path("columns").get(1).path("expression").asText())
        .isEqualTo("MAX(orders.amount)");
    JsonNode v1 = platform.http.get("/api/v1/jobs/" + consumer + "/lineage?version=1").body();
    assertThat(v1.path("statements").get(0).path("columns").get(1).path("expression").asText())
        .isEqualTo("SUM(orders.amount)");

    // OpenLineage export of the producer: column lineage facet on its output topic.
    JsonNode event = platform.http.get("/api/v1/jobs/" + producer + "/lineage/openlineage").body();
    assertThat(event.path("job").path("name").asText()).isEqualTo("lineage_producer");
    JsonNode output = event.path("outputs").get(0);
    assertThat(output.path("name").asText()).isEqualTo("lineage.orders");
    JsonNode amount = output.path("facets").path("columnLineage").path("fields").path("amount");
    assertThat(amount.path("inputFields").get(0).path("field").asText()).isEqualTo("amount");
    assertThat(
            amount
                .path("inputFields")
                .get(0)
                .path("transformations")
                .get(0)
                .path("subtype")
                .asText())
        .isEqualTo("TRANSFORMATION");

    // The CLI shows the same.
    Platform.CliResult cli = platform.cli("lineage", "impact", gen, "amount");
    assertThat(cli.exitCode()).as(cli.output()).isZero();
    assertThat(cli.output()).contains("lineage_consumer", "lineage.totals total");
  }

  @Test
  void lineageOfAScriptThatDoesNotValidateIsItsErrors() {
    long broken =
        jobs.create(
            "lineage_broken",
            """
            CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen');
            CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO out1 SELECT idd FROM gen;
            """);
    Http.Response r = platform.http.get("/api/v1/jobs/" + broken + "/lineage");
    assertThat(r.status()).isEqualTo(422);
    JsonNode error = r.body().path("errors").get(0);
    assertThat(error.path("statement").asInt()).isEqualTo(3);
    assertThat(error.path("line").asInt()).isEqualTo(3);
    assertThat(error.path("message").asText()).contains("idd");
    // Unknown datasets and silly depths are the user's mistakes, not server errors.
    assertThat(platform.http.get("/api/v1/lineage/downstream?dataset=nope").status())
        .isEqualTo(404);
    assertThat(
            platform
                .http
                .get(
                    "/api/v1/lineage/impact?dataset="
                        + q("sluice://job/lineage_broken/default_catalog.default_database.gen"))
                .status())
        .isEqualTo(400);
  }
}
