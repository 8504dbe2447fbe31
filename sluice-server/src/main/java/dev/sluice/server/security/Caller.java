package dev.sluice.server.security;

import java.util.Map;
import java.util.Optional;

/**
 * Who is asking: a user, with the roles the user holds now, narrowed to one project and role when
 * the request carries a token scoped to them.
 *
 * @param username the user
 * @param admin whether the user is a platform admin
 * @param roles the user's role per project
 * @param token the API token the request carries, or null for a login session
 */
public record Caller(String username, boolean admin, Map<String, Role> roles, TokenScope token) {
  public Caller {
    roles = Map.copyOf(roles);
  }

  /** The token a request carries: its id, and the project and role it is limited to (or null). */
  public record TokenScope(long id, String project, Role role) {
    boolean scoped() {
      return project != null;
    }
  }

  /** Whether the caller acts with platform-admin rights: an admin, not through a scoped token. */
  public boolean platformAdmin() {
    return admin && (token == null || !token.scoped());
  }

  /** The caller's role in a project, if it has one. */
  public Optional<Role> roleIn(String project) {
    Role role = admin ? Role.OWNER : roles.get(project);
    if (token != null && token.scoped()) {
      if (!token.project().equals(project) || role == null) {
        return Optional.empty();
      }
      role = role.includes(token.role()) ? token.role() : role;
    }
    return Optional.ofNullable(role);
  }

  public boolean may(String project, Role needed) {
    return roleIn(project).map(r -> r.includes(needed)).orElse(false);
  }
}
