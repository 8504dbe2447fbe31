package dev.sluice.integration.sync;

import dev.sluice.integration.metadata.Table;
import dev.sluice.integration.source.InvalidSourceException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code schema.table} pattern: split at the first dot that is not escaped as {@code \.}, each
 * side a regular expression matched against the whole name ({@code public.orders} is itself); a
 * side that is only {@code *} matches every name ({@code public.*}).
 */
record TableSelector(String text, Pattern schema, Pattern table) {
  static TableSelector compile(String text, String path) {
    int dot = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.') {
        dot = i;
        break;
      }
    }
    if (dot <= 0 || dot == text.length() - 1) {
      throw new InvalidSourceException(
          path,
          "'"
              + text
              + "' is not schema.table (the database of a MySQL source is its schema; each side"
              + " may be a pattern, e.g. public.orders_.*)");
    }
    try {
      return new TableSelector(text, side(text.substring(0, dot)), side(text.substring(dot + 1)));
    } catch (PatternSyntaxException e) {
      throw new InvalidSourceException(
          path, "'" + text + "' is not a pattern: " + e.getDescription());
    }
  }

  private static Pattern side(String regex) {
    return Pattern.compile(regex.equals("*") ? ".*" : regex);
  }

  boolean matches(Table t) {
    return t.schema() != null
        && schema.matcher(t.schema()).matches()
        && table.matcher(t.name()).matches();
  }

  /** A plain name (no pattern characters) in the schema part: the only schema it can match. */
  String literalSchema() {
    String s = schema.pattern();
    return s.matches("[A-Za-z0-9_$-]+") ? s : null;
  }
}
