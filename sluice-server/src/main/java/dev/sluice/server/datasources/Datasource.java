package dev.sluice.server.datasources;

import dev.sluice.integration.source.SourceSpec;
import dev.sluice.integration.source.SourceType;
import java.time.OffsetDateTime;

/**
 * A registered source database, as the API shows it: never a password, only the name of the project
 * secret that holds it.
 *
 * @param passwordSecret null for a login without a password
 */
public record Datasource(
    long id,
    String name,
    String project,
    String type,
    String typeLabel,
    String host,
    int port,
    String database,
    String username,
    String passwordSecret,
    String description,
    String createdBy,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public SourceSpec spec() {
    SourceType t = SourceType.of(type).orElseThrow();
    return new SourceSpec(t, host, port, database, username);
  }
}
