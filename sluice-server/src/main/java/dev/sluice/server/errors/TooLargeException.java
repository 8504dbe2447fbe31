package dev.sluice.server.errors;

/** A request body over a configured limit. */
public class TooLargeException extends RuntimeException {
  private final String what;

  /**
   * @param what what is too large, for example {@code Script}
   */
  public TooLargeException(String what, String detail) {
    super(detail);
    this.what = what;
  }

  public String what() {
    return what;
  }
}
