package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice}: the command line over the REST API. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "sluice 0.1.0",
    description = "Real-time data development on Apache Flink.",
    subcommands = {
      SluiceCli.Deploy.class,
      SluiceCli.Validate.class,
      SluiceCli.Jobs.class,
      SluiceCli.Clusters.class,
      LineageCommand.class,
      SqlCommand.class,
      DebugCommand.class,
      MetricsCommand.class,
      SluiceCli.Health.class,
      LoginCommand.class,
      LogoutCommand.class,
      WhoamiCommand.class,
      TokensCommand.class,
      UsersCommand.class,
      ProjectsCommand.class,
      AuditCommand.class,
      AlertsCommand.class,
      QualityCommand.class,
      ArtifactsCommand.Artifacts.class,
      ArtifactsCommand.Functions.class,
      ArtifactsCommand.Grants.class,
      DatasourcesCommand.class,
      SyncCommand.class
    })
public final class SluiceCli {
  private static final Pattern NAME =
      Pattern.compile("(?m)^\\s*--\\s*@job:\\s*([A-Za-z0-9_.-]+)\\s*$");

  @Option(
      names = "--server",
      description = "Sluice server URL (env SLUICE_URL)",
      defaultValue = "${env:SLUICE_URL:-http://localhost:8080}",
      scope = CommandLine.ScopeType.INHERIT)
  String server;

  @Option(
      names = "--token",
      description =
          "API token (else env SLUICE_TOKEN, else the token 'sluice login' saved for the server,"
              + " else the file named by env SLUICE_TOKEN_FILE if the server is env"
              + " SLUICE_TOKEN_FILE_URL)",
      scope = CommandLine.ScopeType.INHERIT)
  String token;

  @Option(
      names = {"-o", "--output"},
      description = "text or json",
      defaultValue = "text",
      scope = CommandLine.ScopeType.INHERIT)
  String output;

  /** The process environment (for tokens and the credentials file). */
  final Map<String, String> env;

  /** Where {@code --password-stdin} reads from. */
  final InputStream stdin;

  private Optional<Token> resolved;

