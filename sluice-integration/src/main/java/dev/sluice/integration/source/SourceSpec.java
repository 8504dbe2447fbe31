package dev.sluice.integration.source;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a source database is and who logs in: checked so that the JDBC URL made of it holds exactly
 * a host, a port and a database, never driver parameters.
 *
 * @param database the database (MySQL, MariaDB, PostgreSQL) or the service name (Oracle)
 */
public record SourceSpec(SourceType type, String host, int port, String database, String username) {
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]{2,45}]?");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,127}");

  public String jdbcUrl() {
    return type.jdbcUrl(host, port, database);
  }

  /** Where the source is, as messages name it: {@code localhost:5432/crm}. */
  public String address() {
    return host + ":" + port + "/" + database;
  }

  /**
   * The spec of a request's fields, or the first field that cannot be used.
   *
   * @param port null for the type's default port
   */
  public static SourceSpec of(
      String type, String host, Integer port, String database, String username) {
    if (type == null || type.isBlank()) {
      throw new InvalidSourceException("type", "required: one of " + typeList());
    }
    SourceType t =
        SourceType.of(type)
            .orElseThrow(
                () ->
                    new InvalidSourceException(
                        "type", "unknown type '" + type + "'; the types are " + typeList()));
    if (!t.supported()) {
      throw new InvalidSourceException("type", t.note());
    }
    if (host == null || host.isBlank()) {
      throw new InvalidSourceException("host", "required: the database server's host name");
    }
    String h = host.trim();
    if (h.length() > 253 || !(HOST_NAME.matcher(h).matches() || isIpv6(h))) {
      throw new InvalidSourceException(
          "host",
          "'"
              + host
              + "' is not a host name or an IP address (only the host: the port and the"
              + " database have their own fields)");
    }
    int p = port == null ? t.defaultPort() : port;
    if (p < 1 || p > 65535) {
      throw new InvalidSourceException("port", "must be between 1 and 65535 (got " + p + ")");
    }
    if (database == null || database.isBlank()) {
      throw new InvalidSourceException(
          "database",
          t == SourceType.ORACLE
              ? "required: the database's service name, e.g. ORCLPDB1"
              : "required: the name of the database to read");
    }
    String d = database.trim();
    if (!DATABASE.matcher(d).matches()) {
      throw new InvalidSourceException(
          "database",
          "'"
              + database
              + "' is not a database name: letters, digits, '_', '$', '.' and '-', at most 128");
    }
    if (username == null || username.isBlank()) {
      throw new InvalidSourceException("username", "required: the user the platform logs in as");
    }
    if (username.length() > 128 || username.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidSourceException(
          "username", "at most 128 characters, without control characters");
    }
    return new SourceSpec(t, h, p, d, username);
  }

  /**
   * An IPv6 address has at least two colons ({@code ::1}); {@code db:3306} is a host and a port.
   */
  private static boolean isIpv6(String h) {
    return h.chars().filter(c -> c == ':').count() >= 2 && IPV6.matcher(h).matches();
  }

  private static String typeList() {
    return Arrays.stream(SourceType.values())
        .filter(SourceType::supported)
        .map(SourceType::id)
        .collect(Collectors.joining(", "));
  }
}
