package dev.sluice.server.jobs;

import java.util.List;

/** A script that names keys the secret store does not have. */
public final class UnknownKeyReferenceException extends RuntimeException {
  public UnknownKeyReferenceException(List<String> unknown) {
    super(
        "The script names keys the secret store does not have: "
            + unknown
            + " (create them with POST /api/v1/secrets)");
  }
}
