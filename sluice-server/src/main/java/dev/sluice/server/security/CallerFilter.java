package dev.sluice.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds the caller of a request: an API token in {@code Authorization: Bearer}, or the user or
 * token a login session remembers. A request that sends a token that is not valid has no caller,
 * whatever session it also has.
 */
final class CallerFilter extends OncePerRequestFilter {
  static final String SESSION_USER = "sluice.user";
  static final String SESSION_TOKEN = "sluice.token";
  static final String INVALID_TOKEN = "sluice.invalid-token";
  private static final String BEARER = "Bearer ";

  private final AccountService accounts;

  CallerFilter(AccountService accounts) {
    this.accounts = accounts;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    Optional<Caller> caller;
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      caller = accounts.authenticate(header.substring(BEARER.length()).trim());
      if (caller.isEmpty()) {
        // No caller, whatever session the request also has; public endpoints still answer, the
        // others say why the token was not taken.
        request.setAttribute(INVALID_TOKEN, Boolean.TRUE);
      }
    } else {
      caller = fromSession(request.getSession(false));
    }
    if (caller.isPresent()) {
      SecurityContext context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(new CallerAuthentication(caller.get()));
      SecurityContextHolder.setContext(context);
    }
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private Optional<Caller> fromSession(HttpSession session) {
    if (session == null) {
      return Optional.empty();
    }
    if (session.getAttribute(SESSION_TOKEN) instanceof Long id) {
      return accounts.callerOfToken(id);
    }
    if (session.getAttribute(SESSION_USER) instanceof String user) {
      return accounts.callerOfUser(user);
    }
    return Optional.empty();
  }
}
