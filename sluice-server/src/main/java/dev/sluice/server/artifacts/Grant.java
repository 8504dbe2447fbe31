package dev.sluice.server.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * A USE grant: on a function or a whole artifact, to a user, to a role in the object's project, or
 * to every member of a project.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Grant(
    long id,
    String function,
    String artifact,
    String user,
    String role,
    String project,
    String privilege,
    String grantedBy,
    OffsetDateTime grantedAt) {}
