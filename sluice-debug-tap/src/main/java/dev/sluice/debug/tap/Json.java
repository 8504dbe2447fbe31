package dev.sluice.debug.tap;

import java.lang.reflect.Array;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.types.Row;

/** Just enough JSON for row values (the cluster's classpath has no JSON library to rely on). */
final class Json {
  private Json() {}

  static String values(Row row) {
    StringJoiner out = new StringJoiner(",", "[", "]");
    for (int i = 0; i < row.getArity(); i++) {
      out.add(value(row.getField(i)));
    }
    return out.toString();
  }

  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? string(d.toString()) : d.toString();
    }
    if (v instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? string(f.toString()) : f.toString();
    }
    if (v instanceof java.math.BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof Row r) {
      return values(r);
    }
    if (v instanceof byte[] bytes) {
      return string(Base64.getEncoder().encodeToString(bytes));
    }
    if (v.getClass().isArray()) {
      StringJoiner out = new StringJoiner(",", "[", "]");
      for (int i = 0; i < Array.getLength(v); i++) {
        out.add(value(Array.get(v, i)));
      }
      return out.toString();
    }
    if (v instanceof Map<?, ?> map) {
      StringJoiner out = new StringJoiner(",", "{", "}");
      map.forEach((k, val) -> out.add(string(String.valueOf(k)) + ":" + value(val)));
      return out.toString();
    }
    return string(v.toString()); // strings, dates, times, timestamps (ISO-8601)
  }

  static String string(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
