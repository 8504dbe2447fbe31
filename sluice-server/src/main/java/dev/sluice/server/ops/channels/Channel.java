package dev.sluice.server.ops.channels;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** A named place alert notifications of a project go to. */
public record Channel(
    String name,
    String project,
    ChannelType type,
    ChannelSettings settings,
    String author,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {
  public Channel {
    requireNonNull(name, "name is null");
    requireNonNull(project, "project is null");
    requireNonNull(type, "type is null");
    requireNonNull(settings, "settings is null");
  }

  /** Where its messages go, as configured: references stay references. */
  public String recipient() {
    if (type == ChannelType.EMAIL) {
      return String.join(", ", settings.to())
          + " via "
          + settings.host()
          + ":"
          + settings.smtpPort();
    }
    return settings.url();
  }
}
