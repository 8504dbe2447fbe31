package dev.sluice.engine.api.artifacts;

import static java.util.Objects.requireNonNull;

/**
 * A function registered from an artifact version, which a script calls by name without {@code
 * CREATE FUNCTION}. The engine compiles against a signature stub of the class (made from its class
 * file, none of the user's code runs); the job graph carries the artifact's jar, and the real class
 * is instantiated only on the cluster.
 *
 * @param name the name scripts call it by, for example {@code twice} or {@code risk.decrypt_card}
 * @param className the function's class in the jar
 * @param jar the artifact version's jar file
 * @param artifact the artifact version as {@code name:version}, named in messages and plans
 */
public record UserFunction(String name, String className, String jar, String artifact) {
  /**
   * How the problem of a call the caller may not make begins; the server answers such a deploy with
   * 403.
   */
  public static final String DENIED = "Permission denied: function ";

  public UserFunction {
    requireNonNull(name, "name is null");
    requireNonNull(className, "className is null");
    requireNonNull(jar, "jar is null");
    requireNonNull(artifact, "artifact is null");
  }
}
