package dev.sluice.server.fakes;

import dev.sluice.server.secrets.DeploymentCredentialRepository;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Deployment credentials in memory. */
public class InMemoryDeploymentCredentialRepository implements DeploymentCredentialRepository {
  private final List<Stored> credentials = new ArrayList<>();

  @Override
  public synchronized void insert(Stored credential) {
    if (credentials.stream().anyMatch(c -> c.digest().equals(credential.digest()))) {
      throw new IllegalStateException("digest not unique");
    }
    credentials.add(credential);
  }

  @Override
  public synchronized List<Stored> valid(long jobId, OffsetDateTime at) {
    return credentials.stream()
        .filter(c -> c.jobId() == jobId && c.revokedAt() == null && c.expiresAt().isAfter(at))
        .toList();
  }

  @Override
  public synchronized List<Stored> all(long jobId) {
    return credentials.stream().filter(c -> c.jobId() == jobId).toList();
  }

  @Override
  public int revoke(long jobId, String flinkJobId, OffsetDateTime at) {
    return revokeWhere(jobId, c -> c.flinkJobId().equals(flinkJobId), at);
  }

  @Override
  public int revokeAll(long jobId, OffsetDateTime at) {
    return revokeWhere(jobId, c -> true, at);
  }

  @Override
  public int revokeAllBut(long jobId, String flinkJobId, OffsetDateTime at) {
    return revokeWhere(jobId, c -> !c.flinkJobId().equals(flinkJobId), at);
  }

  private synchronized int revokeWhere(long jobId, Predicate<Stored> which, OffsetDateTime at) {
    int n = 0;
    List<Stored> next = new ArrayList<>();
    for (Stored c : credentials) {
      if (c.jobId() == jobId && c.revokedAt() == null && which.test(c)) {
        next.add(
            new Stored(
                c.jobId(),
                c.flinkJobId(),
                c.digest(),
                c.keyNames(),
                c.createdAt(),
                c.expiresAt(),
                at));
        n++;
      } else {
        next.add(c);
      }
    }
    credentials.clear();
    credentials.addAll(next);
    return n;
  }
}
