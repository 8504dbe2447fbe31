package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the studio's browser scripts ({@code sluice-web/e2e/*.e2e.mjs}: Debian's chromium,
 * headless, driven by playwright-core) against the platform, logged in with the admin token. Its
 * output and screenshots land in the given folder; the script must exit 0 and print that all its
 * steps passed.
 */
final class BrowserScript {
  private BrowserScript() {}

  /** The script's output, once it ended with every step passed. */
  static String run(
      Platform platform, String script, Path out, Map<String, String> env, int minutes)
      throws Exception {
    Path web = Path.of("../sluice-web").toAbsolutePath().normalize();
    Files.createDirectories(out);
    // A script run again in phases (SLUICE_E2E_PHASE) keeps each phase's log.
    String phase = env.get("SLUICE_E2E_PHASE");
    Path log = out.resolve(phase == null ? "e2e.log" : "e2e-" + phase + ".log");
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(web.toFile());
    pb.environment().put("SLUICE_URL", "http://localhost:" + platform.port);
    pb.environment().put("SLUICE_TOKEN", platform.adminToken());
    pb.environment().put("SLUICE_E2E_OUT", out.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process node = pb.start();
    boolean ended = node.waitFor(minutes, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(ended)
        .as("the browser test ended within " + minutes + " minutes:\n" + output)
        .isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("e2e: all \\d+ steps passed");
    return output;
  }

  static long screenshots(Path out) throws Exception {
    try (var files = Files.list(out)) {
      return files.filter(p -> p.toString().endsWith(".png")).count();
    }
  }
}
