package dev.sluice.server.errors;

/** A request whose values are wrong; the message says which and what is expected. */
public class InvalidRequestException extends RuntimeException {
  public InvalidRequestException(String detail) {
    super(detail);
  }
}
