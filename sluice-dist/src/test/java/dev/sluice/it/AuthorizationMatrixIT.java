package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, for every operation of the OpenAPI document: each one is sent without a token,
 * with an expired and a revoked token, as each role of project alpha, as the owner of project beta
 * and as an admin, and must answer 401, 403, 404 or go through exactly as the security contract
 * says. An operation the document lists and the rules below do not (or the reverse) fails the test,
 * so a new endpoint cannot be forgotten. Lists never show one project's names to a member of the
 * other only.
 */
@Order(18)
class AuthorizationMatrixIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TOKEN = Pattern.compile("slc_[A-Za-z0-9_-]{43}");
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final String PROBLEM = "application/problem+json";
  private static final String ALPHA = "alpha";
  private static final String BETA = "beta";
  private static final String VICTIM = "matrix-victim";
  private static final String ALPHA_JOB = "alpha_broken_job";
  private static final String ALPHA_LINEAGE_JOB = "alpha_lineage_job";
  private static final String ALPHA_SECRET = "alpha_secret";
  private static final String ALPHA_GROUP = "alpha_metrics";
  private static final String ALPHA_CHANNEL = "alpha-hook";
  private static final String ALPHA_RULE = "alpha-slow-input";
  private static final String ALPHA_MONITOR = "alpha-quality";
  private static final String ALPHA_ARTIFACT = "alpha-lib";
  private static final String ALPHA_FUNCTION = "alpha_fn";
  private static final String ALPHA_DATASOURCE = "alpha-db";
  private static final String BETA_JOB = "beta_job";
  private static final String BETA_SECRET = "beta_secret";

  private final Platform platform = Platform.get();
  private final String base = "http://localhost:" + platform.port;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String password = "pw-" + random();
  private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

  // What the operations are called on, known once the setup made them.
  private long jobId;
  private String runId;
  private String step;
  private long clusterId;
  private long victimTokenId;
  private String silenceId;
  private long grantId;
  private String alphaDataset;
  private String betaDataset;

  /** A project role as the contract names them, weakest first. */
  enum Role {
    VIEWER,
    DEVELOPER,
    OPERATOR,
    OWNER
  }

  /** Who sends a request. */
  enum Caller {
    NO_TOKEN(null, null),
    EXPIRED_TOKEN(null, null),
    REVOKED_TOKEN(null, null),
    ALPHA_VIEWER("alpha-viewer", Role.VIEWER),
    ALPHA_DEVELOPER("alpha-developer", Role.DEVELOPER),
    ALPHA_OPERATOR("alpha-operator", Role.OPERATOR),
    ALPHA_OWNER("alpha-owner", Role.OWNER),
    BETA_OWNER("beta-owner", null),
    ADMIN("admin", null);

    final String username;
    final Role alphaRole;

    Caller(String username, Role alphaRole) {
      this.username = username;
      this.alphaRole = alphaRole;
    }

    boolean anonymous() {
      return username == null;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** What an answer must be. */
  enum Expected {
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    /** Through the checks: not 401, 403 or 404, and no server error. */
    ALLOWED(0);

    final int status;

    Expected(int status) {
      this.status = status;
    }

    boolean matches(int got) {
      return this == ALLOWED ? got != 401 && got != 403 && got != 404 && got < 500 : got == status;
    }

    @Override
    public String toString() {
      return this == ALLOWED ? "allowed (not 401/403/404/5xx)" : Integer.toString(status);
    }
  }

  /** The rule of the security contract an operation follows. */
  enum Rule {
    /** Needs no caller. */
    PUBLIC,
    /** A call back from the cluster with its own credentials: 403 without them, for everyone. */
    CALLBACK,
    /** Any caller. */
    ANY,
    /** Platform admins. */
    ADMIN,
    /** The user itself or an admin; called on matrix-victim, so: admins. */
    SELF_OR_ADMIN,
    /** The token's owner or an admin (else 404); called on matrix-victim's token. */
    OWN_TOKEN,
    VIEWER,
    DEVELOPER,
    OPERATOR,
    OWNER;

    Expected expected(Caller caller) {
      if (this == PUBLIC) {
        return Expected.ALLOWED;
      }
      if (this == CALLBACK) {
        return Expected.FORBIDDEN;
      }
      if (caller.anonymous()) {
        return Expected.UNAUTHORIZED;
      }
      if (caller == Caller.ADMIN || this == ANY) {
        return Expected.ALLOWED;
      }
      return switch (this) {
        case ADMIN, SELF_OR_ADMIN -> Expected.FORBIDDEN;
        case OWN_TOKEN -> Expected.NOT_FOUND;
        default -> {
          if (caller.alphaRole == null) {
            yield Expected.NOT_FOUND;
          }
          Role needed = Role.valueOf(name());
          yield caller.alphaRole.compareTo(needed) >= 0 ? Expected.ALLOWED : Expected.FORBIDDEN;
        }
      };
    }
  }

  /**
   * One operation of the API, its rule and what it is sent with: extra query parameters, a body
   * that passes the checks but cannot do harm, and for a DELETE what to recreate before each caller
   * allowed to delete.
   */
  record Op(
      String method,
      String path,
      Rule rule,
      String query,
      String body,
      String contentType,
      Runnable restore) {
    String key() {
      return method + " " + path;
    }

    Op body(Object json) {
      return new Op(method, path, rule, query, write(json), "application/json", restore);
    }

    Op yaml(String text) {
      return new Op(method, path, rule, query, text, "application/yaml", restore);
    }

    Op query(String q) {
      return new Op(method, path, rule, q, body, contentType, restore);
    }

    Op restore(Runnable r) {
      return new Op(method, path, rule, query, body, contentType, r);
    }
  }

  private static Op op(String method, String path, Rule rule) {
    return new Op(method, path, rule, null, null, null, null);
  }

  /** Every operation with its rule, as "Who may call what" in the security contract says. */
  private List<Op> rules() {
    Map<String, Object> none = Map.of();
    return List.of(
        op("GET", "/api/v1/health", Rule.PUBLIC),
        op("POST", "/api/v1/auth/login", Rule.PUBLIC)
            .body(Map.of("username", VICTIM, "password", password)),
        op("POST", "/api/v1/auth/logout", Rule.ANY),
        op("GET", "/api/v1/auth/me", Rule.ANY),
        // Tokens: a body without a name is refused after the checks.
        op("POST", "/api/v1/tokens", Rule.ANY).body(none),
        op("GET", "/api/v1/tokens", Rule.ANY),
        op("DELETE", "/api/v1/tokens/{id}", Rule.OWN_TOKEN),
        // Users
        op("POST", "/api/v1/users", Rule.ADMIN).body(none),
        op("GET", "/api/v1/users", Rule.ADMIN),
        op("PUT", "/api/v1/users/{username}/password", Rule.SELF_OR_ADMIN).body(none),
        // Projects
        op("GET", "/api/v1/projects", Rule.ANY),
        op("POST", "/api/v1/projects", Rule.ADMIN).body(none),
        op("GET", "/api/v1/projects/{name}", Rule.VIEWER),
        op("PUT", "/api/v1/projects/{name}/members/{username}", Rule.OWNER)
            .body(Map.of("role", "viewer")),
        op("DELETE", "/api/v1/projects/{name}/members/{username}", Rule.OWNER)
            .restore(() -> grant(ALPHA, VICTIM, "viewer")),
        op("GET", "/api/v1/audit", Rule.ADMIN),
        // Clusters
        op("GET", "/api/v1/clusters", Rule.ANY),
        op("GET", "/api/v1/clusters/{id}", Rule.ANY),
        op("POST", "/api/v1/clusters", Rule.ADMIN).body(none),
        // Jobs: alpha's job fails validation, so nothing is ever deployed.
        op("GET", "/api/v1/jobs", Rule.ANY),
        op("POST", "/api/v1/jobs", Rule.DEVELOPER).body(Map.of("project", ALPHA)),
        op("GET", "/api/v1/jobs/{id}", Rule.VIEWER),
        op("PUT", "/api/v1/jobs/{id}", Rule.DEVELOPER).body(none),
        op("GET", "/api/v1/jobs/{id}/versions", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/versions/{version}", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/diff", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/rollback", Rule.DEVELOPER).body(none),
        op("POST", "/api/v1/jobs/{id}/validate", Rule.DEVELOPER).body(none),
        op("GET", "/api/v1/jobs/{id}/plan", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/deploy", Rule.OPERATOR).body(Map.of("restore", "none")),
        op("GET", "/api/v1/jobs/{id}/parallelism", Rule.VIEWER),
        op("PUT", "/api/v1/jobs/{id}/parallelism", Rule.OPERATOR).body(none),
        op("GET", "/api/v1/jobs/{id}/restore-plan", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/stop", Rule.OPERATOR).body(Map.of("savepoint", false)),
        op("GET", "/api/v1/jobs/{id}/savepoints", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/savepoints", Rule.OPERATOR),
        op("GET", "/api/v1/jobs/{id}/lineage", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/lineage/openlineage", Rule.VIEWER),
        // The lineage graph: any caller, over the jobs it may read; alpha's dataset is only in
        // alpha's jobs, so it is there for alpha's members only.
        op("GET", "/api/v1/lineage/datasets", Rule.ANY),
        op("GET", "/api/v1/lineage/upstream", Rule.VIEWER),
        op("GET", "/api/v1/lineage/downstream", Rule.VIEWER),
        op("GET", "/api/v1/lineage/impact", Rule.VIEWER),
        op("GET", "/api/v1/lineage/functions", Rule.ANY),
        // The SQL editor: the engine's language is the same for every caller; the tables of a
        // draft in alpha need a role there (the draft is never run).
        op("GET", "/api/v1/sql/language", Rule.ANY),
        op("POST", "/api/v1/sql/tables", Rule.VIEWER)
            .body(
                Map.of(
                    "project",
                    ALPHA,
                    "script",
                    "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');")),
        // Metric groups: definitions that do not compile are refused after the checks.
        op("GET", "/api/v1/metric-groups/schema", Rule.ANY),
        op("POST", "/api/v1/metric-groups/compile", Rule.DEVELOPER)
            .query("project=" + ALPHA)
            .yaml("{}"),
        op("POST", "/api/v1/metric-groups/debug", Rule.DEVELOPER)
            .query("project=" + ALPHA)
            .body(none),
        op("POST", "/api/v1/metric-groups", Rule.DEVELOPER).query("project=" + ALPHA).yaml("{}"),
        op("GET", "/api/v1/metric-groups", Rule.ANY),
        op("GET", "/api/v1/metric-groups/{name}", Rule.VIEWER),
        op("GET", "/api/v1/metric-groups/{name}/versions", Rule.VIEWER),
        op("GET", "/api/v1/metric-groups/{name}/versions/{version}", Rule.VIEWER),
        op("GET", "/api/v1/metric-groups/{name}/diff", Rule.VIEWER),
        // Only for those who may deploy: it reads the running job's state, and changes nothing.
        op("GET", "/api/v1/metric-groups/{name}/restore-plan", Rule.OPERATOR),
        // Version 0 does not exist: past the role check the request is refused (400), and no
        // caller's check deploys anything.
        op("POST", "/api/v1/metric-groups/{name}/deploy", Rule.OPERATOR).body(Map.of("version", 0)),
        // Debug runs: alpha's run is on samples.
        op("POST", "/api/v1/debug-runs", Rule.DEVELOPER).body(Map.of("project", ALPHA)),
        op("GET", "/api/v1/debug-runs", Rule.ANY),
        op("GET", "/api/v1/debug-runs/{id}", Rule.VIEWER),
        op("GET", "/api/v1/debug-runs/{id}/steps/{step}/rows", Rule.VIEWER),
        op("GET", "/api/v1/debug-runs/{id}/steps/{step}/table", Rule.VIEWER),
        op("POST", "/api/v1/debug-runs/{id}/stop", Rule.DEVELOPER),
        op("POST", "/api/v1/debug-runs/{id}/ingest", Rule.CALLBACK).body(none),
        // Secrets
        op("POST", "/api/v1/secrets", Rule.OPERATOR).body(Map.of("project", ALPHA)),
        op("GET", "/api/v1/secrets", Rule.ANY),
        op("PUT", "/api/v1/secrets/{name}", Rule.OPERATOR).body(none),
        op("DELETE", "/api/v1/secrets/{name}", Rule.OPERATOR).restore(this::ensureAlphaSecret),
        op("POST", "/api/v1/secrets/master-key/rotate", Rule.ADMIN),
        op("GET", "/api/v1/secrets/{name}/material", Rule.CALLBACK),
        // Watching jobs: metrics, tiers, alert rules, channels, silences, alerts.
        op("GET", "/metrics", Rule.ANY),
        op("GET", "/api/v1/jobs/{id}/metrics", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/vertices", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/checkpoints", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/exceptions", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/tier", Rule.VIEWER),
        op("PUT", "/api/v1/jobs/{id}/tier", Rule.OPERATOR).body(Map.of("tier", "P9")),
        op("GET", "/api/v1/jobs/{id}/events", Rule.VIEWER),
        op("GET", "/api/v1/jobs/{id}/recovery-policy", Rule.VIEWER),
        op("PUT", "/api/v1/jobs/{id}/recovery-policy", Rule.OPERATOR)
            .body(Map.of("maxAttempts", 0)),
        op("GET", "/api/v1/jobs/{id}/advice", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/advice/apply", Rule.OPERATOR)
            .body(Map.of("utilization", "2")),
        op("GET", "/api/v1/jobs/{id}/scaling-policy", Rule.VIEWER),
        op("PUT", "/api/v1/jobs/{id}/scaling-policy", Rule.OPERATOR)
            .body(Map.of("minParallelism", 0)),
        op("GET", "/api/v1/alerts", Rule.ANY),
        op("GET", "/api/v1/alert-rules", Rule.ANY),
        op("GET", "/api/v1/alert-rules/{ref}", Rule.VIEWER),
        op("POST", "/api/v1/alert-rules", Rule.OPERATOR).body(Map.of("project", ALPHA)),
        op("PUT", "/api/v1/alert-rules/{ref}", Rule.OPERATOR).body(none),
        op("POST", "/api/v1/alert-rules/defaults", Rule.OPERATOR)
            .body(Map.of("project", ALPHA, "channels", List.of("no-such-channel"))),
        op("DELETE", "/api/v1/alert-rules/{ref}", Rule.OPERATOR).restore(this::ensureAlphaRule),
        op("GET", "/api/v1/channels", Rule.ANY),
        op("GET", "/api/v1/channels/{name}", Rule.VIEWER),
        op("POST", "/api/v1/channels", Rule.OPERATOR).body(Map.of("project", ALPHA)),
        op("PUT", "/api/v1/channels/{name}", Rule.OPERATOR).body(none),
        op("POST", "/api/v1/channels/{name}/test", Rule.OPERATOR),
        op("GET", "/api/v1/channels/{name}/deliveries", Rule.VIEWER),
        op("DELETE", "/api/v1/channels/{name}", Rule.OPERATOR).restore(this::ensureAlphaChannel),
        op("GET", "/api/v1/silences", Rule.ANY),
        op("POST", "/api/v1/silences", Rule.OPERATOR).body(Map.of("project", ALPHA)),
        op("DELETE", "/api/v1/silences/{id}", Rule.OPERATOR).restore(this::ensureAlphaSilence),
        // Data-quality monitors; a blank statement to confirm is refused past the role check.
        op("GET", "/api/v1/quality-monitors", Rule.ANY),
        op("GET", "/api/v1/quality-monitors/{name}", Rule.VIEWER),
        op("POST", "/api/v1/quality-monitors", Rule.OPERATOR).body(Map.of("project", ALPHA)),
        op("PUT", "/api/v1/quality-monitors/{name}", Rule.OPERATOR).body(none),
        op("GET", "/api/v1/quality-monitors/{name}/sql", Rule.VIEWER),
        op("GET", "/api/v1/quality-monitors/{name}/results", Rule.VIEWER),
        op("POST", "/api/v1/quality-monitors/{name}/deploy", Rule.OPERATOR)
            .body(Map.of("confirmDrop", List.of(""))),
        op("DELETE", "/api/v1/quality-monitors/{name}", Rule.OPERATOR)
            .restore(this::ensureAlphaMonitor),
        // Browsing sources: topic names and database metadata are development work; the events
        // of a topic are production data (operator, like a live debug run). A limit of 0 and a
        // body without a URL are refused past the role check.
        op("GET", "/api/v1/kafka/topics", Rule.DEVELOPER).query("project=" + ALPHA),
        op("GET", "/api/v1/kafka/topics/{topic}/events", Rule.OPERATOR)
            .query("project=" + ALPHA + "&limit=0"),
        op("POST", "/api/v1/jdbc/tables", Rule.DEVELOPER).query("project=" + ALPHA).body(none),
        op("POST", "/api/v1/jdbc/columns", Rule.DEVELOPER).query("project=" + ALPHA).body(none),
        // Artifacts, functions and grants. An upload without a file, a class the artifact does not
        // have, an upgrade to the version it is on, an upgrade of a job whose functions did not
        // change and deleting a version a function is registered from are refused past the role
        // check.
        new Op(
            "POST",
            "/api/v1/artifacts",
            Rule.DEVELOPER,
            "project=" + ALPHA,
            "--matrix\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmatrix-lib\r\n"
                + "--matrix--\r\n",
            "multipart/form-data; boundary=matrix",
            null),
        op("GET", "/api/v1/artifacts", Rule.ANY),
        op("GET", "/api/v1/artifacts/{name}/versions", Rule.VIEWER),
        op("GET", "/api/v1/artifacts/{name}/versions/{version}", Rule.VIEWER),
        op("DELETE", "/api/v1/artifacts/{name}/versions/{version}", Rule.OPERATOR)
            .restore(this::ensureAlphaFunction),
        op("POST", "/api/v1/functions", Rule.OWNER)
            .body(Map.of("name", "matrix_fn", "artifact", ALPHA_ARTIFACT, "className", "no.Such")),
        op("GET", "/api/v1/functions", Rule.ANY),
        op("GET", "/api/v1/functions/{name}", Rule.VIEWER),
        op("PUT", "/api/v1/functions/{name}", Rule.OWNER).body(Map.of("version", 1)),
        op("POST", "/api/v1/grants", Rule.OWNER)
            .body(Map.of("function", ALPHA_FUNCTION, "user", VICTIM)),
        op("GET", "/api/v1/grants", Rule.ANY),
        // DELETEs run in this order: a grant by id while the set-up's grant is there, then by
        // body, then the function (which takes its grants with it).
        op("DELETE", "/api/v1/grants/{id}", Rule.OWNER).restore(this::ensureAlphaGrant),
        op("DELETE", "/api/v1/grants", Rule.OWNER)
            .body(Map.of("function", ALPHA_FUNCTION, "user", VICTIM))
            .restore(this::ensureAlphaGrant),
        op("DELETE", "/api/v1/functions/{name}", Rule.OWNER).restore(this::ensureAlphaFunction),
        // Data sources: registering one is operations work, reading its catalog development work.
        // alpha's data source points at a closed port: each read is refused past the role check
        // (422), as are a new one and an update of an unsupported type (400).
        op("GET", "/api/v1/datasources/types", Rule.ANY),
        op("GET", "/api/v1/datasources", Rule.ANY),
        op("POST", "/api/v1/datasources", Rule.OPERATOR).body(datasource("matrix-db", "oceanbase")),
        op("GET", "/api/v1/datasources/{id}", Rule.VIEWER),
        op("PUT", "/api/v1/datasources/{id}", Rule.OPERATOR)
            .body(datasource(ALPHA_DATASOURCE, "oceanbase")),
        op("POST", "/api/v1/datasources/{id}/test", Rule.DEVELOPER),
        op("GET", "/api/v1/datasources/{id}/schemas", Rule.DEVELOPER),
        op("GET", "/api/v1/datasources/{id}/tables", Rule.DEVELOPER),
        op("GET", "/api/v1/datasources/{id}/tables/{table}", Rule.DEVELOPER),
        op("GET", "/api/v1/datasources/{id}/readiness", Rule.DEVELOPER),
        op("POST", "/api/v1/datasources/{id}/sync-plan", Rule.DEVELOPER)
            .body(
                Map.of(
                    "tables",
                    List.of("public.orders"),
                    "target",
                    Map.of("type", "kafka", "bootstrapServers", "localhost:9092"))),
        op("DELETE", "/api/v1/datasources/{id}", Rule.OPERATOR)
            .restore(this::ensureAlphaDatasource),
        op("GET", "/api/v1/jobs/{id}/functions", Rule.VIEWER),
        op("POST", "/api/v1/jobs/{id}/functions/upgrade", Rule.DEVELOPER),
        // Last of all: disables matrix-victim, whose membership the DELETE above recreates.
        op("DELETE", "/api/v1/users/{username}", Rule.ADMIN));
  }

  /** The path of an operation with alpha's things in it. */
  private String fill(String template) {
    String p = template;
    if (p.startsWith("/api/v1/jobs/")) {
      p = p.replace("{id}", Long.toString(jobId)).replace("{version}", "1");
    } else if (p.startsWith("/api/v1/debug-runs/")) {
      p = p.replace("{id}", runId).replace("{step}", step);
    } else if (p.startsWith("/api/v1/secrets/")) {
      p = p.replace("{name}", ALPHA_SECRET);
    } else if (p.startsWith("/api/v1/projects/")) {
      p = p.replace("{name}", ALPHA).replace("{username}", VICTIM);
    } else if (p.startsWith("/api/v1/users/")) {
      p = p.replace("{username}", VICTIM);
    } else if (p.startsWith("/api/v1/clusters/")) {
      p = p.replace("{id}", Long.toString(clusterId));
    } else if (p.startsWith("/api/v1/tokens/")) {
      p = p.replace("{id}", Long.toString(victimTokenId));
    } else if (p.startsWith("/api/v1/alert-rules/")) {
      p = p.replace("{ref}", ALPHA_RULE);
    } else if (p.startsWith("/api/v1/channels/")) {
      p = p.replace("{name}", ALPHA_CHANNEL);
    } else if (p.startsWith("/api/v1/silences/")) {
      p = p.replace("{id}", silenceId);
    } else if (p.startsWith("/api/v1/quality-monitors/")) {
      p = p.replace("{name}", ALPHA_MONITOR);
    } else if (p.startsWith("/api/v1/kafka/topics/")) {
      p = p.replace("{topic}", "matrix-topic");
    } else if (p.startsWith("/api/v1/metric-groups/")) {
      p = p.replace("{name}", ALPHA_GROUP).replace("{version}", "1");
    } else if (p.startsWith("/api/v1/artifacts/")) {
      p = p.replace("{name}", ALPHA_ARTIFACT).replace("{version}", "1");
    } else if (p.startsWith("/api/v1/functions/")) {
      p = p.replace("{name}", ALPHA_FUNCTION);
    } else if (p.startsWith("/api/v1/datasources/")) {
      p = p.replace("{id}", ALPHA_DATASOURCE).replace("{table}", "public.orders");
    } else if (p.startsWith("/api/v1/grants/")) {
      p = p.replace("{id}", Long.toString(grantId));
    }
    return p;
  }

  /** A value for a required query parameter: versions 1, the dataset of the caller's project. */
  private static String queryValue(String name, String dataset) {
    return switch (name) {
      case "from", "to" -> "1";
      case "dataset" -> dataset;
      case "column" -> "n";
      default -> null;
    };
  }

  record Mismatch(String operation, String caller, Expected expected, int got, String detail) {}

  @Test
  void everyOperationAnswersEachCallerAsTheContractSays() throws Exception {
    setUp();

    JsonNode openapi = send("GET", "/api/v1/openapi", null, null, null, Map.of()).body();
    Map<String, JsonNode> documented = operations(openapi);
    assertThat(documented).as("operations of the OpenAPI document").isNotEmpty();
    Map<String, Op> table = new LinkedHashMap<>();
    for (Op op : rules()) {
      assertThat(table.put(op.key(), op)).as("rule listed twice: " + op.key()).isNull();
    }
    List<String> problems = new ArrayList<>();
    for (String key : documented.keySet()) {
      if (!table.containsKey(key)) {
        problems.add("The OpenAPI document has " + key + ", which the matrix has no rule for");
      }
    }
    for (String key : table.keySet()) {
      if (!documented.containsKey(key)) {
        problems.add("The matrix has a rule for " + key + ", which the OpenAPI document lacks");
      }
    }

    List<String> leaks = crossProjectReads(documented, problems);

    // Changes last: every DELETE after everything else, in the order of the table.
    List<Op> ordered = new ArrayList<>();
    for (Op op : table.values()) {
      if (documented.containsKey(op.key()) && !op.method().equals("DELETE")) {
        ordered.add(op);
      }
    }
    for (Op op : table.values()) {
      if (documented.containsKey(op.key()) && op.method().equals("DELETE")) {
        ordered.add(op);
      }
    }

    List<Mismatch> mismatches = new ArrayList<>();
    int checks = 0;
    for (Op op : ordered) {
      String path = fill(op.path());
      if (PARAM.matcher(path).find()) {
        problems.add("No value for the path parameters of " + op.key());
        continue;
      }
      String query = requiredQuery(documented.get(op.key()), alphaDataset, op.key(), problems);
      if (op.query() != null) {
        query = query.isEmpty() ? op.query() : query + "&" + op.query();
      }
      String url = query.isEmpty() ? path : path + "?" + query;
      List<Caller> denied = new ArrayList<>();
      List<Caller> allowed = new ArrayList<>();
      for (Caller c : Caller.values()) {
        (op.rule().expected(c) == Expected.ALLOWED ? allowed : denied).add(c);
      }
      List<Caller> callers = new ArrayList<>(denied);
      callers.addAll(allowed);
      StringBuilder answers = new StringBuilder(op.key() + " [" + op.rule() + "]:");
      for (Caller c : callers) {
        Expected expected = op.rule().expected(c);
        String target = url;
        if (expected == Expected.ALLOWED && op.restore() != null) {
          op.restore().run();
          // What the restore recreated may have a new id (a silence does).
          String again = fill(op.path());
          target = query.isEmpty() ? again : again + "?" + query;
        }
        Http.Response r =
            send(op.method(), target, tokens.get(c), op.contentType(), op.body(), Map.of());
        checks++;
        answers.append(' ').append(c.label()).append('=').append(r.status());
        if (!expected.matches(r.status())) {
          mismatches.add(new Mismatch(op.key(), c.label(), expected, r.status(), detail(r)));
        } else if (expected != Expected.ALLOWED && !r.contentType().startsWith(PROBLEM)) {
          mismatches.add(
              new Mismatch(
                  op.key(),
                  c.label(),
                  expected,
                  r.status(),
                  "not " + PROBLEM + " but '" + r.contentType() + "'"));
        }
      }
      // What every caller got, for whoever reads the test's output.
      System.out.println(answers);
      checks += ownThings(op, mismatches);
    }
    stopTheMetricGroupJob();

    System.out.printf(
        "AuthorizationMatrixIT: %d operations x %d callers, %d checks, %d mismatches,"
            + " %d cross-project reads, %d table problems%n",
        ordered.size(),
        Caller.values().length,
        checks,
        mismatches.size(),
        leaks.size(),
        problems.size());
    StringBuilder report = new StringBuilder();
    if (!problems.isEmpty()) {
      report.append("\nTable and document:\n");
      problems.forEach(p -> report.append("  ").append(p).append('\n'));
    }
    if (!mismatches.isEmpty()) {
      report.append(
          String.format(
              "%nMismatches (%d of %d checks):%n  %-58s %-16s %-30s %-4s %s%n",
              mismatches.size(), checks, "operation", "caller", "expected", "got", "detail"));
      for (Mismatch m : mismatches) {
        report.append(
            String.format(
                "  %-58s %-16s %-30s %-4d %s%n",
                m.operation(), m.caller(), m.expected(), m.got(), m.detail()));
      }
    }
    if (!leaks.isEmpty()) {
      report.append("\nCross-project reads:\n");
      leaks.forEach(l -> report.append("  ").append(l).append('\n'));
    }
    assertThat(report.toString()).as("the authorization matrix").isEmpty();
  }

  /**
   * The operations on a caller's own user or token, which the matrix calls on matrix-victim's: each
   * caller may change its own password (the empty body is refused after the check) and revoke a
   * token of its own.
   */
  private int ownThings(Op op, List<Mismatch> mismatches) {
    int checks = 0;
    for (Caller c : Caller.values()) {
      if (c.anonymous()) {
        continue;
      }
      Http.Response r;
      if (op.rule() == Rule.SELF_OR_ADMIN) {
        r = send("PUT", op.path().replace("{username}", c.username), tokens.get(c), "{}");
      } else if (op.rule() == Rule.OWN_TOKEN) {
        Http.Response own =
            send("POST", "/api/v1/tokens", tokens.get(c), write(Map.of("name", "throwaway")));
        assertThat(own.status()).as(own.raw()).isEqualTo(201);
        r =
            send(
                "DELETE",
                op.path().replace("{id}", own.body().path("id").asText()),
                tokens.get(c),
                null);
      } else {
        continue;
      }
      checks++;
      if (!Expected.ALLOWED.matches(r.status())) {
        mismatches.add(
            new Mismatch(op.key() + " (own)", c.label(), Expected.ALLOWED, r.status(), detail(r)));
      }
    }
    return checks;
  }

  /**
   * Every list (a GET without path parameters) as beta's owner shows nothing of alpha, and as
   * alpha's owner nothing of beta; the lineage walks start from a dataset of the caller's own
   * project.
   */
  private List<String> crossProjectReads(Map<String, JsonNode> documented, List<String> problems) {
    List<String> alphaNames =
        List.of(
            ALPHA_JOB,
            ALPHA_LINEAGE_JOB,
            ALPHA_SECRET,
            ALPHA_GROUP,
            runId,
            ALPHA_CHANNEL,
            ALPHA_RULE,
            ALPHA_MONITOR,
            ALPHA_ARTIFACT,
            ALPHA_FUNCTION,
            ALPHA_DATASOURCE);
    List<String> betaNames = List.of(BETA_JOB, BETA_SECRET);
    // The lists do show each owner its own project's things: the searches below can find names.
    Map<String, List<String>> own =
        new LinkedHashMap<>(
            Map.of(
                "/api/v1/jobs", List.of(ALPHA_JOB, ALPHA_LINEAGE_JOB),
                "/api/v1/secrets", List.of(ALPHA_SECRET),
                "/api/v1/debug-runs", List.of(runId),
                "/api/v1/metric-groups", List.of(ALPHA_GROUP),
                "/api/v1/channels", List.of(ALPHA_CHANNEL),
                "/api/v1/alert-rules", List.of(ALPHA_RULE),
                "/api/v1/quality-monitors", List.of(ALPHA_MONITOR),
                "/api/v1/artifacts", List.of(ALPHA_ARTIFACT),
                "/api/v1/functions", List.of(ALPHA_FUNCTION),
                "/api/v1/grants", List.of(ALPHA_FUNCTION)));
    own.put("/api/v1/datasources", List.of(ALPHA_DATASOURCE));
    own.forEach(
        (path, names) -> {
          Http.Response r = send("GET", path, tokens.get(Caller.ALPHA_OWNER), null);
          assertThat(r.status()).as(r.raw()).isEqualTo(200);
          assertThat(r.raw()).as(path + " as alpha's owner").contains(names);
        });
    for (String path : List.of("/api/v1/jobs", "/api/v1/secrets")) {
      Http.Response r = send("GET", path, tokens.get(Caller.BETA_OWNER), null);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.raw())
          .as(path + " as beta's owner")
          .contains(path.endsWith("jobs") ? BETA_JOB : BETA_SECRET);
    }

    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : documented.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("GET ") || key.contains("{")) {
        continue;
      }
      String path = key.substring(4);
      for (Caller c : List.of(Caller.BETA_OWNER, Caller.ALPHA_OWNER)) {
        boolean beta = c == Caller.BETA_OWNER;
        String query =
            requiredQuery(e.getValue(), beta ? betaDataset : alphaDataset, key, problems);
        Http.Response r =
            send("GET", query.isEmpty() ? path : path + "?" + query, tokens.get(c), null);
        for (String name : beta ? alphaNames : betaNames) {
          if (r.raw().contains(name)) {
            leaks.add(
                key
                    + " as "
                    + c.label()
                    + " ("
                    + r.status()
                    + ") shows '"
                    + name
                    + "': "
                    + detail(r));
          }
        }
      }
    }
    return leaks;
  }

  /** The required query parameters of an operation with values, as a query string. */
  private static String requiredQuery(
      JsonNode operation, String dataset, String key, List<String> problems) {
    List<String> parts = new ArrayList<>();
    for (JsonNode p : operation.path("parameters")) {
      if (!p.path("in").asText().equals("query") || !p.path("required").asBoolean()) {
        continue;
      }
      String name = p.path("name").asText();
      String value = queryValue(name, dataset);
      if (value == null) {
        problems.add("No value for the required query parameter '" + name + "' of " + key);
      } else {
        parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return String.join("&", parts);
  }

  /** (method, path) of every operation in the document, in its order. */
  private static Map<String, JsonNode> operations(JsonNode openapi) {
    Set<String> methods =
        Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    Map<String, JsonNode> ops = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> m = it.next();
        if (methods.contains(m.getKey())) {
          ops.put(
              m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), m.getValue());
        }
      }
    }
    return ops;
  }

  // ---------------------------------------------------------------------------------------------
  // Setup: projects, users with their tokens, and the things the operations are called on.

  private void setUp() {
    tokens.put(Caller.ADMIN, platform.adminToken());
    for (String project : List.of(ALPHA, BETA)) {
      expect(
          201,
          adminCall(
              "POST",
              "/api/v1/projects",
              Map.of("name", project, "description", "matrix " + project)));
    }
    for (Caller c : Caller.values()) {
      if (c.anonymous() || c == Caller.ADMIN) {
        continue;
      }
      createUser(c.username);
      if (c.alphaRole != null) {
        grant(ALPHA, c.username, c.alphaRole.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    grant(BETA, Caller.BETA_OWNER.username, "owner");
    createUser(VICTIM);
    for (Caller c : Caller.values()) {
      if (!c.anonymous() && c != Caller.ADMIN) {
        tokens.put(c, tokenByLogin(c.username).path("token").asText());
      }
    }
    victimTokenId = tokenByLogin(VICTIM).path("id").asLong();
    tokens.put(Caller.EXPIRED_TOKEN, expiredToken());
    tokens.put(Caller.REVOKED_TOKEN, revokedToken());

    // Alpha: a job that cannot be deployed, one whose lineage is known, a secret, a metric group
    // and a debug run on samples.
    jobId =
        createJob(
            ALPHA,
            ALPHA_JOB,
            """
            CREATE TABLE alpha_sink (n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO alpha_sink SELECT n FROM alpha_undefined;
            """);
    alphaDataset = sourceDataset(createJob(ALPHA, ALPHA_LINEAGE_JOB, lineageScript("alpha")));
    ensureAlphaSecret();
    ensureAlphaChannel();
    ensureAlphaMonitor();
    ensureAlphaRule();
    ensureAlphaSilence();
    createMetricGroup();
    startDebugRun();
    ensureAlphaGrant();
    ensureAlphaDatasource();
    // Beta: a job and a secret.
    betaDataset = sourceDataset(createJob(BETA, BETA_JOB, lineageScript("beta")));
    expect(
        201,
        adminCall(
            "POST",
            "/api/v1/secrets",
            Map.of("name", BETA_SECRET, "value", "beta-" + random(), "project", BETA)));
    Http.Response clusters = expect(200, adminCall("GET", "/api/v1/clusters", null));
    clusterId = clusters.body().get(0).path("id").asLong();
  }

  private static String lineageScript(String prefix) {
    return """
        CREATE TABLE %1$s_ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
        CREATE TABLE %1$s_out (n BIGINT) WITH ('connector' = 'blackhole');
        INSERT INTO %1$s_out SELECT n FROM %1$s_ticks;
        """
        .formatted(prefix);
  }

  private void createUser(String username) {
    Http.Response r =
        adminCall("POST", "/api/v1/users", Map.of("username", username, "password", password));
    expect(201, r);
    assertThat(r.body().path("username").asText()).isEqualTo(username);
    // Chosen, so not returned.
    assertThat(r.body().has("password") && !r.body().path("password").isNull()).isFalse();
  }

  private void grant(String project, String username, String role) {
    Http.Response r =
        adminCall(
            "PUT", "/api/v1/projects/" + project + "/members/" + username, Map.of("role", role));
    expect(200, r);
    assertThat(r.body().path("role").asText()).isEqualTo(role);
  }

  private long createJob(String project, String name, String script) {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/jobs",
            Map.of("name", name, "type", "SQL", "script", script, "project", project));
    expect(201, r);
    assertThat(r.body().path("project").asText()).isEqualTo(project);
    return r.body().path("id").asLong();
  }

  /** The first source of a job's lineage, a dataset only that job reads. */
  private String sourceDataset(long job) {
    Http.Response r = expect(200, adminCall("GET", "/api/v1/jobs/" + job + "/lineage", null));
    String dataset = r.body().path("statements").get(0).path("sources").get(0).asText();
    assertThat(dataset).as(r.raw()).endsWith("_ticks");
    return dataset;
  }

  private void ensureAlphaSecret() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/secrets",
            Map.of("name", ALPHA_SECRET, "value", "alpha-" + random(), "project", ALPHA));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  /** A data source body of alpha on a closed port of this machine. */
  private static Map<String, Object> datasource(String name, String type) {
    return Map.of(
        "name",
        name,
        "project",
        ALPHA,
        "type",
        type,
        "host",
        "localhost",
        "port",
        1,
        "database",
        "orders",
        "username",
        "reader");
  }

  private void ensureAlphaDatasource() {
    Http.Response r =
        adminCall("POST", "/api/v1/datasources", datasource(ALPHA_DATASOURCE, "postgresql"));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  /** A webhook channel of alpha to nowhere that answers (its test sends fail, and are recorded). */
  private void ensureAlphaChannel() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/channels",
            Map.of(
                "name",
                ALPHA_CHANNEL,
                "type",
                "webhook",
                "url",
                "http://127.0.0.1:9/hook",
                "project",
                ALPHA));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  /** A monitor of alpha on a topic with a schema of its own (never deployed). */
  private void ensureAlphaMonitor() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/quality-monitors",
            Map.of(
                "name",
                ALPHA_MONITOR,
                "project",
                ALPHA,
                "source",
                Map.of("kafka", Map.of("topic", "alpha-quality")),
                "schema",
                List.of(
                    Map.of("name", "n", "type", "BIGINT"),
                    Map.of("name", "ts", "type", "TIMESTAMP(3)")),
                "eventTime",
                "ts",
                "checks",
                List.of(Map.of("type", "null_ratio", "column", "n"))));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  private void ensureAlphaRule() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/alert-rules",
            Map.of(
                "name",
                ALPHA_RULE,
                "job",
                ALPHA_JOB,
                "project",
                ALPHA,
                "for",
                "20s",
                "severity",
                "P1",
                "conditions",
                List.of(Map.of("metric", "input_rate", "op", "<", "value", 1000)),
                "channels",
                List.of(ALPHA_CHANNEL)));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  /** A UDF library in alpha, a function registered from it, and a grant on the function. */
  private void ensureAlphaArtifact() {
    Http.Response versions =
        send(
            "GET",
            "/api/v1/artifacts/" + ALPHA_ARTIFACT + "/versions",
            tokens.get(Caller.ADMIN),
            null);
    if (versions.status() == 200) {
      return;
    }
    byte[] jar =
        UdfJars.build(
            platform.dataDir.resolve("matrix-udf"),
            Map.of(
                "com.acme.matrix.Same",
                """
                package com.acme.matrix;
                public class Same extends org.apache.flink.table.functions.ScalarFunction {
                  public String eval(String s) { return s; }
                }
                """),
            null);
    Http.Response r =
        platform.http.postMultipart(
            "/api/v1/artifacts",
            Map.of("name", ALPHA_ARTIFACT, "project", ALPHA),
            ALPHA_ARTIFACT + ".jar",
            jar);
    expect(201, r);
  }

  private void ensureAlphaFunction() {
    ensureAlphaArtifact();
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/functions",
            Map.of(
                "name",
                ALPHA_FUNCTION,
                "artifact",
                ALPHA_ARTIFACT,
                "version",
                1,
                "className",
                "com.acme.matrix.Same"));
    assertThat(r.status()).as(r.raw()).isIn(201, 409);
  }

  private void ensureAlphaGrant() {
    ensureAlphaFunction();
    Http.Response r =
        adminCall("POST", "/api/v1/grants", Map.of("function", ALPHA_FUNCTION, "user", VICTIM));
    assertThat(r.status()).as(r.raw()).isIn(200, 201);
    grantId = r.body().path("id").asLong();
  }

  private void ensureAlphaSilence() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/silences",
            Map.of(
                "project", ALPHA,
                "matchers", Map.of("job", ALPHA_JOB),
                "startsAt", java.time.Instant.now().toString(),
                "endsAt", java.time.Instant.now().plusSeconds(3600).toString(),
                "comment", "matrix"));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    silenceId = r.body().path("id").asText();
  }

  private void createMetricGroup() {
    String bootstrap = platform.kafkaBootstrap();
    String definition =
        """
        name: %1$s
        sources:
          - name: events
            kafka: {topic: matrix.alpha_events, bootstrapServers: "%2$s"}
            fields:
              - {name: merchant_id, path: $.merchant.id, type: STRING}
              - {name: ts, path: $.ts, type: BIGINT}
        eventTime: {field: ts, lateness: 5s}
        keys: [merchant_id]
        metrics:
          - {name: tx, aggregation: count, windows: [{type: tumble, size: 1min}]}
        sinks:
          - {type: kafka, bootstrapServers: "%2$s", topic: matrix.alpha_metrics}
        """
            .formatted(ALPHA_GROUP, bootstrap);
    Http.Response r =
        send(
            "POST",
            "/api/v1/metric-groups?project=" + ALPHA,
            tokens.get(Caller.ADMIN),
            "application/yaml",
            definition,
            Map.of());
    expect(201, r);
    assertThat(r.body().path("project").asText()).isEqualTo(ALPHA);
  }

  private void startDebugRun() {
    Http.Response r =
        adminCall(
            "POST",
            "/api/v1/debug-runs",
            Map.of(
                "project",
                ALPHA,
                "script",
                """
                CREATE TABLE src (n BIGINT) WITH ('connector' = 'datagen');
                CREATE TABLE snk (n BIGINT) WITH ('connector' = 'blackhole');
                -- @name: copy
                INSERT INTO snk SELECT n FROM src;
                """,
                "samples",
                Map.of(
                    "src",
                    Map.of("format", "json", "rows", List.of(Map.of("n", 1), Map.of("n", 2)))),
                "maxSeconds",
                30));
    expect(201, r);
    assertThat(r.body().path("project").asText()).isEqualTo(ALPHA);
    runId = r.body().path("id").asText();
    step = r.body().path("steps").get(0).path("name").asText();
    assertThat(step).isEqualTo("copy");
    // Let it end, so that the cluster is calm and the run's state no longer changes.
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonNode run = r.body();
    while (run.path("status").asText().equals("RUNNING") && Instant.now().isBefore(deadline)) {
      Platform.sleep(300);
      run = expect(200, adminCall("GET", "/api/v1/debug-runs/" + runId, null)).body();
    }
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FINISHED");
  }

  /**
   * Logs in with the password (a session cookie), checks that the session cannot create a token
   * without the CSRF header, and creates one with it.
   */
  private JsonNode tokenByLogin(String username) {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Http.Response login =
        exchange(
            browser,
            "POST",
            "/api/v1/auth/login",
            null,
            "application/json",
            write(Map.of("username", username, "password", password)),
            Map.of());
    expect(200, login);
    assertThat(login.body().path("username").asText()).isEqualTo(username);
    Http.Response me = exchange(browser, "GET", "/api/v1/auth/me", null, null, null, Map.of());
    expect(200, me);
    assertThat(me.body().path("username").asText()).isEqualTo(username);
    assertThat(me.body().path("token").isNull()).as(me.raw()).isTrue();
    String xsrf =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no XSRF-TOKEN cookie after logging in: "
                            + cookies.getCookieStore().getCookies()));
    String body = write(Map.of("name", "matrix " + username));
    Http.Response withoutCsrf =
        exchange(browser, "POST", "/api/v1/tokens", null, "application/json", body, Map.of());
    assertThat(withoutCsrf.status())
        .as("a session's change without the CSRF header: " + withoutCsrf.raw())
        .isEqualTo(403);
    Http.Response created =
        exchange(
            browser,
            "POST",
            "/api/v1/tokens",
            null,
            "application/json",
            body,
            Map.of("X-XSRF-TOKEN", xsrf));
    expect(201, created);
    assertThat(created.body().path("username").asText()).isEqualTo(username);
    assertThat(created.body().path("revoked").asBoolean()).isFalse();
    assertThat(created.body().path("token").asText()).matches(TOKEN);
    return created.body();
  }

  private String expiredToken() {
    String owner = tokens.get(Caller.ALPHA_OWNER);
    Http.Response r =
        send(
            "POST",
            "/api/v1/tokens",
            owner,
            write(
                Map.of("name", "expiring", "expiresAt", Instant.now().plusSeconds(3).toString())));
    expect(201, r);
    String token = r.body().path("token").asText();
    expect(200, send("GET", "/api/v1/auth/me", token, null));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    int status = 200;
    while (status != 401 && Instant.now().isBefore(deadline)) {
      Platform.sleep(200);
      status = send("GET", "/api/v1/auth/me", token, null).status();
    }
    assertThat(status).as("a token past its expiresAt").isEqualTo(401);
    return token;
  }

  private String revokedToken() {
    String owner = tokens.get(Caller.ALPHA_OWNER);
    Http.Response r = send("POST", "/api/v1/tokens", owner, write(Map.of("name", "revoked")));
    expect(201, r);
    String token = r.body().path("token").asText();
    expect(200, send("GET", "/api/v1/auth/me", token, null));
    expect(204, send("DELETE", "/api/v1/tokens/" + r.body().path("id").asText(), owner, null));
    expect(401, send("GET", "/api/v1/auth/me", token, null));
    return token;
  }

  /** The job the metric group's deploy started, stopped so that it holds no slot. */
  private void stopTheMetricGroupJob() {
    Http.Response r = adminCall("GET", "/api/v1/jobs?name=metrics." + ALPHA_GROUP, null);
    if (r.status() == 200 && r.body().size() == 1) {
      adminCall(
          "POST",
          "/api/v1/jobs/" + r.body().get(0).path("id").asText() + "/stop",
          Map.of("savepoint", false));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private Http.Response adminCall(String method, String path, Object body) {
    return send(method, path, tokens.get(Caller.ADMIN), body == null ? null : write(body));
  }

  private Http.Response send(String method, String path, String token, String jsonBody) {
    return send(
        method, path, token, jsonBody == null ? null : "application/json", jsonBody, Map.of());
  }

  private Http.Response send(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    return exchange(client, method, path, token, contentType, body, headers);
  }

  private Http.Response exchange(
      HttpClient with,
      String method,
      String path,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(3))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> r = with.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = r.body().isEmpty() ? Http.JSON.nullNode() : Http.JSON.readTree(r.body());
      } catch (IOException e) {
        json = Http.JSON.nullNode();
      }
      return new Http.Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Http.Response expect(int status, Http.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    return r;
  }

  /** What a problem says (its detail), or the start of the body. */
  private static String detail(Http.Response r) {
    String text =
        r.body().hasNonNull("detail")
            ? r.body().path("detail").asText()
            : r.raw().replaceAll("\\s+", " ");
    return text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }

  private static String write(Object json) {
    try {
      return Http.JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String random() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
