package dev.sluice.server.secrets;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** Where the credentials of deployments are kept: their digests, never their values. */
public interface DeploymentCredentialRepository {

  /**
   * A stored credential.
   *
   * @param flinkJobId the Flink job id of the deployment it was issued to
   * @param digest hex SHA-256 of the credential's value
   * @param keyNames the keys the deployment's script names: all it may fetch
   * @param revokedAt when its deployment ended; null while it runs
   */
  record Stored(
      long jobId,
      String flinkJobId,
      String digest,
      Set<String> keyNames,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt) {
    public Stored {
      requireNonNull(flinkJobId, "flinkJobId is null");
      requireNonNull(digest, "digest is null");
      keyNames = Set.copyOf(requireNonNull(keyNames, "keyNames is null"));
      requireNonNull(createdAt, "createdAt is null");
      requireNonNull(expiresAt, "expiresAt is null");
    }
  }

  void insert(Stored credential);

  /** The job's credentials neither revoked nor expired at the given time. */
  List<Stored> valid(long jobId, OffsetDateTime at);

  /** Every credential of the job, oldest first. */
  List<Stored> all(long jobId);

  /** Revokes the credentials of one deployment of the job; returns how many were still valid. */
  int revoke(long jobId, String flinkJobId, OffsetDateTime at);

  /** Revokes every credential of the job. */
  int revokeAll(long jobId, OffsetDateTime at);

  /** Revokes the credentials of the job's deployments other than the given one. */
  int revokeAllBut(long jobId, String flinkJobId, OffsetDateTime at);
}
