package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxPropertiesTest {
  @Test
  void defaultsAllowTheProductsCatalogsEveryConnectorAndTheDataDirectory() {
    SandboxProperties defaults = new SandboxProperties(null, List.of(), null);
    assertThat(defaults.configuration(Path.of("/srv/sluice/data/../data")))
        .isEqualTo(
            Map.of(
                "sluice.sandbox.catalog-types", "generic_in_memory,paimon,jdbc",
                "sluice.sandbox.filesystem-roots", "/srv/sluice/data",
                "sluice.sandbox.denied-paths",
                    "/srv/sluice/data/store,/srv/sluice/data/master.key,/srv/sluice/data/admin.token,"
                        + "/srv/sluice/data/flink,/srv/sluice/data/kafka,/srv/sluice/data/log,"
                        + "/srv/sluice/data/server.pid"));
  }

  @Test
  void configuredValuesReplaceTheDefaults() {
    SandboxProperties set =
        new SandboxProperties(
            List.of("generic_in_memory"), List.of("kafka", "jdbc"), List.of("/lake", "s3://b/x"));
    assertThat(set.configuration(Path.of("/data")))
        .isEqualTo(
            Map.of(
                "sluice.sandbox.catalog-types", "generic_in_memory",
                "sluice.sandbox.connectors", "kafka,jdbc",
                "sluice.sandbox.filesystem-roots", "/lake,s3://b/x",
                "sluice.sandbox.denied-paths",
                    "/data/store,/data/master.key,/data/admin.token,/data/flink,/data/kafka,"
                        + "/data/log,/data/server.pid"));
  }

  @Test
  void aRelativeRootIsRefusedAtStartup() {
    assertThatThrownBy(() -> new SandboxProperties(null, null, List.of("data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sluice.sandbox.filesystem-roots: 'data' is not an absolute path or URI");
  }
}
