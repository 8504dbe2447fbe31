package dev.sluice.server.errors;

import dev.sluice.server.ops.alerts.Durations;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reading the fields of a JSON request body by hand, with a 400 that names the field's path for a
 * field that is unknown or of the wrong kind.
 */
public final class JsonFields {
  private JsonFields() {}

  /** Refuses a field of {@code object} that is not one of {@code allowed}. */
  public static void onlyFields(JsonNode object, Set<String> allowed, String prefix) {
    for (String field : object.propertyNames()) {
      if (!allowed.contains(field)) {
        throw new InvalidFieldException(
            prefix + field, "unknown field; the fields are " + new TreeSet<>(allowed));
      }
    }
  }

  /** A string field, its path being its name. */
  public static String text(JsonNode object, String field) {
    return text(object, field, field);
  }

  /** A string field (blank is absent), or a 400 at {@code path} if it is something else. */
  public static String text(JsonNode object, String field, String path) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new InvalidFieldException(path, "a string");
    }
    String s = v.stringValue().trim();
    return s.isEmpty() ? null : s;
  }

  /**
   * A boolean field, {@code current} when absent; a 400 at {@code field} if it is something else.
   */
  public static boolean bool(JsonNode object, String field, boolean current) {
    if (!object.has(field)) {
      return current;
    }
    if (!object.get(field).isBoolean()) {
      throw new InvalidFieldException(field, "true or false");
    }
    return object.get(field).booleanValue();
  }

  /** A whole number field, its path being its name. */
  public static int integer(JsonNode object, String field, int current, int min, int max) {
    return integer(object, field, current, min, max, field);
  }

  /** A whole number field from min to max, {@code current} when absent; a 400 at {@code path}. */
  public static int integer(
      JsonNode object, String field, int current, int min, int max, String path) {
    if (!object.has(field)) {
      return current;
    }
    JsonNode n = object.get(field);
    if (!n.isIntegralNumber() || n.longValue() < min || n.longValue() > max) {
      throw new InvalidFieldException(
          path, "'" + raw(n) + "' is not a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  /** A duration field, its path being its name. */
  public static Duration duration(JsonNode object, String field, Duration current, Duration min) {
    return duration(object, field, current, min, field);
  }

  /**
   * A duration field ({@code 30s}, {@code 5m}, {@code PT1H}) of at least {@code min}, {@code
   * current} when absent; a 400 at {@code path}.
   */
  public static Duration duration(
      JsonNode object, String field, Duration current, Duration min, String path) {
    if (!object.has(field)) {
      return current;
    }
    JsonNode n = object.get(field);
    Duration d = n.isString() ? Durations.parse(n.stringValue()) : null;
    if (d == null) {
      throw new InvalidFieldException(
          path, "'" + raw(n) + "' is not a duration such as 30s, 5m or 1h");
    }
    if (d.compareTo(min) < 0) {
      throw new InvalidFieldException(path, "at least " + Durations.format(min));
    }
    return d;
  }

  /** The value as the user wrote it: a string's text, else its JSON. */
  public static String raw(JsonNode n) {
    return n.isString() ? n.stringValue() : n.toString();
  }
}
