package dev.sluice.integration.source;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Read-only queries against a source database. The catalogs and readiness checks ask only through
 * this, so that a database that cannot run here (Oracle) is checked against recorded answers.
 */
public interface Probe {
  /**
   * The rows of a query, each a map from the column's label, lower-cased, to its value.
   *
   * @param params the values of the query's {@code ?} placeholders
   */
  List<Map<String, Object>> rows(String sql, Object... params) throws SQLException;

  /** The first column of the first row as text, null when there is no row. */
  default String value(String sql, Object... params) throws SQLException {
    List<Map<String, Object>> rows = rows(sql, params);
    if (rows.isEmpty()) {
      return null;
    }
    Object v = rows.get(0).values().iterator().next();
    return v == null ? null : v.toString();
  }
}
