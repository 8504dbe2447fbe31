package dev.sluice.server.errors;

/** Something the request names does not exist. */
public class NotFoundException extends RuntimeException {
  /**
   * @param what what was looked for, for example {@code Job 42} or {@code Key 'payments'}
   */
  public NotFoundException(String what) {
    super(what + " does not exist");
  }
}
