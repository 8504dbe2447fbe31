package dev.sluice.server.api;

import dev.sluice.server.security.Access;
import dev.sluice.server.security.AccountService;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Caller;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Projects;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens, users, projects and their members, and the audit log. */
@RestController
@RequestMapping("/api/v1")
class AccountController {
  private static final int MAX_AUDIT = 1000;
  private final AccountService accounts;
  private final ProjectService projects;
  private final Access access;
  private final Audit audit;

  AccountController(AccountService accounts, ProjectService projects, Access access, Audit audit) {
    this.accounts = accounts;
    this.projects = projects;
    this.access = access;
    this.audit = audit;
  }

  record NewToken(
      String name, String project, String role, Integer expiresInDays, String expiresAt) {}

  @PostMapping("/tokens")
  ResponseEntity<AccountService.TokenView> createToken(@RequestBody NewToken body) {
    Caller caller = access.caller();
    AccountService.TokenView token =
        accounts.issue(
            caller,
            body.name(),
            blankToNull(body.project()),
            body.role() == null ? null : Role.parse("role", body.role()),
            body.expiresInDays(),
            time("expiresAt", body.expiresAt()));
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id())).body(token);
  }

  @GetMapping("/tokens")
  List<AccountService.TokenView> tokens(@RequestParam Optional<Boolean> all) {
    return accounts.tokens(access.caller(), all.orElse(false));
  }

  @DeleteMapping("/tokens/{id}")
  ResponseEntity<Void> revokeToken(@PathVariable long id) {
    accounts.revoke(access.caller(), id);
    return ResponseEntity.noContent().build();
  }

  record NewUser(String username, String password, Boolean admin) {}

  @PostMapping("/users")
  ResponseEntity<AccountService.UserView> createUser(@RequestBody NewUser body) {
    Caller caller = access.requireAdmin();
    AccountService.UserView user =
        accounts.createUser(body.username(), body.password(), Boolean.TRUE.equals(body.admin()));
    audit.record(
        caller.username(),
        "user.create",
        null,
        "user " + user.username(),
        user.admin() ? "admin" : null);
    return ResponseEntity.created(URI.create("/api/v1/users/" + user.username())).body(user);
  }

  @GetMapping("/users")
  List<AccountService.UserView> users() {
    access.requireAdmin();
    return accounts.users();
  }

  record NewPassword(String password, String currentPassword) {}

  @PutMapping("/users/{username}/password")
  ResponseEntity<Void> changePassword(
      @PathVariable String username, @RequestBody NewPassword body) {
    Caller caller = access.caller();
    accounts.changePassword(caller, username, body.currentPassword(), body.password());
    audit.record(caller.username(), "user.password", null, "user " + username, null);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/users/{username}")
  ResponseEntity<Void> disableUser(@PathVariable String username) {
    Caller caller = access.requireAdmin();
    accounts.disable(username);
    audit.record(caller.username(), "user.disable", null, "user " + username, null);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/projects")
  List<ProjectService.ProjectSummary> projects() {
    return projects.list();
  }

  record NewProject(String name, String description) {}

  @PostMapping("/projects")
  ResponseEntity<ProjectService.ProjectView> createProject(@RequestBody NewProject body) {
    ProjectService.ProjectView project = projects.create(body.name(), body.description());
    return ResponseEntity.created(URI.create("/api/v1/projects/" + project.name())).body(project);
  }

  @GetMapping("/projects/{name}")
  ProjectService.ProjectView project(@PathVariable String name) {
    return projects.get(name);
  }

  record Grant(String role) {}

  @PutMapping("/projects/{name}/members/{username}")
  Projects.Member grant(
      @PathVariable String name, @PathVariable String username, @RequestBody Grant body) {
    return projects.grant(name, username, Role.parse("role", body == null ? null : body.role()));
  }

  @DeleteMapping("/projects/{name}/members/{username}")
  ResponseEntity<Void> revokeMember(@PathVariable String name, @PathVariable String username) {
    projects.revoke(name, username);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/audit")
  List<Audit.Event> audit(
      @RequestParam Optional<String> actor,
      @RequestParam Optional<String> action,
      @RequestParam Optional<String> project,
      @RequestParam Optional<String> since,
      @RequestParam Optional<Integer> limit) {
    access.requireAdmin();
    OffsetDateTime from = time("since", since.orElse(null));
    int n = limit.orElse(100);
    if (n < 1 || n > MAX_AUDIT) {
      throw new dev.sluice.server.errors.InvalidFieldException(
          "limit", "must be between 1 and " + MAX_AUDIT);
    }
    return audit.query(actor.orElse(null), action.orElse(null), project.orElse(null), from, n);
  }

  private static OffsetDateTime time(String field, String value) {
    try {
      return value == null ? null : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new dev.sluice.server.errors.InvalidFieldException(
          field, "'" + value + "' is not an ISO-8601 time such as 2026-12-01T10:00:00Z");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
