package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SQL editor's server side through the platform as the studio reaches it: the engine's
 * language, the tables of a half-written draft, and validation problems with the offending token's
 * range and suggestions.
 */
class SqlAssistIT {
  private final Platform platform = Platform.get();
  private final Http http = platform.http;
  private final Jobs jobs = new Jobs(http);

  private static JsonNode named(JsonNode items, String field, String value) {
    for (JsonNode item : items) {
      if (item.path(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no " + field + " " + value + " in " + items);
  }

  @Test
  void languageComesFromTheEngine() {
    Http.Response r = http.get("/api/v1/sql/language");

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<String> keywords = new ArrayList<>();
    r.body().path("keywords").forEach(k -> keywords.add(k.asText()));
    assertThat(keywords).contains("SELECT", "WATERMARK", "MATCH_RECOGNIZE");
    JsonNode sum = named(r.body().path("functions"), "name", "SUM");
    assertThat(sum.path("kind").asText()).isEqualTo("BUILTIN");
    assertThat(sum.path("signatures").get(0).asText()).isEqualTo("SUM(<NUMERIC>)");
    assertThat(sum.has("description")).isFalse();
    assertThat(named(r.body().path("functions"), "name", "APPROX_DISTINCT").path("kind").asText())
        .isEqualTo("SLUICE");
    // The Kafka connector is a bundle of the distribution, on the engine's class path.
    JsonNode kafka = named(r.body().path("connectors"), "identifier", "kafka");
    JsonNode servers = kafka.path("options").get(0);
    assertThat(servers.path("key").asText()).isEqualTo("properties.bootstrap.servers");
    assertThat(servers.path("required").asBoolean()).isTrue();
    JsonNode rate =
        named(
            named(r.body().path("connectors"), "identifier", "datagen").path("options"),
            "key",
            "rows-per-second");
    assertThat(rate.path("default").asText()).isEqualTo("10000");
    assertThat(rate.path("type").asText()).isEqualTo("Long");
    assertThat(rate.path("description").asText())
        .isEqualTo("Rows per second to control the emit rate.");
    JsonNode ignore =
        named(
            named(r.body().path("formats"), "identifier", "json").path("options"),
            "key",
            "json.ignore-parse-errors");
    assertThat(ignore.path("default").asText()).isEqualTo("false");
  }

  @Test
  void tablesOfAHalfWrittenDraftAreListedInOrder() {
    String script =
        """
        CREATE TABLE orders (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen');
        CREATE VIEW broken AS SELECT amout FROM orders;
        INSERT INTO nowhere SELECT
        ;
        CREATE TEMPORARY VIEW big AS SELECT id FROM orders WHERE amount > 10;
        """;

    Http.Response r = http.post("/api/v1/sql/tables", Map.of("script", script));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().toString())
        .isEqualTo(
            "{\"tables\":[{\"name\":\"orders\",\"identifier\":\"default_catalog.default_database.orders\","
                + "\"kind\":\"TABLE\",\"statement\":1,\"line\":1,\"column\":1,\"connector\":\"datagen\","
                + "\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\",\"kind\":\"PHYSICAL\"},"
                + "{\"name\":\"amount\",\"type\":\"DECIMAL(10, 2)\",\"kind\":\"PHYSICAL\"}]},"
                + "{\"name\":\"big\",\"identifier\":\"default_catalog.default_database.big\","
                + "\"kind\":\"TEMPORARY_VIEW\",\"statement\":4,\"line\":5,\"column\":1,"
                + "\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\",\"kind\":\"PHYSICAL\"}]}]}");

    Http.Response empty = http.post("/api/v1/sql/tables", Map.of("script", " "));
    assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
    assertThat(empty.contentType()).startsWith("application/problem+json");
  }

  @Test
  void aMisspelledColumnIsReportedWithItsRangeAndTheColumnMeant() {
    String tables =
        "CREATE TABLE src (id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');\n"
            + "CREATE TABLE dst (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');\n";
    long id = jobs.create("sql_assist_suggestions", tables + "INSERT INTO dst SELECT * FROM src;");

    Http.Response r =
        http.post(
            "/api/v1/jobs/" + id + "/validate",
            Map.of("script", tables + "INSERT INTO dst SELECT id, amout FROM src;"));

    assertThat(r.status()).as(r.raw()).isEqualTo(422);
    assertThat(r.body().path("errors").toString())
        .isEqualTo(
            "[{\"statement\":3,\"line\":3,\"column\":28,"
                + "\"message\":\"Column 'amout' not found in any table. Did you mean 'amount'?\","
                + "\"endLine\":3,\"endColumn\":32,\"suggestions\":[\"amount\"]}]");
  }
}
