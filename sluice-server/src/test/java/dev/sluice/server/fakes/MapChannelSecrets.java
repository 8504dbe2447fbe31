package dev.sluice.server.fakes;

import dev.sluice.server.ops.channels.ChannelSecrets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Channel secrets held in a map, by project and name. */
public final class MapChannelSecrets implements ChannelSecrets {
  private final Map<String, String> values = new ConcurrentHashMap<>();

  public MapChannelSecrets put(String project, String name, String value) {
    values.put(project + "/" + name, value);
    return this;
  }

  @Override
  public Optional<String> value(String name, String project) {
    return Optional.ofNullable(values.get(project + "/" + name));
  }
}
