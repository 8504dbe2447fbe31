package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.fakes.MutableClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditTest {
  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eventsAreFilteredNewestFirstAndOverlongInputIsKeptCut(String kind) {
    MutableClock clock = new MutableClock();
    Audit audit = new Audit(TestDatabases.migratedClient(kind), clock);
    OffsetDateTime start = OffsetDateTime.now(clock);
    audit.record("ana", "job.deploy", "risk", "job orders", "restore none");
    clock.advance(Duration.ofMinutes(1));
    audit.record("bo", "job.stop", "risk", "job orders", null);
    clock.advance(Duration.ofMinutes(1));
    audit.record("x".repeat(500), "login.failed", null, null, "password");

    List<Audit.Event> jobs = audit.query(null, "job", null, null, 10);
    assertThat(jobs).extracting(Audit.Event::action).containsExactly("job.stop", "job.deploy");
    assertThat(audit.query("ana", null, null, null, 10)).hasSize(1);
    assertThat(audit.query(null, null, "risk", start.plusSeconds(30), 10))
        .extracting(Audit.Event::actor)
        .containsExactly("bo");
    assertThat(audit.query(null, "login.failed", null, null, 10).get(0).actor()).hasSize(128);
    assertThat(audit.query(null, null, null, null, 2)).hasSize(2);
  }
}
