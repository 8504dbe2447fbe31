package dev.sluice.server.ops.channels;

import java.util.Optional;

/** The values of the secrets a channel references; only secrets of the channel's project count. */
public interface ChannelSecrets {

  /** The value of a credential of the project, if there is one of that name there. */
  Optional<String> value(String name, String project);
}
