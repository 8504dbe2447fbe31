package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
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
    Path out = Path.of("target/studio-e2e").toAbsolutePath();
    String output = BrowserScript.run(platform, "e2e/studio.e2e.mjs", out, Map.of(), 15);
    assertThat(output).contains("studio e2e: all 12 steps passed");
    assertThat(BrowserScript.screenshots(out))
        .as("a screenshot of every page")
        .isGreaterThanOrEqualTo(10);
  }
}
