package dev.sluice.server.jdbc;

import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.secrets.SecretStore;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A browse request's password: a {@code ${secret:name}} reference, resolved in the caller's project
 * as a job of that project would resolve it, or the password itself, used once.
 */
@Component
public class BrowsePasswords {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]{1,128})}");

  private final SecretStore secrets;

  public BrowsePasswords(SecretStore secrets) {
    this.secrets = secrets;
  }

  /** The secret a password refers to, if it is exactly one reference. */
  public static String reference(String password) {
    if (password == null) {
      return null;
    }
    Matcher m = REFERENCE.matcher(password.trim());
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The password to log in with; a 403 for a secret of another project, a 400 at {@code password}
   * for one that does not exist.
   */
  public String resolve(String password, String project) {
    String name = reference(password);
    if (name == null) {
      return password;
    }
    try {
      secrets.requireInProject(List.of(name), project);
    } catch (ForbiddenException e) {
      throw new ForbiddenException(
          "password: the secret '"
              + name
              + "' is not in project '"
              + project
              + "'; a request uses only its project's secrets");
    }
    return secrets
        .value(name)
        .orElseThrow(
            () ->
                new InvalidFieldException(
                    "password",
                    "the secret '"
                        + name
                        + "' does not exist (store it with POST /api/v1/secrets {\"name\": \""
                        + name
                        + "\", \"value\": ...})"));
  }
}
