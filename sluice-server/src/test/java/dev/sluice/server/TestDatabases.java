package dev.sluice.server;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The databases the store supports, for tests of the store: embedded H2, and the real PostgreSQL
 * that dev/test starts (SLUICE_TEST_PG_URL). Where PostgreSQL is required (CI=true, or dev/test,
 * which sets SLUICE_TEST_PG_REQUIRED=true) a missing one fails the test; elsewhere, a developer's
 * plain {@code mvn test}, its cases are skipped with the reason.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** The kinds to run a store test on: {@code h2} and {@code postgresql}. */
  public static Stream<Arguments> kinds() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  /** A fresh, migrated database of the kind: its own in-memory H2, or its own PostgreSQL schema. */
  public static DataSource migrated(String kind) {
    DataSource ds = dataSource(kind, System.getenv());
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }

  public static JdbcClient migratedClient(String kind) {
    return JdbcClient.create(migrated(kind));
  }

  static DataSource dataSource(String kind, Map<String, String> env) {
    if (kind.equals("h2")) {
      return new DriverManagerDataSource(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
    String url = postgresUrl(env);
    DriverManagerDataSource ds =
        new DriverManagerDataSource(url, env.getOrDefault("SLUICE_TEST_PG_USER", "postgres"), "");
    // A schema of its own per test, so that tests and runs never see each other's rows.
    String schema = "t" + UUID.randomUUID().toString().replace("-", "");
    JdbcClient.create(ds).sql("CREATE SCHEMA " + schema).update();
    ds.setSchema(schema);
    return ds;
  }

  /** SLUICE_TEST_PG_URL; a failure if it is missing where PostgreSQL is required, else a skip. */
  static String postgresUrl(Map<String, String> env) {
    String url = env.get("SLUICE_TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (required(env)) {
      Assertions.fail(
          "PostgreSQL is required here ("
              + (Boolean.parseBoolean(env.get("CI")) ? "CI=true" : "SLUICE_TEST_PG_REQUIRED=true")
              + ") but SLUICE_TEST_PG_URL is not set: run the suite with dev/test, which starts"
              + " PostgreSQL and sets it");
    }
    Assumptions.abort(
        "SLUICE_TEST_PG_URL is not set: the PostgreSQL case is skipped (dev/test starts PostgreSQL"
            + " and runs it; CI=true makes it required)");
    throw new AssertionError("unreachable");
  }

  static boolean required(Map<String, String> env) {
    return Boolean.parseBoolean(env.get("CI"))
        || Boolean.parseBoolean(env.get("SLUICE_TEST_PG_REQUIRED"));
  }
}
