package dev.sluice.server.errors;

/** The request does not fit the current state of what it acts on (a job that already runs...). */
public class ConflictException extends RuntimeException {
  public ConflictException(String detail) {
    super(detail);
  }
}
