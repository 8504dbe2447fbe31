package dev.sluice.server.artifacts;

import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.security.Accounts;
import dev.sluice.server.security.Caller;
import dev.sluice.server.security.Projects;
import dev.sluice.server.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * USE grants on functions and artifacts, and the one check of whether a caller may call a function.
 * A registered function may be used by platform admins, by owners of its project, and by whoever
 * holds a grant on it or on its artifact; a governed built-in ({@code ENCRYPT}, {@code DECRYPT}) by
 * platform admins and its grantees.
 */
@Service
public class GrantService {
  /** Built-in functions that need a grant as registered ones do. */
  public static final Set<String> GOVERNED_BUILTINS = Set.of("ENCRYPT", "DECRYPT");

  private final ArtifactStore store;
  private final Accounts accounts;
  private final Projects projects;

  public GrantService(ArtifactStore store, Accounts accounts, Projects projects) {
    this.store = store;
    this.accounts = accounts;
    this.projects = projects;
  }

  /**
   * What a grant names, as a request gives it: exactly one object and exactly one grantee.
   *
   * @param function a registered function's name, or a governed built-in
   * @param artifact an artifact (every function registered from it)
   * @param user a user
   * @param role a role in the object's project (that role or a higher one)
   * @param project every member of a project
   */
  public record Target(String function, String artifact, String user, String role, String project) {
    String objectKind() {
      return function != null ? "FUNCTION" : "ARTIFACT";
    }

    String granteeKind() {
      return user != null ? "USER" : role != null ? "ROLE" : "PROJECT";
    }

    String grantee() {
      return user != null ? user : role != null ? role : project;
    }
  }

  /** The object a target names, checked: its kind, stored name, and project (null: built-in). */
  public record GrantObject(String kind, String name, String project) {}

  /** Checks that the target names one existing object and one existing grantee. */
  public GrantObject object(Target t) {
    int objects = count(t.function(), t.artifact());
    if (objects != 1) {
      throw new InvalidRequestException(
          "A grant names exactly one of function or artifact (got " + objects + ")");
    }
    int grantees = count(t.user(), t.role(), t.project());
    if (grantees != 1) {
      throw new InvalidRequestException(
          "A grant names exactly one grantee: user, role or project (got " + grantees + ")");
    }
    GrantObject object;
    if (t.function() != null) {
      String upper = t.function().trim().toUpperCase(Locale.ROOT);
      if (GOVERNED_BUILTINS.contains(upper)) {
        object = new GrantObject("FUNCTION", upper, null);
      } else {
        String name = t.function().trim().toLowerCase(Locale.ROOT);
        RegisteredFunction f =
            store
                .function(name)
                .orElseThrow(() -> new NotFoundException("Function '" + t.function() + "'"));
        object = new GrantObject("FUNCTION", f.name(), f.project());
      }
    } else {
      String name = t.artifact().trim();
      String project =
          store
              .projectOf(name)
              .orElseThrow(() -> new NotFoundException("Artifact '" + t.artifact() + "'"));
      object = new GrantObject("ARTIFACT", name, project);
    }
    if (t.user() != null && accounts.user(t.user()).isEmpty()) {
      throw new InvalidFieldException("user", "no user is named '" + t.user() + "'");
    }
    if (t.role() != null) {
      Role.parse("role", t.role());
      if (object.project() == null) {
        throw new InvalidFieldException(
            "role",
            "a role is held in a project and "
                + object.name()
                + " belongs to none: grant it to a user or a project");
      }
    }
    if (t.project() != null && projects.find(t.project()).isEmpty()) {
      throw new InvalidFieldException("project", "no project is named '" + t.project() + "'");
    }
    return object;
  }

  private static String grantee(Target t) {
    return t.role() != null ? Role.parse("role", t.role()).json() : t.grantee().trim();
  }

  /** The grant, added if it was not there; whether it was added. */
  public record Granted(Grant grant, boolean created) {}

  public Granted grant(GrantObject object, Target t, String by) {
    String kind = t.granteeKind();
    String grantee = grantee(t);
    Optional<Grant> existing = store.grant(object.kind(), object.name(), kind, grantee);
    if (existing.isPresent()) {
      return new Granted(existing.get(), false);
    }
    return new Granted(store.addGrant(object.kind(), object.name(), kind, grantee, by), true);
  }

  public Grant find(GrantObject object, Target t) {
    return store
        .grant(object.kind(), object.name(), t.granteeKind(), grantee(t))
        .orElseThrow(() -> new NotFoundException("No such grant"));
  }

  public Grant find(long id) {
    return store.grant(id).orElseThrow(() -> new NotFoundException("Grant " + id));
  }

  /** The object a stored grant is on. */
  public GrantObject objectOf(Grant g) {
    if (g.function() != null) {
      if (GOVERNED_BUILTINS.contains(g.function())) {
        return new GrantObject("FUNCTION", g.function(), null);
      }
      return new GrantObject(
          "FUNCTION",
          g.function(),
          store.function(g.function()).map(RegisteredFunction::project).orElse(null));
    }
    return new GrantObject("ARTIFACT", g.artifact(), store.projectOf(g.artifact()).orElse(null));
  }

  public void revoke(Grant grant) {
    store.deleteGrant(grant.id());
  }

  public List<Grant> all() {
    return store.grants();
  }

  /** Why the caller may not use the function, or empty when it may. */
  public Optional<String> refusal(Caller caller, RegisteredFunction f) {
    if (caller.platformAdmin() || caller.may(f.project(), Role.OWNER)) {
      return Optional.empty();
    }
    List<Grant> grants = new ArrayList<>(store.grantsOn("FUNCTION", f.name()));
    grants.addAll(store.grantsOn("ARTIFACT", f.artifact()));
    if (grants.stream().anyMatch(g -> holds(caller, g, f.project()))) {
      return Optional.empty();
    }
    return Optional.of(
        "USE is not granted to "
            + caller.username()
            + "; an owner of project '"
            + f.project()
            + "' can grant it on the function or its artifact "
            + f.artifact());
  }

  /** Why the caller may not use a governed built-in, or empty when it may. */
  public Optional<String> refusal(Caller caller, String builtin) {
    if (caller.platformAdmin()) {
      return Optional.empty();
    }
    if (store.grantsOn("FUNCTION", builtin).stream().anyMatch(g -> holds(caller, g, null))) {
      return Optional.empty();
    }
    return Optional.of(
        "USE is not granted to " + caller.username() + "; a platform admin can grant it");
  }

  private static boolean holds(Caller caller, Grant g, String objectProject) {
    if (g.user() != null) {
      return g.user().equals(caller.username());
    }
    if (g.role() != null) {
      return objectProject != null && caller.may(objectProject, Role.parse("role", g.role()));
    }
    return g.project() != null && caller.roleIn(g.project()).isPresent();
  }

  private static int count(String... values) {
    int n = 0;
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        n++;
      }
    }
    return n;
  }
}
