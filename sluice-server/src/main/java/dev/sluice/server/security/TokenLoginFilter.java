package dev.sluice.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Opening any studio page with {@code ?token=<API token>} logs the browser in, like Jupyter's token
 * links: the token is exchanged for a session that acts with exactly the token's rights (and ends
 * when the token is revoked), and the browser is sent to the same address without the token, so it
 * stays out of the history and of what is shared.
 */
final class TokenLoginFilter extends OncePerRequestFilter {
  private final AccountService accounts;
  private final Audit audit;

  TokenLoginFilter(AccountService accounts, Audit audit) {
    this.accounts = accounts;
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"GET".equals(request.getMethod())
        || request.getRequestURI().startsWith("/api/")
        || request.getParameter("token") == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Caller> caller = accounts.authenticate(request.getParameter("token"));
    String without =
        UriComponentsBuilder.fromUriString(
                request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()))
            .replaceQueryParam("token")
            .build()
            .toUriString();
    if (caller.isEmpty()) {
      response.sendRedirect("/login?error=token");
      return;
    }
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate(); // a fresh session id: nobody can plant one before the login
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(CallerFilter.SESSION_TOKEN, caller.get().token().id());
    audit.record(
        caller.get().username(),
        "login",
        caller.get().token().project(),
        "token " + caller.get().token().id(),
        "browser, with a token link");
    response.sendRedirect(without);
  }
}
