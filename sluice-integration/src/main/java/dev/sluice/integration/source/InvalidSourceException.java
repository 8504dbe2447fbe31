package dev.sluice.integration.source;

/** A data source's field that cannot be used, with the field's name and what is wrong. */
public class InvalidSourceException extends RuntimeException {
  private final String field;

  public InvalidSourceException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
