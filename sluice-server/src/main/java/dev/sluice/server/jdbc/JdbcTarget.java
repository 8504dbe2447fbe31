package dev.sluice.server.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A database to browse, its password resolved; used for one request and never stored.
 *
 * @param schema the schema to look in, null for every schema (tables) or the login's current one
 *     (columns)
 */
public record JdbcTarget(String url, String username, String password, String schema) {
  public JdbcTarget {
    requireNonNull(url, "url is null");
  }

  @Override
  public String toString() {
    return "JdbcTarget[url=" + url + ", username=" + username + ", schema=" + schema + "]";
  }
}
