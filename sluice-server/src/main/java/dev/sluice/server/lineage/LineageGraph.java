package dev.sluice.server.lineage;

import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lineage of many jobs joined at shared datasets: job A writing a topic and job B reading it meet
 * at the topic's dataset id. Column edges run from a source column to a sink column (INDIRECT ones
 * for the columns that only decide rows); dataset edges from each source of a statement to its
 * sink. Nested source columns ({@code payload.card}) belong to their parent ({@code payload}).
 */
public final class LineageGraph {
  /** The most hops a query walks. */
  public static final int MAX_DEPTH = 50;

  /** One job's current version and its lineage. */
  public record JobLineage(String job, int version, Lineage lineage) {}

  /** A step from a source (column) to a sink (column) made by one statement of one job. */
  public record Edge(
      String fromDataset,
      String fromColumn,
      String toDataset,
      String toColumn,
      String job,
      int version,
      int statement,
      ColumnOrigin.Type type,
      ColumnOrigin.Subtype subtype,
      int distance) {}

  /** A dataset and the jobs that write and read it. */
  public record DatasetView(Dataset dataset, Set<String> writers, Set<String> readers) {}

  /** What a walk up or down from a dataset (or one of its columns) found. */
  public record Walk(
      String dataset,
      String column,
      String direction,
      int depth,
      List<DatasetView> datasets,
      List<Edge> edges) {}

  /** The jobs and sink columns that depend on a column, directly or through other jobs. */
  public record Impact(String dataset, String column, Set<String> jobs, List<Edge> sinkColumns) {}

  private final List<JobLineage> jobs;
  private final Map<String, DatasetView> datasets = new LinkedHashMap<>();
  private final List<Edge> columnEdges = new ArrayList<>();
  private final List<Edge> datasetEdges = new ArrayList<>();

  public LineageGraph(List<JobLineage> jobs) {
    this.jobs = List.copyOf(jobs);
    for (JobLineage job : jobs) {
      for (Dataset d : job.lineage().datasets()) {
        datasets.putIfAbsent(d.id(), new DatasetView(d, new TreeSet<>(), new TreeSet<>()));
      }
      for (StatementLineage s : job.lineage().statements()) {
        datasets.get(s.sink()).writers().add(job.job());
        for (String source : s.sources()) {
          datasets.get(source).readers().add(job.job());
          datasetEdges.add(
              new Edge(
                  source,
                  null,
                  s.sink(),
                  null,
                  job.job(),
                  job.version(),
                  s.statement(),
                  null,
                  null,
                  0));
        }
        for (ColumnLineage c : s.columns()) {
          for (ColumnOrigin o : c.origins()) {
            columnEdges.add(edge(o, s, c.column(), job));
          }
          for (ColumnOrigin o : s.conditions()) {
            columnEdges.add(edge(o, s, c.column(), job));
          }
        }
      }
    }
  }

  private static Edge edge(ColumnOrigin o, StatementLineage s, String column, JobLineage job) {
    return new Edge(
        o.dataset(),
        o.column(),
        s.sink(),
        column,
        job.job(),
        job.version(),
        s.statement(),
        o.type(),
        o.subtype(),
        0);
  }

  public List<JobLineage> jobs() {
    return jobs;
  }

  public List<DatasetView> datasets() {
    return List.copyOf(datasets.values());
  }

  public boolean hasDataset(String id) {
    return datasets.containsKey(id);
  }

  /** Everything downstream of a dataset, or of one of its columns, up to {@code depth} hops. */
  public Walk downstream(String dataset, String column, int depth) {
    return walk(dataset, column, depth, true);
  }

  /** Everything upstream of a dataset, or of one of its columns, up to {@code depth} hops. */
  public Walk upstream(String dataset, String column, int depth) {
    return walk(dataset, column, depth, false);
  }

  /** The sink columns, in any job, whose value or rows depend on a column. */
  public Impact impact(String dataset, String column) {
    Walk walk = downstream(dataset, column, MAX_DEPTH);
    Set<String> jobs = new TreeSet<>();
    walk.edges().forEach(e -> jobs.add(e.job()));
    return new Impact(dataset, column, jobs, walk.edges());
  }

  private Walk walk(String dataset, String column, int depth, boolean down) {
    int limit = Math.max(1, Math.min(depth, MAX_DEPTH));
    List<Edge> edges = column == null ? datasetEdges : columnEdges;
    List<Edge> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> reached = new LinkedHashSet<>();
    reached.add(dataset);
    Deque<String[]> frontier = new ArrayDeque<>();
    frontier.add(new String[] {dataset, column});
    seen.add(dataset + "\u0000" + column);
    for (int distance = 1; distance <= limit && !frontier.isEmpty(); distance++) {
      Deque<String[]> next = new ArrayDeque<>();
      for (String[] node : frontier) {
        for (Edge e : edges) {
          boolean matches =
              down
                  ? e.fromDataset().equals(node[0]) && within(e.fromColumn(), node[1])
                  : e.toDataset().equals(node[0]) && within(node[1], e.toColumn());
          if (!matches) {
            continue;
          }
          found.add(
              new Edge(
                  e.fromDataset(),
                  e.fromColumn(),
                  e.toDataset(),
                  e.toColumn(),
                  e.job(),
                  e.version(),
                  e.statement(),
                  e.type(),
                  e.subtype(),
                  distance));
          String[] other =
              down
                  ? new String[] {e.toDataset(), e.toColumn()}
                  : new String[] {e.fromDataset(), e.fromColumn()};
          reached.add(other[0]);
          if (seen.add(other[0] + "\u0000" + other[1])) {
            next.add(other);
          }
        }
      }
      frontier = next;
    }
    List<DatasetView> views = new ArrayList<>();
    for (String id : reached) {
      if (datasets.containsKey(id)) {
        views.add(datasets.get(id));
      }
    }
    return new Walk(dataset, column, down ? "downstream" : "upstream", limit, views, found);
  }

  /** Whether {@code column} is {@code ancestor} or nested in it; null ancestors hold everything. */
  private static boolean within(String column, String ancestor) {
    return ancestor == null
        || column == null
        || column.equals(ancestor)
        || column.startsWith(ancestor + ".");
  }
}
