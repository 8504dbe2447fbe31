package dev.sluice.integration.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The kinds of database a data source can be, with what connecting to one and capturing its changes
 * takes. A kind whose CDC connector this build does not ship is listed, unsupported, with the
 * reason, so that a user learns it when choosing, not when a sync fails.
 */
public enum SourceType {
  MYSQL("mysql", "MySQL", 3306, true, "mysql-cdc", null),
  MARIADB(
      "mariadb",
      "MariaDB",
      3306,
      true,
      "mysql-cdc",
      "Read through the MySQL CDC connector from a binlog position; MariaDB's GTIDs differ from"
          + " MySQL's and are not followed, so a sync does not move to another server on failover."),
  POSTGRESQL("postgresql", "PostgreSQL", 5432, true, "postgres-cdc", null),
  ORACLE(
      "oracle",
      "Oracle",
      1521,
      true,
      "oracle-cdc",
      "Read with LogMiner; the database is its service name. Needs ARCHIVELOG mode and"
          + " supplemental logging (the readiness check says what is missing)."),
  OCEANBASE(
      "oceanbase",
      "OceanBase",
      2881,
      false,
      null,
      "Not supported: the OceanBase CDC connector is not published in a version this build can"
          + " ship. An OceanBase tenant in MySQL mode may be registered as MySQL for browsing.");

  private final String id;
  private final String label;
  private final int defaultPort;
  private final boolean supported;
  private final String cdcConnector;
  private final String note;

  SourceType(
      String id,
      String label,
      int defaultPort,
      boolean supported,
      String cdcConnector,
      String note) {
    this.id = id;
    this.label = label;
    this.defaultPort = defaultPort;
    this.supported = supported;
    this.cdcConnector = cdcConnector;
    this.note = note;
  }

  /** The type as written in a request ({@code postgres} and {@code pg} read as postgresql). */
  public static Optional<SourceType> of(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String lower = id.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("postgres") || lower.equals("pg")) {
      return Optional.of(POSTGRESQL);
    }
    return Arrays.stream(values()).filter(t -> t.id.equals(lower)).findFirst();
  }

  public String id() {
    return id;
  }

  public String label() {
    return label;
  }

  public int defaultPort() {
    return defaultPort;
  }

  public boolean supported() {
    return supported;
  }

  /** The Flink SQL connector that captures its changes, null when none is shipped. */
  public String cdcConnector() {
    return cdcConnector;
  }

  public String note() {
    return note;
  }

  /** Whether the database speaks MySQL's protocol and catalog (MySQL and MariaDB). */
  public boolean mysqlFamily() {
    return this == MYSQL || this == MARIADB;
  }

  /** The JDBC URL of a source, from parts {@link SourceSpec} has checked. */
  public String jdbcUrl(String host, int port, String database) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return switch (this) {
      case MYSQL, MARIADB, OCEANBASE -> "jdbc:mysql://" + h + ":" + port + "/" + database;
      case POSTGRESQL -> "jdbc:postgresql://" + h + ":" + port + "/" + database;
      case ORACLE -> "jdbc:oracle:thin:@//" + h + ":" + port + "/" + database;
    };
  }

  /**
   * The driver properties of a connection: the credentials, short timeouts, and every driver
   * feature that reads local files or deserializes what the server sends turned off.
   */
  public Properties connectionProperties(String user, String password, int timeoutSeconds) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    String millis = Integer.toString(timeoutSeconds * 1000);
    switch (this) {
      case MYSQL, MARIADB, OCEANBASE -> {
        p.setProperty("connectTimeout", millis);
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds * 3000));
        p.setProperty("allowLoadLocalInfile", "false");
        p.setProperty("allowUrlInLocalInfile", "false");
        p.setProperty("autoDeserialize", "false");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("useInformationSchema", "true");
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("connectionAttributes", "program_name:sluice");
      }
      case POSTGRESQL -> {
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(3 * timeoutSeconds));
        p.setProperty("ApplicationName", "sluice");
      }
      case ORACLE -> {
        p.setProperty("oracle.net.CONNECT_TIMEOUT", millis);
        p.setProperty("oracle.jdbc.ReadTimeout", Integer.toString(timeoutSeconds * 3000));
        p.setProperty("v$session.program", "sluice");
      }
    }
    return p;
  }
}
