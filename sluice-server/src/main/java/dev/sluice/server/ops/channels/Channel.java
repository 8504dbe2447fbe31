package dev.sluice.server.ops.channels;

import static java.util.Objects.requireNonNull;

import dev.sluice.server.ops.alerts.Tier;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A named place alert notifications of a project go to.
 *
 * @param tiers the severities it takes from rules that name no channels
 */
public record Channel(
    String name,
    String project,
    ChannelType type,
    ChannelSettings settings,
    Set<Tier> tiers,
    String author,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {
  /** What a channel takes when nobody says: P0 alerts go to every channel. */
  public static final Set<Tier> DEFAULT_TIERS = Set.of(Tier.P0);

  public Channel {
    requireNonNull(name, "name is null");
    requireNonNull(project, "project is null");
    requireNonNull(type, "type is null");
    requireNonNull(settings, "settings is null");
    tiers = tiers == null ? DEFAULT_TIERS : Set.copyOf(tiers);
  }

  /** A channel that takes the default tiers. */
  public Channel(
      String name,
      String project,
      ChannelType type,
      ChannelSettings settings,
      String author,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    this(name, project, type, settings, DEFAULT_TIERS, author, createdAt, updatedAt);
  }

  /** Its tiers in order, P0 first. */
  public List<Tier> tierList() {
    return tiers.isEmpty() ? List.of() : EnumSet.copyOf(tiers).stream().toList();
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
