package dev.sluice.server.jdbc;

import dev.sluice.server.errors.InvalidFieldException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which database URLs the server connects to when browsing: PostgreSQL's, the only driver on the
 * server's class path, with none of the driver's parameters that load classes, read or write files,
 * or override the credentials and timeouts the request's fields and the server set.
 */
public final class JdbcUrls {
  private static final String POSTGRES = "jdbc:postgresql:";
  private static final Set<String> ALLOWED_PARAMETERS =
      Set.of(
          "ssl",
          "sslmode",
          "currentschema",
          "applicationname",
          "targetservertype",
          "loadbalancehosts");

  private JdbcUrls() {}

  /** The URL, or a 400 at {@code url} saying what is wrong with it. */
  public static String require(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidFieldException(
          "url", "required: the database's JDBC URL, e.g. jdbc:postgresql://host:5432/db");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      throw new InvalidFieldException(
          "url",
          "browsing MySQL and MariaDB databases is not supported yet: the server has no driver"
              + " for them; PostgreSQL URLs (jdbc:postgresql://host:5432/db) are");
    }
    if (!lower.startsWith(POSTGRES)) {
      throw new InvalidFieldException(
          "url", "only PostgreSQL databases can be browsed: jdbc:postgresql://host:5432/db");
    }
    int query = url.indexOf('?');
    if (query >= 0) {
      for (String pair : url.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        String name = pair.split("=", 2)[0];
        if (!ALLOWED_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
          throw new InvalidFieldException(
              "url",
              "the parameter '"
                  + name
                  + "' is not accepted when browsing (user and password go in their fields); the"
                  + " accepted ones are "
                  + new TreeSet<>(
                      Set.of(
                          "ssl",
                          "sslmode",
                          "currentSchema",
                          "ApplicationName",
                          "targetServerType",
                          "loadBalanceHosts")));
        }
      }
    }
    return url.trim();
  }
}
