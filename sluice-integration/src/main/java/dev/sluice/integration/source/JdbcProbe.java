package dev.sluice.integration.source;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link Probe} over an open connection; the caller owns (and closes) the connection. */
public final class JdbcProbe implements Probe {
  /** Rows read of one answer at most: a catalog of more tables is cut, never read whole. */
  public static final int MAX_ROWS = 100_000;

  private final Connection connection;
  private final int timeoutSeconds;

  public JdbcProbe(Connection connection, int timeoutSeconds) {
    this.connection = connection;
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setQueryTimeout(timeoutSeconds);
      s.setMaxRows(MAX_ROWS);
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            Object v = rs.getObject(c);
            if (v instanceof Clob clob) {
              v = clob.getSubString(1, (int) Math.min(clob.length(), 4000));
            }
            row.put(meta.getColumnLabel(c).toLowerCase(Locale.ROOT), v);
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }
}
