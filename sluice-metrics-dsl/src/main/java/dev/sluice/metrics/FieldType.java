package dev.sluice.metrics;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The type of a column of the prepared events: one a definition declares, or {@link #INFERRED} for
 * a derived field, whose type Flink infers from its expression.
 *
 * @param name upper case: STRING, BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), TIMESTAMP,
 *     TIMESTAMP_LTZ; empty when inferred
 */
record FieldType(String name) {
  static final FieldType INFERRED = new FieldType("");
  static final FieldType STRING = new FieldType("STRING");
  static final FieldType BIGINT = new FieldType("BIGINT");
  static final FieldType TIMESTAMP = new FieldType("TIMESTAMP");
  static final FieldType TIMESTAMP_LTZ = new FieldType("TIMESTAMP_LTZ");

  private static final Pattern DECLARED =
      Pattern.compile(
          "STRING|BOOLEAN|INT|BIGINT|DOUBLE|TIMESTAMP|TIMESTAMP_LTZ|DECIMAL\\(\\d{1,2}, ?\\d{1,2}\\)");

  FieldType {
    java.util.Objects.requireNonNull(name, "name is null");
  }

  /** A declared type in any case, or empty when it is none. */
  static Optional<FieldType> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String upper = text.strip().toUpperCase(Locale.ROOT);
    return DECLARED.matcher(upper).matches() ? Optional.of(new FieldType(upper)) : Optional.empty();
  }

  boolean inferred() {
    return name.isEmpty();
  }

  boolean numeric() {
    return name.equals("INT")
        || name.equals("BIGINT")
        || name.equals("DOUBLE")
        || name.startsWith("DECIMAL");
  }

  boolean timestamp() {
    return name.equals("TIMESTAMP") || name.equals("TIMESTAMP_LTZ");
  }

  /**
   * The column type in DDL; an inferred type is written as STRING (see the casts that make it so).
   */
  String sql() {
    return switch (name) {
      case "TIMESTAMP" -> "TIMESTAMP(3)";
      case "TIMESTAMP_LTZ" -> "TIMESTAMP_LTZ(3)";
      case "" -> "STRING";
      default -> name;
    };
  }
}
