package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Last: ./sluice stop ends the server and every child it started; nothing is left running. */
@Order(Integer.MAX_VALUE)
class ShutdownIT {

  @Test
  void stopLeavesNothingRunning() throws Exception {
    Platform platform = Platform.get();
    assertThat(platform.children())
        .hasSizeGreaterThanOrEqualTo(4); // server, JobManager, TaskManager, Kafka
    assertThat(platform.stop()).isZero();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!platform.children().isEmpty() && Instant.now().isBefore(deadline)) {
      Platform.sleep(200);
    }
    assertThat(platform.children()).isEmpty();
    assertThat(platform.http.isUp()).isFalse();
  }
}
