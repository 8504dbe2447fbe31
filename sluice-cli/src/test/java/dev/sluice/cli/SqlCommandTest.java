package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {
  @TempDir Path config;
  private final TestServer server = new TestServer();

  private static final String LANGUAGE =
      "{\"keywords\":[\"FROM\",\"SELECT\"],"
          + "\"functions\":[{\"name\":\"SUBSTRING\",\"kind\":\"BUILTIN\",\"signatures\":"
          + "[\"SUBSTRING(<CHARACTER_STRING>, <INTEGER>)\",\"SUBSTRING(<CHARACTER_STRING>, <INTEGER>, <INTEGER>)\"]},"
          + "{\"name\":\"MASK_PHONE\",\"kind\":\"SLUICE\",\"signatures\":[\"MASK_PHONE(phone => STRING)\"]}],"
          + "\"connectors\":[{\"identifier\":\"datagen\",\"options\":[{\"key\":\"rows-per-second\","
          + "\"required\":false,\"type\":\"Long\",\"default\":\"10000\",\"description\":\"Rows per second\"}]}],"
          + "\"formats\":[{\"identifier\":\"json\",\"options\":[{\"key\":\"json.ignore-parse-errors\","
          + "\"required\":false,\"type\":\"Boolean\",\"default\":\"false\",\"description\":\"Skip\"}]}]}";

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    return CliRun.withToken(server.url(), config, "slc_dev", args);
  }

  @Test
  void languagePrintsFunctionsAndOptions() {
    server.on("GET", "/sql/language", 200, LANGUAGE);

    CliRun run = run("sql", "language");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            keywords: 2
            FUNCTION    KIND     SIGNATURES
            SUBSTRING   BUILTIN  SUBSTRING(<CHARACTER_STRING>, <INTEGER>) | SUBSTRING(<CHARACTER_STRING>, <INTEGER>, <INTEGER>)
            MASK_PHONE  SLUICE   MASK_PHONE(phone => STRING)

            CONNECTOR  OPTION           REQUIRED  TYPE  DEFAULT
            datagen    rows-per-second  no        Long  10000

            FORMAT  OPTION                    REQUIRED  TYPE     DEFAULT
            json    json.ignore-parse-errors  no        Boolean  false
            """);
  }

  @Test
  void languageWithJsonPrintsTheServersAnswer() {
    server.on("GET", "/sql/language", 200, LANGUAGE);

    CliRun run = run("sql", "language", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"keywords\" : [ \"FROM\", \"SELECT\" ]");
    assertThat(run.out()).contains("\"default\" : \"10000\"");
  }

  @Test
  void tablesSendsTheFileAndProjectAndPrintsTheTables() throws Exception {
    Path file = config.resolve("orders.sql");
    Files.writeString(
        file, "CREATE TABLE orders (id BIGINT) WITH ('connector' = 'datagen');\nCREATE VIEW v;");
    server.on(
        "POST",
        "/sql/tables",
        200,
        "{\"tables\":[{\"name\":\"orders\",\"identifier\":\"default_catalog.default_database.orders\","
            + "\"kind\":\"TABLE\",\"statement\":1,\"line\":1,\"column\":1,\"connector\":\"datagen\","
            + "\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\"},"
            + "{\"name\":\"amount\",\"type\":\"DECIMAL(10, 2)\"}]}]}");

    CliRun run = run("sql", "tables", file.toString(), "--project", "shop");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
            STATEMENT  LINE  KIND   NAME    CONNECTOR  COLUMNS
            1          1     TABLE  orders  datagen    id BIGINT, amount DECIMAL(10, 2)
            """);
    assertThat(server.only("POST", "/sql/tables").body())
        .isEqualTo(
            "{\"script\":\"CREATE TABLE orders (id BIGINT) WITH ('connector' = 'datagen');\\n"
                + "CREATE VIEW v;\",\"project\":\"shop\"}");
  }
}
