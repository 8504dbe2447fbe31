package dev.sluice.server.errors;

/** A caller that may not have what it asks for (a wrong token, a key its script does not name). */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String detail) {
    super(detail);
  }
}
