package dev.sluice.engine.flink.state;

import dev.sluice.engine.flink.script.Statement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;

/**
 * Gives every transformation of a compiled script a uid that depends only on what the user wrote,
 * before the stream graph is built, so that editing one statement leaves the operator ids (and so
 * the savepoint state) of the others alone. Flink's default ids hash the whole graph's topology,
 * and its own uid generation counts ExecNodes JVM-wide; neither survives an edit.
 *
 * <ul>
 *   <li>a statement is identified by its {@code -- @name:} or else by its sink table and a digest
 *       of its canonical text (so reordering, prepending or editing siblings changes nothing, nor
 *       does re-casing keywords, re-formatting or commenting it);
 *   <li>a node only one statement reaches: the statement, the node's path from the statement's
 *       sink, and a digest of what the node does (its description without planner counters), so
 *       that a changed aggregate gets a new id while an added upstream filter does not disturb it;
 *   <li>a source: its table;
 *   <li>a node several statements share: what it does and the tables it reads, not which statement
 *       happened to reach it first.
 * </ul>
 */
public final class StableUids {
  private static final Pattern COUNTER = Pattern.compile("\\[\\d+\\]");
  private static final Pattern TABLE = Pattern.compile("table=\\[\\[([^\\]]+)\\]\\]");

  /** Bytes of a canonical statement digest; earlier versions digested the text in 6. */
  private static final int CANONICAL_BYTES = 8;

  /** What follows the sink table in an identity made by earlier versions. */
  private static final String LEGACY_DIGEST = "#[0-9a-f]{12}(?:~\\d+)?";

  /** {@code stmt:<statement identity>:<node digest>}, with {@code #n} for a repeated node. */
  private static final Pattern STATEMENT_UID =
      Pattern.compile("stmt:(.+):([0-9a-f]{12})(?:#\\d+)?");

  private StableUids() {}

  /** One INSERT: its statement, its sink table and the sink transformation the planner made. */
  public record StatementSink(Statement statement, String sinkTable, Transformation<?> sink) {}

  /**
   * Who a uid belongs to.
   *
   * @param uid the uid given
   * @param statementKey the owning statement's identity, {@code source:...} or {@code shared}
   * @param statement the owning statement's number in the script, 0 for sources and shared nodes
   * @param label how users know the statement: its name, or its sink table
   */
  public record Owner(String uid, String statementKey, int statement, String label) {}

  /** Sets the uids on the transformations (those without one) and returns their owners by uid. */
  public static Map<String, Owner> assign(List<StatementSink> sinks) {
    return assign(sinks, Set.of());
  }

  /**
   * As {@link #assign(List)}, keeping a uid an earlier deployment gave the same node: when a node
   * one statement had becomes shared with a new statement (the planner reuses common sub-plans), or
   * a shared node becomes one statement's again, it keeps its uid and so its state.
   */
  public static Map<String, Owner> assign(List<StatementSink> sinks, Set<String> known) {
    Map<Transformation<?>, Set<Integer>> reach = new IdentityHashMap<>();
    List<Transformation<?>> order = new ArrayList<>();
    for (int s = 0; s < sinks.size(); s++) {
      walk(sinks.get(s).sink(), s, reach, order);
    }
    List<Set<String>> plans = new ArrayList<>();
    sinks.forEach(sink -> plans.add(new TreeSet<>()));
    for (Transformation<?> t : order) {
      Set<Integer> by = reach.get(t);
      if (!(t instanceof PartitionTransformation<?>)
          && !t.getInputs().isEmpty()
          && by.size() == 1) {
        plans.get(by.iterator().next()).add(digest(description(t)));
      }
    }
    List<String> keys = statementKeys(sinks, plans, known);
    Map<String, Owner> owners = new LinkedHashMap<>();
    Map<String, Integer> taken = new HashMap<>();
    for (Transformation<?> t : order) {
      if (t instanceof PartitionTransformation<?>) {
        continue; // virtual: no operator, no state
      }
      Set<Integer> by = reach.get(t);
      String base;
      Owner owner;
      if (t.getInputs().isEmpty()) {
        String table = sourceIdentity(t);
        base = "source:" + table;
        owner = new Owner(null, "source:" + table, 0, table);
      } else {
        String what = digest(description(t));
        Set<String> tables = new TreeSet<>();
        upstreamTables(t, tables, new IdentityHashMap<>());
        String shared = "shared:" + digest(description(t) + tables);
        List<String> privateUids = new ArrayList<>();
        for (int s : by) {
          privateUids.add("stmt:" + keys.get(s) + ":" + what);
        }
        java.util.Collections.sort(privateUids);
        if (by.size() == 1) {
          int s = by.iterator().next();
          base =
              known.contains(shared) && !known.contains(privateUids.get(0))
                  ? shared
                  : privateUids.get(0);
          StatementSink sink = sinks.get(s);
          owner = new Owner(null, keys.get(s), sink.statement().number(), label(sink));
        } else {
          base =
              known.contains(shared)
                  ? shared
                  : privateUids.stream().filter(known::contains).findFirst().orElse(shared);
          owner = new Owner(null, "shared", 0, "shared by " + by.size() + " statements");
        }
      }
      int n = taken.merge(base, 1, Integer::sum);
      String uid = n == 1 ? base : base + "#" + n;
      if (t.getUid() == null) {
        t.setUid(uid);
      } else {
        uid = t.getUid();
      }
      owners.put(uid, new Owner(uid, owner.statementKey(), owner.statement(), owner.label()));
    }
    return owners;
  }

