package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Last: ./sluice stop ends the server and every child it started; nothing is left running. */
@Order(Integer.MAX_VALUE)
class ShutdownIT {

  @Test
  void stopLeavesNothingRunning() throws Exception {
    Platform platform = Platform.get();
    assertThat(roles(platform.children()))
        .containsExactlyInAnyOrder("server", "flink-jobmanager", "flink-taskmanager", "kafka");
    assertThat(platform.stop()).isZero();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!platform.children().isEmpty() && Instant.now().isBefore(deadline)) {
      Platform.sleep(200);
    }
    assertThat(platform.children()).isEmpty();
    assertThat(platform.http.isUp()).isFalse();
  }

  /** The {@code -Dsluice.role=} of each process, as the platform marks its children. */
  static List<String> roles(List<ProcessHandle> processes) {
    List<String> roles = new ArrayList<>();
    for (ProcessHandle p : processes) {
      String command = p.info().commandLine().orElse("");
      Matcher m = ROLE.matcher(command);
      roles.add(m.find() ? m.group(1) : command);
    }
    return roles;
  }

  private static final Pattern ROLE = Pattern.compile("-Dsluice\\.role=(\\S+)");
}
