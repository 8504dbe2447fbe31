package dev.sluice.server.api;

import dev.sluice.server.security.Access;
import dev.sluice.server.security.AccountService;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Caller;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import dev.sluice.server.security.SessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Logging in and out of a browser session, and who the caller is. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {
  private final AccountService accounts;
  private final ProjectService projects;
  private final Access access;
  private final Audit audit;

  AuthController(AccountService accounts, ProjectService projects, Access access, Audit audit) {
    this.accounts = accounts;
    this.projects = projects;
    this.access = access;
    this.audit = audit;
  }

  record Login(String username, String password) {}

  record ProjectRole(String project, Role role) {}

  /** The token the caller sent (or logged the browser in with): its scope and expiry. */
  record TokenInfo(long id, String name, String project, Role role, OffsetDateTime expiresAt) {}

  record Me(String username, boolean admin, List<ProjectRole> projects, TokenInfo token) {}

  @PostMapping("/login")
  Me login(@RequestBody(required = false) Login body, HttpServletRequest request) {
    String username = body == null ? null : body.username();
    String user =
        accounts
            .checkPassword(username, body == null ? null : body.password())
            .orElseThrow(
                () -> {
                  audit.record(
                      username == null ? "?" : username, "login.failed", null, null, "password");
                  return new ApiException(
                      HttpStatus.UNAUTHORIZED, "Unauthorized", "Wrong user name or password");
                });
    SessionLogin.start(request, user);
    audit.record(user, "login", null, "user " + user, "password");
    Caller caller = accounts.callerOfUser(user).orElseThrow();
    return me(caller);
  }

  @PostMapping("/logout")
  ResponseEntity<Void> logout(HttpServletRequest request) {
    Caller caller = access.caller();
    SessionLogin.end(request);
    audit.record(caller.username(), "logout", null, "user " + caller.username(), null);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/me")
  Me me() {
    return me(access.caller());
  }

  private Me me(Caller caller) {
    List<ProjectRole> roles =
        projects.listFor(caller).stream().map(p -> new ProjectRole(p.name(), p.role())).toList();
    TokenInfo token =
        caller.token() == null
            ? null
            : accounts
                .token(caller.token().id())
                .map(t -> new TokenInfo(t.id(), t.name(), t.project(), t.role(), t.expiresAt()))
                .orElse(null);
    return new Me(caller.username(), caller.platformAdmin(), roles, token);
  }
}