  /**
   * The identity of each statement: its given name, else its sink table and a digest of its
   * canonical text ({@link StatementIdentity}), so that edits that do not change its meaning keep
   * it. A statement that earlier deployments knew under another identity keeps that one:
   *
   * <ol>
   *   <li>the identity of Sluice versions that digested the statement's text without comments and
   *       white space, while that text is unchanged (upgrading Sluice costs no state);
   *   <li>else such an identity of a statement into the same sink whose own nodes are exactly this
   *       statement's nodes: the plan is the same, so the statement means the same however it is
   *       now written (a cosmetic edit after the upgrade). Sources are not a statement's own nodes,
   *       so a statement switched to another table of the same schema in its first edit after the
   *       upgrade would keep its state; canonical identities never match this way.
   * </ol>
   */
  static List<String> statementKeys(
      List<StatementSink> sinks, List<Set<String>> plans, Set<String> known) {
    Map<String, Set<String>> knownPlans = knownPlans(known);
    String[] keys = new String[sinks.size()];
    Set<String> claimed = new java.util.HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int s = 0; s < sinks.size(); s++) {
      StatementSink sink = sinks.get(s);
      Optional<String> name = sink.statement().name();
      String key;
      if (name.isPresent()) {
        key = name.get();
      } else {
        // 16 digits, where the text digest of earlier versions has 12: an identity tells how it
        // was made.
        String canonical =
            sink.sinkTable()
                + "#"
                + digest(StatementIdentity.canonicalText(sink.statement()), CANONICAL_BYTES);
        String legacy = sink.sinkTable() + "#" + digest(sink.statement().normalizedText());
        key =
            !knownPlans.containsKey(canonical) && knownPlans.containsKey(legacy)
                ? legacy
                : canonical;
      }
      int n = seen.merge(key, 1, Integer::sum);
      keys[s] = n == 1 ? key : key + "~" + n;
      if (knownPlans.containsKey(keys[s]) || name.isPresent()) {
        claimed.add(keys[s]);
      }
    }
    for (int s = 0; s < sinks.size(); s++) {
      if (claimed.contains(keys[s]) || plans.get(s).isEmpty()) {
        continue;
      }
      Pattern legacy = Pattern.compile(Pattern.quote(sinks.get(s).sinkTable()) + LEGACY_DIGEST);
      Set<String> plan = plans.get(s);
      List<String> same =
          knownPlans.entrySet().stream()
              .filter(e -> legacy.matcher(e.getKey()).matches() && !claimed.contains(e.getKey()))
              .filter(e -> e.getValue().equals(plan))
              .map(Map.Entry::getKey)
              .toList();
      if (same.size() == 1) {
        keys[s] = same.get(0);
        claimed.add(same.get(0));
      }
    }
    return List.of(keys);
  }

  /** Statement identity to the digests of its nodes, from the uids of earlier deployments. */
  private static Map<String, Set<String>> knownPlans(Set<String> known) {
    Map<String, Set<String>> plans = new HashMap<>();
    for (String uid : known) {
      Matcher m = STATEMENT_UID.matcher(uid);
      if (m.matches()) {
        plans.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    return plans;
  }

  private static String label(StatementSink sink) {
    String verb =
        sink.statement().kind() == dev.sluice.engine.flink.script.StatementKind.INSERT
            ? "INSERT INTO " + sink.sinkTable()
            : "CREATE TABLE " + sink.sinkTable() + " AS";
    return sink.statement().name().orElse(verb);
  }

  /** Records which statements reach each node, and every node once in traversal order. */
  private static void walk(
      Transformation<?> t,
      int statement,
      Map<Transformation<?>, Set<Integer>> reach,
      List<Transformation<?>> order) {
    Set<Integer> by = reach.computeIfAbsent(t, k -> new TreeSet<>());
    if (by.isEmpty()) {
      order.add(t); // first visit by any statement
    }
    if (!by.add(statement)) {
      return;
    }
    for (Transformation<?> input : t.getInputs()) {
      walk(input, statement, reach, order);
    }
  }

  private static void upstreamTables(
      Transformation<?> t, Set<String> tables, Map<Transformation<?>, Boolean> seen) {
    if (seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    if (t.getInputs().isEmpty()) {
      tables.add(sourceIdentity(t));
    }
    for (Transformation<?> input : t.getInputs()) {
      upstreamTables(input, tables, seen);
    }
  }

  static String sourceIdentity(Transformation<?> t) {
    Matcher m = TABLE.matcher(description(t));
    if (m.find()) {
      return m.group(1).replace(", ", ".");
    }
    return description(t);
  }

  /** What a transformation does, without the planner's JVM-wide counters. */
  static String description(Transformation<?> t) {
    String d = t.getDescription() != null ? t.getDescription() : t.getName();
    return COUNTER.matcher(d).replaceAll("");
  }

  static String digest(String text) {
    return digest(text, 6);
  }

  private static String digest(String text, int bytes) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
