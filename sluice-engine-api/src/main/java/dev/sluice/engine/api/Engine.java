package dev.sluice.engine.api;

import dev.sluice.engine.api.artifacts.ArtifactScan;
import dev.sluice.engine.api.artifacts.JarProgram;
import dev.sluice.engine.api.assist.DeclaredTable;
import dev.sluice.engine.api.assist.SqlLanguage;
import dev.sluice.engine.api.debug.DebugJob;
import dev.sluice.engine.api.debug.DebugRequest;
import dev.sluice.engine.api.lineage.Lineage;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine line (for example Flink 1.20), loaded by the server from its own directory through an
 * isolated classloader. Implementations are thread-safe: several users may validate or deploy at
 * once.
 */
public interface Engine extends AutoCloseable {

  /** The engine line and version, for example {@code flink-1.20.3}. */
  String version();

  /** Splits the script into statements, validates each one and reports every problem found. */
  ValidationResult validate(CompileRequest request);

  /**
   * The keywords, functions and connector and format options of this engine, for completion in an
   * editor; the same for every caller, computed once.
   */
  SqlLanguage language();

  /**
   * The tables and views the script declares, in order, and those of the catalogs it can see. Runs
   * the statements one by one as {@link #validate} does, under the same sandbox, and never executes
   * a query: a statement that fails is skipped, so a partly broken script still lists the tables of
   * its other statements.
   */
  List<DeclaredTable> tables(CompileRequest request);

  /**
   * Compiles the script and returns its operator graph and the planner's plan text.
   *
   * @throws ScriptException when the script does not validate
   */
  ExplainResult explain(CompileRequest request);

  /**
   * Column-level lineage of every INSERT of the script, with the datasets it reads and writes and
   * the functions each statement calls.
   *
   * @throws ScriptException when the script does not validate (lineage of a broken script is never
   *     passed off as whole)
   */
  Lineage lineage(CompileRequest request);

  /**
   * Compiles the script to a job graph with the given Flink job id, attaching the connector jars
   * the job needs and, if given, the savepoint to restore from (never allowing state to be
   * dropped).
   *
   * @param jobId the Flink job id (32 lower-case hex digits), chosen by the caller so that it can
   *     be recorded before submission and an interrupted submission is never repeated
   * @param restorePath savepoint or checkpoint to restore from, or null
   * @throws ScriptException when the script does not compile
   * @throws IllegalArgumentException when the restore path holds no savepoint
   */
  CompiledJob compile(CompileRequest request, String jobId, String restorePath);

  /**
   * Compiles a debug job of the script: each view, CTE and INSERT query gets a tap posting its rows
   * to {@code request.tapUrl()}; INSERT targets are not written; sampled sources replay the given
   * rows.
   *
   * @throws ScriptException when the script does not validate
   * @throws dev.sluice.engine.api.debug.SampleRowsException when sample rows do not fit
   */
  DebugJob debugJob(DebugRequest request, String jobId);

  /**
   * What a jar holds for Flink: its function classes with their SQL signatures, and its entry
   * classes. Reads the class files and compiles against signature stubs made from them: none of the
   * jar's code is loaded or run.
   *
   * @throws IllegalArgumentException when the file is not a jar
   */
  ArtifactScan scanArtifact(Path jar);

  /**
   * The job graph of a jar job's program, with the operators the restore plan names (by their uids)
   * and warnings about stateful operators without a uid in the plan text. The program's {@code
   * main} runs in a separate short-lived JVM, never in the server's.
   *
   * @throws ScriptException when the program does not build a job (its message as problem 0)
   */
  ExplainResult explainJar(JarProgram program);

  /**
   * Compiles a jar job's program to a job graph with the given Flink job id, its jar attached, as
   * {@link #compile} does for scripts.
   *
   * @throws ScriptException when the program does not build a job
   */
  CompiledJob compileJar(JarProgram program, String jobId, String restorePath);

  /**
   * Column lineage of a sync: per table, its source table's columns to its target's, as datasets
   * named as the SQL jobs' lineage names them, so that a job reading a sync's topic or table joins
   * it in the global graph.
   */
  Lineage syncLineage(dev.sluice.engine.api.sync.SyncProgram program);

  /**
   * The job graph of a sync job: its CDC source over all its tables, the split by table and each
   * table's sink, with the uids the restore plan names. Built in the engine from the connectors'
   * classes; nothing connects to the databases.
   *
   * @throws IllegalArgumentException when the program cannot be built (a type the source cannot
   *     read, a sink option the connector refuses)
   */
  ExplainResult explainSync(dev.sluice.engine.api.sync.SyncProgram program);

  /**
   * Compiles a sync job to a job graph with the given Flink job id, the CDC bundle of its source,
   * the bundles of its sinks and the sync's own operators attached, as {@link #compile} does for
   * scripts.
   */
  CompiledJob compileSync(
      dev.sluice.engine.api.sync.SyncProgram program, String jobId, String restorePath);

  /** Talks to a running session cluster by its REST address. */
  ClusterClient cluster(String restUrl);

  /** The local standalone session cluster this engine can start as child processes. */
  LocalCluster localCluster(LocalClusterSpec spec);

  @Override
  void close();
}
