package dev.sluice.server.security;

/**
 * A request that needs a caller and has none (no login, or an unknown, expired or revoked token).
 */
public class UnauthenticatedException extends RuntimeException {
  public UnauthenticatedException(String detail) {
    super(detail);
  }
}
