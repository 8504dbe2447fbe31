package dev.sluice.engine.flink.compile;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.planner.delegation.PlannerBase;
import org.apache.flink.table.planner.plan.nodes.exec.ExecNodeGraph;
import org.apache.flink.table.planner.plan.nodes.exec.utils.ExecNodePlanDumper;
import org.apache.flink.table.planner.plan.utils.FlinkRelOptUtil$;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A script's INSERTs planned once, keeping each of Flink's stages: the logical plans (what lineage
 * reads), the optimized physical plans, the exec node graph and the transformations. The plan text
 * is written from these same stages, so explaining a compiled job does not plan it a second time,
 * as {@code TableEnvironment.explainSql} would.
 *
 * @param logical one logical plan per INSERT, in order
 * @param transformations one sink transformation per INSERT, in order
 * @param planText the abstract syntax tree, the optimized physical plan and the execution plan
 */
record PlannedScript(
    List<RelNode> logical, List<Transformation<?>> transformations, String planText) {

  /** Plans the INSERTs together, the way {@code PlannerBase.translate} does. */
  static PlannedScript plan(PlannerBase planner, List<ModifyOperation> inserts) {
    planner.beforeTranslation();
    try {
      List<RelNode> logical = new ArrayList<>();
      for (ModifyOperation insert : inserts) {
        logical.add(planner.translateToRel(insert));
      }
      Seq<RelNode> optimized = planner.optimize(JavaConverters.asScalaBuffer(logical).toSeq());
      ExecNodeGraph execGraph = planner.translateToExecNodeGraph(optimized, false);
      List<Transformation<?>> transformations = planner.translateToPlan(execGraph);
      return new PlannedScript(
          List.copyOf(logical), transformations, planText(logical, optimized, execGraph));
    } finally {
      planner.afterTranslation();
    }
  }

  /** The text {@code EXPLAIN} prints, from the stages already computed. */
  private static String planText(
      List<RelNode> logical, Seq<RelNode> optimized, ExecNodeGraph execGraph) {
    String nl = System.lineSeparator();
    StringBuilder text = new StringBuilder("== Abstract Syntax Tree ==").append(nl);
    for (RelNode rel : logical) {
      text.append(relText(rel, SqlExplainLevel.EXPPLAN_ATTRIBUTES)).append(nl);
    }
    text.append("== Optimized Physical Plan ==").append(nl);
    for (RelNode rel : JavaConverters.seqAsJavaList(optimized)) {
      text.append(relText(rel, SqlExplainLevel.DIGEST_ATTRIBUTES)).append(nl);
    }
    text.append("== Optimized Execution Plan ==").append(nl);
    text.append(ExecNodePlanDumper.dagToString(execGraph));
    return text.toString();
  }

  /** One plan as Flink's explain writes it (its defaults; no changelog traits). */
  private static String relText(RelNode rel, SqlExplainLevel level) {
    var util = FlinkRelOptUtil$.MODULE$;
    return util.toString(
        rel,
        level,
        util.toString$default$3(),
        false,
        util.toString$default$5(),
        util.toString$default$6(),
        util.toString$default$7());
  }
}
