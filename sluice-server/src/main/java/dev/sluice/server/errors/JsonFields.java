package dev.sluice.server.errors;

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
}
