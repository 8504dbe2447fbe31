package dev.sluice.server.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * Spring Security's view of a {@link Caller}: authenticated, its roles checked by {@link Access}.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(List.of());
    this.caller = caller;
    setAuthenticated(true);
  }

  Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return caller.username();
  }
}
