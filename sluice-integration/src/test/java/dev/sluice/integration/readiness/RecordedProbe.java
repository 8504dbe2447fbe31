package dev.sluice.integration.readiness;

import dev.sluice.integration.source.Probe;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers recorded for queries, found by a fragment of their text: the stand-in for a database that
 * cannot run in the tests (Oracle). A query nothing was recorded for fails the test.
 */
final class RecordedProbe implements Probe {
  private final Map<String, Object> answers = new LinkedHashMap<>();
  final List<String> asked = new ArrayList<>();

  /** The rows a query containing the fragment answers, each row's columns in pairs. */
  RecordedProbe answer(String fragment, List<Map<String, Object>> rows) {
    answers.put(fragment, rows);
    return this;
  }

  RecordedProbe fail(String fragment, SQLException e) {
    answers.put(fragment, e);
    return this;
  }

  static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
    asked.add(sql);
    for (Map.Entry<String, Object> e : answers.entrySet()) {
      if (sql.contains(e.getKey())) {
        if (e.getValue() instanceof SQLException failure) {
          throw failure;
        }
        return (List<Map<String, Object>>) e.getValue();
      }
    }
    throw new AssertionError("nothing recorded for: " + sql);
  }
}
