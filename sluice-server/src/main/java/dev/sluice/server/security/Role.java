package dev.sluice.server.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.server.errors.InvalidFieldException;
import java.util.Arrays;
import java.util.Locale;

/** A user's role in a project; each role may do everything the roles before it may. */
public enum Role {
  /** Reads jobs, versions, plans, lineage, metrics and debug runs. */
  VIEWER,
  /** Edits scripts and metric groups, validates, debugs on samples. */
  DEVELOPER,
  /** Deploys, stops, restores, sets parallelism, debugs on live input, manages secrets. */
  OPERATOR,
  /** Grants roles in the project. */
  OWNER;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Role parse(String value) {
    return parse("role", value);
  }

  /** The role named by a request field, or a 400 naming the field and the roles there are. */
  public static Role parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, "a role is required: one of " + names());
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          field, "'" + value + "' is not a role; the roles are " + names());
    }
  }

  private static String names() {
    return String.join(", ", Arrays.stream(values()).map(Role::json).toList());
  }
}
