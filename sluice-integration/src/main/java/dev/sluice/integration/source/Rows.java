package dev.sluice.integration.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed reads of a {@link Probe}'s rows, whatever Java type each driver answers with. */
public final class Rows {
  private Rows() {}

  public static String text(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? null : v.toString();
  }

  public static Long number(Map<String, Object> row, String column) {
    Object v = row.get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return (long) Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static Integer integer(Map<String, Object> row, String column) {
    Long v = number(row, column);
    return v == null ? null : v.intValue();
  }

  /** True for a boolean true, a non-zero number, or YES / Y / ON / TRUE / T in any case. */
  public static boolean flag(Map<String, Object> row, String column) {
    Object v = row.get(column);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (v == null) {
      return false;
    }
    return switch (v.toString().trim().toUpperCase(Locale.ROOT)) {
      case "YES", "Y", "ON", "TRUE", "T", "1" -> true;
      default -> false;
    };
  }

  /**
   * The values of one column grouped by another, in the rows' order: a table's primary key columns
   * from rows of (table, column).
   */
  public static Map<String, List<String>> grouped(
      List<Map<String, Object>> rows, String key, String value) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      out.computeIfAbsent(text(row, key), k -> new ArrayList<>()).add(text(row, value));
    }
    return out;
  }
}