  SluiceCli(Map<String, String> env, InputStream stdin) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            System.getenv(),
            System.in));
  }

  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv(), System.in);
  }

  static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, InputStream in) {
    CommandLine cli = new CommandLine(new SluiceCli(env, in));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          SluiceCli root =
              commandLine.getCommandSpec().root().userObject() instanceof SluiceCli s ? s : null;
          if (e instanceof Api.ApiError api && (api.status == 401 || api.status == 403)) {
            if (root != null && root.json()) {
              out.println(api.problem.toPrettyString());
            }
            err.println(
                authMessage(
                    api,
                    root == null
                        ? null
                        : TokenResolver.fileNotFor(root.env, api.server).orElse(null)));
            return 1;
          }
          if (e instanceof Api.ApiError api) {
            if (root != null && root.json()) {
              out.println(api.problem.toPrettyString());
            } else {
              err.println("error: " + api.getMessage());
              for (JsonNode p : api.problem.path("errors")) {
                err.println(
                    p.path("statement").asInt() > 0
                        ? "  statement "
                            + p.path("statement").asInt()
                            + " at line "
                            + p.path("line").asInt()
                            + ":"
                            + p.path("column").asInt()
                            + ": "
                            + p.path("message").asText()
                        : "  " + p.path("message").asText());
              }
            }
            return 1;
          }
          if (e instanceof IOException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return 1;
          }
          if (e instanceof UncheckedIOException u) {
            err.println("error: " + u.getCause().getMessage());
            return 1;
          }
          throw e;
        });
    return cli.execute(args);
  }

  boolean json() {
    return "json".equalsIgnoreCase(output);
  }

  /** The API with the caller's token ({@link TokenResolver}), resolved once per run. */
  Api api() {
    if (resolved == null) {
      try {
        resolved = TokenResolver.resolve(token, env, credentials(), server);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Api.withToken(server, resolved.orElse(null));
  }

  /** The token {@link #api()} sends, if any. */
  Optional<Token> resolvedToken() {
    api();
    return resolved;
  }

  CredentialsFile credentials() {
    return CredentialsFile.locate(env, System.getProperty("user.home"));
  }

  /**
   * One line for a refused request: who is not logged in or whose token was refused, and what to
   * do; for 403 the server's own reason. {@code tokenFileNotUsed}: why the token file was not sent
   * to that server, or null.
   */
  static String authMessage(Api.ApiError e, String tokenFileNotUsed) {
    if (e.status == 403) {
      return "error: permission denied: " + e.getMessage();
    }
    String fix =
        "log in with 'sluice login --server "
            + e.server
            + "' or pass a valid token with --token (or SLUICE_TOKEN)";
    if (e.token == null) {
      return "error: not logged in to "
          + e.server
          + ": no token is known for that server"
          + (tokenFileNotUsed == null ? "" : " (" + tokenFileNotUsed + ")")
          + "; "
          + fix;
    }
    return "error: "
        + e.server
        + " refused "
        + e.token.describe()
        + " (expired, revoked or unknown): "
        + fix;
  }

  /** Prints a response: as JSON, or as the given text. */
  void print(PrintWriter out, JsonNode node, String text) {
    out.println(json() ? node.toPrettyString() : text);
  }

  /** The job named by a {@code -- @job: name} line, else by the file name. */
  static String jobName(Path file, String script) {
    Matcher m = NAME.matcher(script);
    if (m.find()) {
      return m.group(1);
    }
    String name = file.getFileName().toString();
    return name.endsWith(".sql") ? name.substring(0, name.length() - 4) : name;
  }

  /**
   * The job of that name the caller may read, in the project when given; null when there is none.
   * Names are unique per project, so one name in two projects needs {@code --project}.
   */
  static JsonNode jobNamed(Api api, String name, String project) {
    JsonNode list = api.get(project == null ? "/jobs" : "/jobs?project=" + Api.query(project));
    JsonNode found = null;
    java.util.List<String> projects = new java.util.ArrayList<>();
    for (JsonNode j : list) {
      if (j.path("name").asText().equals(name)
          && (project == null || !j.has("project") || j.path("project").asText().equals(project))) {
        found = j;
        projects.add(j.path("project").asText("?"));
      }
    }
    if (projects.size() > 1) {
      throw new IllegalArgumentException(
          "Jobs named '"
              + name
              + "' are in the projects "
              + String.join(", ", projects)
              + ": choose one with --project");
    }
    return found;
  }

  static JsonNode findJob(Api api, String nameOrId) {
    if (nameOrId.matches("\\d+")) {
      return api.get("/jobs/" + nameOrId);
    }
    JsonNode list =
        api.get("/jobs?name=" + java.net.URLEncoder.encode(nameOrId, StandardCharsets.UTF_8));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("No job named '" + nameOrId + "' that you may read");
    }
    return api.get("/jobs/" + list.get(0).path("id").asLong());
  }

  static String describe(JsonNode job) {
    return String.format(
        "%s (id %d) v%d on %s: %s (desired %s)%s%s%s",
        job.path("name").asText(),
        job.path("id").asLong(),
        job.path("currentVersion").asInt(),
        job.path("cluster").asText(),
        job.path("state").asText(),
        job.path("desiredState").asText(),
        job.hasNonNull("flinkJobId") ? ", Flink job " + job.path("flinkJobId").asText() : "",
        job.hasNonNull("flinkState") ? " " + job.path("flinkState").asText() : "",
        job.hasNonNull("lastError") ? "\n  last error: " + job.path("lastError").asText() : "");
  }

  @Command(
      name = "deploy",
      description =
          "Create or update the job named in a SQL file (-- @job: NAME, or the file name) and deploy it.")
  static final class Deploy implements Callable<Integer> {
    @CommandLine.ParentCommand SluiceCli root;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(
        names = "--restore",
        description = "none, latest, latest-checkpoint or a savepoint path",
        defaultValue = "none")
    String restore;

    @Option(names = "--comment")
    String comment;

    @Option(names = "--cluster")
    String cluster;

    @Option(
        names = "--project",
        description =
            "the project of a new job, and where to look for an existing one (default: the"
                + " token's project, else demo)")
    String project;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String script = Files.readString(file, StandardCharsets.UTF_8);
      String name = jobName(file, script);
      Api api = root.api();
      long id;
      JsonNode existing = jobNamed(api, name, project);
      ObjectNode body =
          Api.JSON
              .createObjectNode()
              .put("script", script)
              .put("comment", comment)
              .put("cluster", cluster);
      if (existing == null) {
        body.put("name", name).put("type", "SQL");
        if (project != null) {
          body.put("project", project);
        }
        id = api.post("/jobs", body).path("id").asLong();
      } else {
        id = existing.path("id").asLong();
        api.put("/jobs/" + id, body);
      }
      JsonNode job = api.post("/jobs/" + id + "/deploy", Map.of("restore", restore));
      root.print(spec.commandLine().getOut(), job, "deployed " + describe(job));
      return 0;
    }
  }

  @Command(
      name = "validate",
      description = "Validate a SQL file (against the job it names, or a new one).")
  static final class Validate implements Callable<Integer> {
    @CommandLine.ParentCommand SluiceCli root;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--project", description = "the project of the job")
    String project;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String script = Files.readString(file, StandardCharsets.UTF_8);
      Api api = root.api();
      String name = jobName(file, script);
      JsonNode existing = jobNamed(api, name, project);
      if (existing == null) {
        throw new IllegalArgumentException(
            "No job named '" + name + "': create it first with 'sluice deploy' or the API");
      }
      long id = existing.path("id").asLong();
      JsonNode result = api.post("/jobs/" + id + "/validate", Map.of("script", script));
      root.print(
          spec.commandLine().getOut(),
          result,
          "valid: " + result.path("statements").size() + " statements");
      return 0;
    }
  }

  @Command(name = "health", description = "Is the server up?")
  static final class Health implements Callable<Integer> {
    @CommandLine.ParentCommand SluiceCli root;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode h = root.api().get("/health");
      root.print(
          spec.commandLine().getOut(),
          h,
          h.path("status").asText() + " (" + h.path("engine").asText() + ")");
      return 0;
    }
  }

  @Command(
      name = "jobs",
      description = "List and manage jobs.",
      subcommands = {
        Jobs.List.class,
        Jobs.Show.class,
        Jobs.Start.class,
        Jobs.Stop.class,
        Jobs.Versions.class,
        Jobs.Diff.class,
        Jobs.Rollback.class,
        Jobs.Plan.class,
        Jobs.RestorePlanCommand.class,
        Jobs.ParallelismCommand.class,
        Jobs.Savepoints.class,
        JobRuntimeCommands.Vertices.class,
        JobRuntimeCommands.Checkpoints.class,
        JobRuntimeCommands.Exceptions.class,
        JobRecoveryCommands.Events.class,
        JobRecoveryCommands.Policy.class,
        JobAdviceCommand.class,
        ScalingPolicyCommand.class,
        JobFunctionsCommands.Functions.class,
        JobFunctionsCommands.UpgradeFunctions.class
      })
  static final class Jobs {
    @CommandLine.ParentCommand SluiceCli root;

    abstract static class JobCommand implements Callable<Integer> {
      @CommandLine.ParentCommand Jobs jobs;
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      SluiceCli root() {
        return jobs.root;
      }

      PrintWriter out() {
        return spec.commandLine().getOut();
      }
    }

    @Command(name = "list", description = "All jobs.")
    static final class List extends JobCommand {
      @Override
      public Integer call() {
        JsonNode list = root().api().get("/jobs");
        StringBuilder text = new StringBuilder();
        for (JsonNode j : list) {
          text.append(describe(j)).append('\n');
        }
        root().print(out(), list, text.toString().stripTrailing());
        return 0;
      }
    }

    @Command(name = "show", description = "A job with its live state on the cluster.")
    static final class Show extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Override
      public Integer call() {
        JsonNode j = findJob(root().api(), job);
        root()
            .print(
                out(),
                j,
                describe(j)
                    + (j.hasNonNull("lastCheckpoint")
                        ? "\n  last checkpoint: " + j.path("lastCheckpoint").asText()
                        : ""));
        return 0;
      }
    }

    @Command(name = "start", description = "Deploy a job's current version.")
    static final class Start extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Option(
          names = "--restore",
          defaultValue = "none",
          description = "none, latest, latest-checkpoint or a savepoint path")
      String restore;

      @Option(
          names = "--confirm-drop",
          split = ",",
          description =
              "statements whose state you accept to lose (as the restore plan names them)")
      java.util.List<String> confirmDrop = new java.util.ArrayList<>();

      @Override
      public Integer call() {
        Api api = root().api();
        long id = findJob(api, job).path("id").asLong();
        JsonNode j =
            api.post(
                "/jobs/" + id + "/deploy", Map.of("restore", restore, "confirmDrop", confirmDrop));
        root().print(out(), j, "deployed " + describe(j));
        return 0;
      }
    }

    @Command(name = "stop", description = "Stop a job, with a savepoint unless --no-savepoint.")
    static final class Stop extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Option(names = "--no-savepoint", description = "cancel without a savepoint")
      boolean noSavepoint;

      @Override
      public Integer call() {
        Api api = root().api();
        long id = findJob(api, job).path("id").asLong();
        JsonNode r = api.post("/jobs/" + id + "/stop", Map.of("savepoint", !noSavepoint));
        root()
            .print(
                out(),
                r,
                "stopped "
                    + describe(r.path("job"))
                    + (r.hasNonNull("savepointPath")
                        ? "\n  savepoint: " + r.path("savepointPath").asText()
                        : ""));
        return 0;
      }
    }

    @Command(name = "versions", description = "The saved versions of a job.")
    static final class Versions extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode versions = api.get("/jobs/" + findJob(api, job).path("id").asLong() + "/versions");
        StringBuilder text = new StringBuilder();
        for (JsonNode v : versions) {
          text.append(
              String.format(
                  "v%d  %s  %s  %s%n",
                  v.path("version").asInt(),
                  v.path("createdAt").asText(),
                  v.path("author").asText(),
                  v.path("comment").asText("")));
        }
        root().print(out(), versions, text.toString().stripTrailing());
        return 0;
      }
    }

    @Command(name = "diff", description = "Diff two versions of a job.")
    static final class Diff extends JobCommand {
      @Parameters(index = "0", paramLabel = "JOB")
      String job;

      @Parameters(index = "1", paramLabel = "FROM")
      int from;

      @Parameters(index = "2", paramLabel = "TO")
      int to;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode d =
            api.get(
                "/jobs/"
                    + findJob(api, job).path("id").asLong()
                    + "/diff?from="
                    + from
                    + "&to="
                    + to);
        root().print(out(), d, d.path("diff").asText());
        return 0;
      }
    }

    @Command(name = "rollback", description = "Save an old version as the newest one.")
    static final class Rollback extends JobCommand {
      @Parameters(index = "0", paramLabel = "JOB")
      String job;

      @Parameters(index = "1", paramLabel = "VERSION")
      int version;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode r =
            api.post(
                "/jobs/" + findJob(api, job).path("id").asLong() + "/rollback",
                Map.of("version", version));
        root()
            .print(
                out(),
                r,
                "saved version "
                    + r.path("version").asInt()
                    + " (a copy of version "
                    + version
                    + ")");
        return 0;
      }
    }

    @Command(name = "plan", description = "The operator graph a job compiles to.")
    static final class Plan extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode p = api.get("/jobs/" + findJob(api, job).path("id").asLong() + "/plan");
        StringBuilder text = new StringBuilder();
        for (JsonNode v : p.path("graph").path("vertices")) {
          text.append(
              String.format(
                  "%s  p=%d  %s%n",
                  v.path("id").asText(), v.path("parallelism").asInt(), v.path("name").asText()));
        }
        for (JsonNode e : p.path("graph").path("edges")) {
          text.append(
              String.format(
                  "%s -> %s  %s%n",
                  e.path("source").asText(),
                  e.path("target").asText(),
                  e.path("shipStrategy").asText()));
        }
        root().print(out(), p, text.toString().stripTrailing());
        return 0;
      }
    }

    @Command(
        name = "restore-plan",
        description =
            "What restoring the current version from a savepoint keeps and drops, per statement.")
    static final class RestorePlanCommand extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Option(
          names = "--savepoint",
          defaultValue = "latest",
          description = "latest, latest-checkpoint or a path")
      String savepoint;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode r =
            api.get(
                "/jobs/"
                    + findJob(api, job).path("id").asLong()
                    + "/restore-plan?savepoint="
                    + java.net.URLEncoder.encode(savepoint, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        for (JsonNode s : r.path("plan").path("statements")) {
          text.append(
              String.format(
                  "%-8s %s  (%s)  restored %d B, dropped %d B%n",
                  s.path("status").asText(),
                  s.path("label").asText(),
                  s.path("statement").asText(),
                  s.path("restoredBytes").asLong(),
                  s.path("droppedBytes").asLong()));
        }
        if (r.path("dropsState").asBoolean()) {
          text.append("state would be dropped for: ")
              .append(r.path("statementsDroppingState"))
              .append(
                  "\nconfirm with: sluice jobs start "
                      + job
                      + " --restore "
                      + savepoint
                      + " --confirm-drop <those statements>");
        } else {
          text.append("all state is kept");
        }
        root().print(out(), r, text.toString());
        return 0;
      }
    }

    @Command(
        name = "parallelism",
        description =
            "Show the job's parallelism per operator, or set it: --default N, --max N, --set UID=N"
                + " (applied at the next deploy).")
    static final class ParallelismCommand extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Option(names = "--default", description = "the job's parallelism")
      Integer defaultParallelism;

      @Option(names = "--max", description = "the job's max parallelism (pinned once it has state)")
      Integer maxParallelism;

      @Option(names = "--set", description = "operator uid=parallelism, as the plan lists uids")
      Map<String, Integer> operators;

      @Override
      public Integer call() {
        Api api = root().api();
        long id = findJob(api, job).path("id").asLong();
        JsonNode r;
        if (defaultParallelism == null && maxParallelism == null && operators == null) {
          r = api.get("/jobs/" + id + "/parallelism");
        } else {
          java.util.Map<String, Object> body = new java.util.HashMap<>();
          body.put("defaultParallelism", defaultParallelism);
          body.put("maxParallelism", maxParallelism);
          body.put("operators", operators == null ? Map.of() : operators);
          r = api.put("/jobs/" + id + "/parallelism", body);
        }
        StringBuilder text = new StringBuilder();
        text.append("default ")
            .append(
                r.path("defaultParallelism").isNull()
                    ? "(cluster default)"
                    : r.path("defaultParallelism").asText())
            .append(", max ")
            .append(r.path("maxParallelism").asInt())
            .append('\n');
        for (JsonNode v : r.path("plan").path("graph").path("vertices")) {
          for (JsonNode op : v.path("operators")) {
            text.append(
                String.format(
                    "p=%-3d %-40s %s%n",
                    v.path("parallelism").asInt(),
                    op.path("name").asText(),
                    op.path("uid").asText()));
          }
        }
        root().print(out(), r, text.toString().stripTrailing());
        return 0;
      }
    }

    @Command(name = "savepoints", description = "The savepoints of a job, newest first.")
    static final class Savepoints extends JobCommand {
      @Parameters(paramLabel = "JOB")
      String job;

      @Override
      public Integer call() {
        Api api = root().api();
        JsonNode s = api.get("/jobs/" + findJob(api, job).path("id").asLong() + "/savepoints");
        StringBuilder text = new StringBuilder();
        for (JsonNode sp : s) {
          text.append(
              String.format(
                  "%s  v%d  %s%n",
                  sp.path("createdAt").asText(),
                  sp.path("jobVersion").asInt(),
                  sp.path("path").asText()));
        }
        root().print(out(), s, text.toString().stripTrailing());
        return 0;
      }
    }
  }

  @Command(
      name = "clusters",
      description = "The Flink clusters jobs can run on.",
      subcommands = {Clusters.List.class, Clusters.Add.class})
  static final class Clusters {
    @CommandLine.ParentCommand SluiceCli root;

    @Command(name = "list")
    static final class List implements Callable<Integer> {
      @CommandLine.ParentCommand Clusters clusters;
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        JsonNode list = clusters.root.api().get("/clusters");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : list) {
          text.append(
              String.format(
                  "%s  %s  %s  %s%n",
                  c.path("name").asText(),
                  c.path("kind").asText(),
                  c.path("restUrl").asText(),
                  c.path("health").path("reachable").asBoolean()
                      ? "reachable, "
                          + c.path("health").path("slotsAvailable").asInt()
                          + " free slots"
                      : "UNREACHABLE"));
        }
        clusters.root.print(spec.commandLine().getOut(), list, text.toString().stripTrailing());
        return 0;
      }
    }

    @Command(name = "add", description = "Register a remote session cluster by its REST URL.")
    static final class Add implements Callable<Integer> {
      @CommandLine.ParentCommand Clusters clusters;
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @Parameters(index = "1", paramLabel = "REST_URL")
      String url;

      @Override
      public Integer call() {
        JsonNode c = clusters.root.api().post("/clusters", Map.of("name", name, "restUrl", url));
        clusters.root.print(
            spec.commandLine().getOut(), c, "added cluster " + c.path("name").asText());
        return 0;
      }
    }
  }
}
