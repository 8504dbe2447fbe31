package dev.sluice.server.errors;

import static java.util.Objects.requireNonNull;

/** A request field whose value is wrong: the field is named so a client can point at it. */
public class InvalidFieldException extends InvalidRequestException {
  private final String field;

  public InvalidFieldException(String field, String detail) {
    super(field + ": " + detail);
    this.field = requireNonNull(field, "field is null");
  }

  public String field() {
    return field;
  }
}
