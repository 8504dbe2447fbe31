package dev.sluice.metrics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one way generated SQL names things and writes text: every identifier and every string literal
 * of a compiled script goes through here, so no name or value from a definition can end a quote
 * early.
 */
final class Sql {
  private Sql() {}

  /** {@code `name`}, a backtick inside doubled, as Flink's parser reads it. */
  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** {@code `a`.`b`}. */
  static String qualified(String qualifier, String name) {
    return identifier(qualifier) + "." + identifier(name);
  }

  /** Identifiers separated by {@code ", "}. */
  static String identifiers(List<String> names) {
    return names.stream().map(Sql::identifier).collect(Collectors.joining(", "));
  }

  /** {@code 'text'}, a quote inside doubled. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A table option: {@code 'key' = 'value'}. */
  static String option(String key, String value) {
    return literal(key) + " = " + literal(value);
  }
}
