package dev.sluice.server.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.fakes.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A channel reads credentials of its own project from the secret store, and nothing else. */
class StoreChannelSecretsTest {
  @TempDir Path dataDir;

  @Test
  void resolvesOnlyCredentialsOfTheChannelsProject() {
    ServerFixture fixture = new ServerFixture(dataDir);
    fixture.secrets.createIn(
        "demo", () -> fixture.secrets.createValue("ding_token", "d1ngt0ken", "ana"));
    fixture.secrets.createIn(
        "payments", () -> fixture.secrets.createValue("pay_token", "p4yt0ken", "ana"));
    fixture.secrets.createIn("demo", () -> fixture.secrets.create("aes_key", null, null, "ana"));
    StoreChannelSecrets secrets = new StoreChannelSecrets(fixture.secrets);

    assertThat(secrets.value("ding_token", "demo")).contains("d1ngt0ken");
    assertThat(secrets.value("pay_token", "demo")).isEmpty();
    assertThat(secrets.value("pay_token", "payments")).contains("p4yt0ken");
    assertThat(secrets.value("aes_key", "demo")).isEmpty(); // a key is not a credential
    assertThat(secrets.value("missing", "demo")).isEmpty();
  }
}
