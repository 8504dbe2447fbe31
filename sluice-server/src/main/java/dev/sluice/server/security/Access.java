package dev.sluice.server.security;

import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.NotFoundException;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one place that says whether the caller of the current request may do something in a project.
 * A caller without any role in the project is told the thing does not exist (404), so that names in
 * other projects are not disclosed; a caller whose role is too low gets a 403 that says which role
 * is needed.
 */
@Component
public class Access {
  private final Projects projects;

  public Access(Projects projects) {
    this.projects = projects;
  }

  /** The caller of the current request; requests without one never reach a controller. */
  public Caller caller() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof CallerAuthentication ca) {
      return ca.caller();
    }
    throw new UnauthenticatedException("Log in or send an API token");
  }

  /**
   * The caller of the current request, or empty outside one (the platform's own work: recovery,
   * reconciliation, scaling).
   */
  public java.util.Optional<Caller> currentCaller() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth instanceof CallerAuthentication ca
        ? java.util.Optional.of(ca.caller())
        : java.util.Optional.empty();
  }

  /** The caller's name, the author of what it saves. */
  public String username() {
    return caller().username();
  }

  /**
   * Checks the caller's role in a project.
   *
   * @param what the thing asked for, as a 404 names it ({@code Job 12})
   */
  public Caller require(String project, Role needed, String what) {
    return require(project, needed, () -> new NotFoundException(what));
  }

  /**
   * Checks the caller's role in a project.
   *
   * @param notFound the very error the caller would get if the thing did not exist
   */
  public Caller require(
      String project,
      Role needed,
      java.util.function.Supplier<? extends RuntimeException> notFound) {
    Caller caller = caller();
    Role held = caller.roleIn(project).orElseThrow(notFound);
    if (!held.includes(needed)) {
      throw new ForbiddenException(
          "This needs the role "
              + needed.json()
              + " in project '"
              + project
              + "'; "
              + (caller.token() != null && caller.token().role() != null
                  ? "the token carries " + caller.token().role().json()
                  : "you are " + held.json()));
    }
    return caller;
  }

  /** Checks the caller's role in the project a new thing is to be created in. */
  public Caller requireProject(String project, Role needed) {
    return require(project, needed, "Project '" + project + "'");
  }

  public Caller requireAdmin() {
    Caller caller = caller();
    if (!caller.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin may do this");
    }
    return caller;
  }

  /** Whether the caller may read things of the project. */
  public boolean mayRead(String project) {
    return caller().roleIn(project).isPresent();
  }

  /** Filters a list to what the caller may read. */
  public <T> List<T> readable(List<T> items, java.util.function.Function<T, String> project) {
    Caller caller = caller();
    Predicate<T> visible = t -> caller.roleIn(project.apply(t)).isPresent();
    return items.stream().filter(visible).toList();
  }

  /**
   * The project a new thing goes into when the request names none: the token's project, else the
   * only project the caller may write to with the role, else the demo project if the caller may.
   */
  public String defaultProject(String given, Role needed) {
    if (given != null && !given.isBlank()) {
      return given.trim();
    }
    Caller caller = caller();
    if (caller.token() != null && caller.token().project() != null) {
      return caller.token().project();
    }
    List<String> writable =
        projects.all().stream()
            .map(Projects.Project::name)
            .filter(p -> caller.may(p, needed))
            .toList();
    if (writable.size() == 1) {
      return writable.get(0);
    }
    if (writable.contains("demo")) {
      return "demo";
    }
    throw new dev.sluice.server.errors.InvalidFieldException(
        "project",
        writable.isEmpty()
            ? "you hold no role that may create this in any project"
            : "name the project: you may create this in " + String.join(", ", writable));
  }
}
