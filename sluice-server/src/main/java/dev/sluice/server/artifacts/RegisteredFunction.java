package dev.sluice.server.artifacts;

import java.time.OffsetDateTime;

/** A function registered under a name from a class of an artifact version. */
public record RegisteredFunction(
    String name,
    String project,
    String artifact,
    int artifactVersion,
    String className,
    String kind,
    String registeredBy,
    OffsetDateTime registeredAt,
    String comment) {}
