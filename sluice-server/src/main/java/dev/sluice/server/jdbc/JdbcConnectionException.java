package dev.sluice.server.jdbc;

/** The database could not be reached or refused the login; the message holds no password. */
public class JdbcConnectionException extends RuntimeException {
  public JdbcConnectionException(String detail) {
    super(detail);
  }
}
