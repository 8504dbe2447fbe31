package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The web studio in a real browser: Debian's chromium, headless, driven by playwright-core from
 * {@code sluice-web/e2e/studio.e2e.mjs}, against the platform {@code ./sluice start} runs, through
 * the whole SQL workflow (see that script). Screenshots of every page land in {@code
 * target/studio-e2e/}.
 */
@Order(60)
class StudioIT {
  private final Platform platform = Platform.get();

  @Test
  void theWholeSqlWorkflowWorksInTheBrowser() throws Exception {
    Path web = Path.of("../sluice-web").toAbsolutePath().normalize();
    Path out = Path.of("target/studio-e2e").toAbsolutePath();
    Files.createDirectories(out);
    Path log = out.resolve("e2e.log");
    ProcessBuilder pb = new ProcessBuilder("node", "e2e/studio.e2e.mjs").directory(web.toFile());
    pb.environment().put("SLUICE_URL", "http://localhost:" + platform.port);
    pb.environment().put("SLUICE_TOKEN", platform.adminToken());
    pb.environment().put("SLUICE_E2E_OUT", out.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process node = pb.start();
    boolean ended = node.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(ended).as("the browser test ended within 15 minutes:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("studio e2e: all 12 steps passed");
    try (var shots = Files.list(out)) {
      assertThat(shots.filter(p -> p.toString().endsWith(".png")).count())
          .as("a screenshot of every page")
          .isGreaterThanOrEqualTo(10);
    }
  }
}
