package dev.sluice.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** Starts and ends a browser's login session. */
public final class SessionLogin {
  private SessionLogin() {}

  /** A new session (a fresh id, so none planted before the login survives) for the user. */
  public static void start(HttpServletRequest request, String username) {
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    request.getSession(true).setAttribute(CallerFilter.SESSION_USER, username);
  }

  public static void end(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }
}
