package dev.sluice.server.artifacts;

import dev.sluice.engine.api.artifacts.JarProgram;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.jobs.JarPrograms;
import dev.sluice.server.jobs.Job;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jar jobs: a version's settings (artifact version, entry class, arguments, parallelism, Flink
 * configuration) are saved as canonical JSON, so that versions diff like scripts, and become the
 * program the engine builds the job graph from.
 */
@Component
public class JarJobs implements JarPrograms {
  private final ArtifactService artifacts;
  private final JsonMapper json;

  public JarJobs(ArtifactService artifacts, JsonMapper json) {
    this.artifacts = artifacts;
    this.json = json;
  }

  /**
   * A jar job version's settings.
   *
   * @param version the artifact version (default: its latest when saved)
   * @param entryClass the class whose main builds the job (default: the jar's Main-Class, or its
   *     only class with a main)
   * @param parallelism the job's default parallelism (default: the job's setting, else the
   *     cluster's)
   * @param configuration Flink options the program runs with
   */
  public record Settings(
      String artifact,
      Integer version,
      String entryClass,
      List<String> args,
      Integer parallelism,
      Map<String, String> configuration) {}

  /** Checks the settings against the project's artifacts and writes them as the version's text. */
  public String canonical(String project, Settings s) {
    if (s.artifact() == null || s.artifact().isBlank()) {
      throw new InvalidFieldException("artifact", "a jar job names the artifact it runs");
    }
    String name = s.artifact().trim();
    String owner = artifacts.projectOf(name);
    if (!owner.equals(project)) {
      throw new InvalidFieldException(
          "artifact", "artifact '" + name + "' belongs to another project than the job");
    }
    if (s.version() != null && s.version() < 1) {
      throw new InvalidFieldException("version", "a version is 1 or more");
    }
    ArtifactVersion v =
        s.version() == null
            ? artifacts.versions(name).get(0)
            : artifacts.version(name, s.version());
    String entry = s.entryClass() == null ? null : s.entryClass().trim();
    if (entry == null || entry.isEmpty()) {
      if (v.entryClass() != null) {
        entry = v.entryClass();
      } else if (v.mainClasses().size() == 1) {
        entry = v.mainClasses().get(0);
      } else {
        throw new InvalidFieldException(
            "entryClass",
            "name the class whose main builds the job; "
                + v.label()
                + (v.mainClasses().isEmpty()
                    ? " has no class with a main method"
                    : " has " + String.join(", ", v.mainClasses())));
      }
    } else if (!entry.equals(v.entryClass()) && !v.mainClasses().contains(entry)) {
      throw new InvalidFieldException(
          "entryClass",
          v.label()
              + " has no public class "
              + entry
              + " with a main method"
              + (v.mainClasses().isEmpty()
                  ? ""
                  : "; it has " + String.join(", ", v.mainClasses())));
    }
    if (s.parallelism() != null && (s.parallelism() < 1 || s.parallelism() > 32768)) {
      throw new InvalidFieldException("parallelism", "between 1 and 32768");
    }
    List<String> args = s.args() == null ? List.of() : s.args();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == null) {
        throw new InvalidFieldException("args[" + i + "]", "an argument is a string");
      }
    }
    Map<String, String> configuration = new java.util.TreeMap<>();
    if (s.configuration() != null) {
      s.configuration()
          .forEach(
              (k, val) -> {
                if (k == null || k.isBlank() || val == null) {
                  throw new InvalidFieldException(
                      "configuration." + k, "an option has a name and a string value");
                }
                configuration.put(k.trim(), val);
              });
    }
    Settings canonical =
        new Settings(name, v.version(), entry, List.copyOf(args), s.parallelism(), configuration);
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(canonical) + "\n";
  }

  /** A saved version's settings. */
  public Settings read(String text) {
    try {
      return json.readValue(text, Settings.class);
    } catch (JacksonException e) {
      throw new InvalidFieldException(
          "settings", "a jar job's settings are a JSON object: " + e.getOriginalMessage());
    }
  }

  @Override
  public JarProgram program(Job job, String text, Map<String, String> defaults) {
    Settings s = read(text);
    ArtifactVersion v = artifacts.version(s.artifact(), s.version());
    Map<String, String> configuration = new HashMap<>(defaults);
    if (s.configuration() != null) {
      configuration.putAll(s.configuration());
    }
    Integer parallelism = s.parallelism() != null ? s.parallelism() : job.defaultParallelism();
    return new JarProgram(
        job.name(),
        artifacts.jar(v.artifact(), v.version(), v.sha256()).toString(),
        v.label(),
        s.entryClass(),
        s.args() == null ? List.of() : s.args(),
        parallelism,
        configuration);
  }
}
