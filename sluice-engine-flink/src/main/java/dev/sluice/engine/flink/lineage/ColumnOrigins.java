package dev.sluice.engine.flink.lineage;

import dev.sluice.engine.api.lineage.ColumnOrigin.Subtype;
import dev.sluice.engine.api.lineage.FunctionUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Match;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.planner.calcite.RexSetSemanticsTableCall;
import org.apache.flink.table.planner.functions.sql.SqlWindowTableFunction;
import org.apache.flink.table.planner.plan.nodes.calcite.WatermarkAssigner;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;

/**
 * Follows every output column of a logical plan (as the planner builds it from SQL, before
 * optimization) down to the source table columns it is made from, recording how: copied,
 * transformed, aggregated, and which columns only decide rows (filters, join conditions, group-by
 * keys, windows, sort keys). Calcite's {@code RelMdColumnOrigins} answers only "which columns" and
 * stops at watermarks, window table functions, correlates (UDTFs, UNNEST, lookup joins) and
 * MATCH_RECOGNIZE; this walks each of them.
 *
 * <p>One instance analyses one INSERT.
 */
final class ColumnOrigins {

  /** A column of a source table, by the table's identifier. */
  record SourceColumn(String table, String column) {}

  /** A source column and how an output depends on it. */
  record Origin(SourceColumn source, Subtype subtype) {}

  /** What is known about one output column. */
  static final class Col {
    final Map<SourceColumn, Subtype> origins = new LinkedHashMap<>();
    String expr;
    String unknown;
    boolean fromRows;

    Col(String expr) {
      this.expr = expr;
    }

    Col copy() {
      Col c = new Col(expr);
      c.origins.putAll(origins);
      c.unknown = unknown;
      c.fromRows = fromRows;
      return c;
    }

    /**
     * Adds an origin, a DIRECT one replacing an INDIRECT one and the stronger DIRECT one winning.
     */
    void add(SourceColumn source, Subtype subtype) {
      Subtype old = origins.get(source);
      if (old == null) {
        origins.put(source, subtype);
      } else if (isDirect(subtype) && (!isDirect(old) || subtype.ordinal() > old.ordinal())) {
        origins.put(source, subtype);
      }
    }

    /** Adds another column's origins, making DIRECT ones at least {@code least}. */
    void addAll(Col other, Subtype least) {
      other.origins.forEach((s, t) -> add(s, isDirect(t) ? stronger(t, least) : t));
      if (other.unknown != null && unknown == null) {
        unknown = other.unknown;
      }
      fromRows |= other.fromRows;
    }

    /**
     * Adds another column's origins as INDIRECT ones: DIRECT ones become the given subtype,
     * INDIRECT ones keep theirs (an OVER window's key stays a WINDOW dependency inside a CASE).
     */
    void addIndirect(Col other, Subtype subtype) {
      other.origins.forEach((s, t) -> add(s, isDirect(t) ? subtype : t));
      if (other.unknown != null && unknown == null) {
        unknown = other.unknown;
      }
    }
  }

  /** The columns of one plan node and the conditions that shaped its rows. */
  static final class Rows {
    final List<Col> cols;
    final Set<Origin> conditions = new LinkedHashSet<>();

    Rows(List<Col> cols) {
      this.cols = cols;
    }

    Rows withConditionsOf(Rows other) {
      conditions.addAll(other.conditions);
      return this;
    }

    void condition(Col col, Subtype subtype) {
      col.origins.keySet().forEach(s -> conditions.add(new Origin(s, subtype)));
    }
  }

  /** MATCH_RECOGNIZE functions that pick a row's value without changing it. */
  private static final Set<SqlKind> NAVIGATION =
      Set.of(
          SqlKind.FIRST, SqlKind.LAST, SqlKind.PREV, SqlKind.NEXT, SqlKind.FINAL, SqlKind.RUNNING);

  private final Map<CorrelationId, Rows> correlations = new HashMap<>();
  private final Map<String, ContextResolvedTable> sources = new LinkedHashMap<>();
  private final Functions functions = new Functions();

  /** The source tables met, by identifier, in first-use order. */
  Map<String, ContextResolvedTable> sources() {
    return sources;
  }

  List<FunctionUse> functions() {
    return functions.uses();
  }

  Rows visit(RelNode node) {
    if (node instanceof TableScan scan) {
      return scan(scan);
    }
    if (node instanceof WatermarkAssigner
        || node instanceof Snapshot && node.getInputs().size() == 1) {
      Rows in = visit(node.getInput(0));
      Rows out = copy(in);
      if (node instanceof Snapshot snapshot) {
        out.condition(rex(snapshot.getPeriod(), in), Subtype.JOIN);
      }
      return out;
    }
    if (node instanceof Project project) {
      Rows in = visit(project.getInput());
      project.getVariablesSet().forEach(id -> correlations.put(id, in));
      List<Col> cols = new ArrayList<>();
      for (RexNode e : project.getProjects()) {
        cols.add(rex(e, in));
      }
      return new Rows(cols).withConditionsOf(in);
    }
    if (node instanceof Filter filter) {
      Rows in = visit(filter.getInput());
      // A correlated subquery (EXISTS, IN) reads the filtered row through a variable.
      filter.getVariablesSet().forEach(id -> correlations.put(id, in));
      Rows out = copy(in);
      // A WHERE over a comma join holds the join's conditions: a conjunct reading both sides is
      // one of them (interval joins are usually written so).
      int leftWidth =
          filter.getInput() instanceof Join join && join.getJoinType() == JoinRelType.INNER
              ? join.getLeft().getRowType().getFieldCount()
              : -1;
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        boolean joins =
            usesCorrelation(conjunct) || leftWidth >= 0 && readsBothSides(conjunct, leftWidth);
        out.condition(rex(conjunct, in), joins ? Subtype.JOIN : Subtype.FILTER);
      }
      return out;
    }
    if (node instanceof Join join) {
      Rows left = visit(join.getLeft());
      Rows right = visit(join.getRight());
      List<Col> both = new ArrayList<>(copyCols(left));
      both.addAll(copyCols(right));
      Rows joined = new Rows(both);
      Col condition = rex(join.getCondition(), joined);
      Rows out =
          join.getJoinType().projectsRight()
              ? joined
              : new Rows(new ArrayList<>(both.subList(0, left.cols.size())));
      out.withConditionsOf(left).withConditionsOf(right).condition(condition, Subtype.JOIN);
      return out;
    }
    if (node instanceof LogicalCorrelate correlate) {
      Rows left = visit(correlate.getLeft());
      correlations.put(correlate.getCorrelationId(), left);
      Rows right = visit(correlate.getRight());
      List<Col> cols = new ArrayList<>(copyCols(left));
      if (correlate.getJoinType() != JoinRelType.SEMI
          && correlate.getJoinType() != JoinRelType.ANTI) {
        cols.addAll(copyCols(right));
      } else {
        right.cols.forEach(
            c ->
                c.origins.keySet().forEach(s -> right.conditions.add(new Origin(s, Subtype.JOIN))));
      }
      return new Rows(cols).withConditionsOf(left).withConditionsOf(right);
    }
    if (node instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (node instanceof TableFunctionScan scan) {
      return tableFunction(scan);
    }
    if (node instanceof Uncollect uncollect) {
      return uncollect(uncollect);
    }
    if (node instanceof Values values) {
      List<Col> cols = new ArrayList<>();
      for (int i = 0; i < values.getRowType().getFieldCount(); i++) {
        List<String> literals = new ArrayList<>();
        for (var tuple : values.getTuples()) {
          literals.add(RexText.literal(tuple.get(i)));
        }
        cols.add(new Col(literals.size() == 1 ? literals.get(0) : "VALUES" + literals));
      }
      return new Rows(cols);
    }
    if (node instanceof Union union) {
      List<Rows> inputs = union.getInputs().stream().map(this::visit).toList();
      Rows out = merge(inputs, union.getRowType().getFieldCount(), " UNION ALL ");
      inputs.forEach(out::withConditionsOf);
      return out;
    }
    if (node instanceof SetOp setOp) {
      // INTERSECT / EXCEPT: values come from the first input, the others only decide rows.
      Rows first = visit(setOp.getInput(0));
      Rows out = copy(first);
      for (RelNode other : setOp.getInputs().subList(1, setOp.getInputs().size())) {
        Rows rows = visit(other);
        rows.cols.forEach(c -> out.condition(c, Subtype.FILTER));
        out.withConditionsOf(rows);
      }
      return out;
    }
    if (node instanceof Sort sort) {
      Rows in = visit(sort.getInput());
      Rows out = copy(in);
      for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
        out.condition(in.cols.get(c.getFieldIndex()), Subtype.SORT);
      }
      return out;
    }
    if (node instanceof Match match) {
      return match(match);
    }
    return unknown(node, "lineage is not followed through " + node.getRelTypeName());
  }

  private Rows scan(TableScan scan) {
    TableSourceTable table = scan.getTable().unwrap(TableSourceTable.class);
    if (table == null) {
      return unknown(
          scan, "the table " + scan.getTable().getQualifiedName() + " is not a catalog table");
    }
    ContextResolvedTable resolved = table.contextResolvedTable();
    String id = resolved.getIdentifier().asSummaryString();
    sources.putIfAbsent(id, resolved);
    String shortName = resolved.getIdentifier().getObjectName();
    List<Col> cols = new ArrayList<>();
    for (String field : scan.getRowType().getFieldNames()) {
      Col c = new Col(shortName + "." + field);
      c.add(new SourceColumn(id, field), Subtype.IDENTITY);
      cols.add(c);
    }
    return new Rows(cols);
  }

  private Rows aggregate(Aggregate aggregate) {
    Rows in = visit(aggregate.getInput());
    List<Col> cols = new ArrayList<>();
    Rows out = new Rows(cols).withConditionsOf(in);
    for (int key : aggregate.getGroupSet()) {
      Col c = in.cols.get(key);
      cols.add(c.copy());
      out.condition(c, Subtype.GROUP_BY);
    }
    for (AggregateCall call : aggregate.getAggCallList()) {
      functions.aggregate(call.getAggregation());
      Col c = new Col(null);
      List<String> args = new ArrayList<>();
      for (int arg : call.getArgList()) {
        Col a = in.cols.get(arg);
        c.addAll(a, Subtype.AGGREGATION);
        args.add(a.expr);
      }
      if (call.filterArg >= 0) {
        c.addIndirect(in.cols.get(call.filterArg), Subtype.FILTER);
      }
      c.fromRows = true;
      String name = call.getAggregation().getName().replace("$SUM0", "SUM");
      c.expr =
          name
              + "("
              + (call.isDistinct() ? "DISTINCT " : "")
              + (args.isEmpty() ? "*" : String.join(", ", args))
              + ")"
              + (call.filterArg >= 0
                  ? " FILTER (WHERE " + in.cols.get(call.filterArg).expr + ")"
                  : "");
      cols.add(c);
    }
    return out;
  }

  private Rows tableFunction(TableFunctionScan scan) {
    if (!(scan.getCall() instanceof RexCall call)) {
      return unknown(scan, "the table function is not a call");
    }
    functions.call(call.getOperator());
    if (call.getOperator() instanceof SqlWindowTableFunction && scan.getInputs().size() == 1) {
      // TUMBLE / HOP / CUMULATE / SESSION: the input's columns plus window_start, window_end and
      // window_time, made from the time column named by DESCRIPTOR.
      Rows in = visit(scan.getInput(0));
      Rows out = copy(in);
      Col time = new Col(null);
      List<String> args = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        Col a = rex(operand, in);
        args.add(a.expr);
        if (operand instanceof RexCall d && d.getKind() == SqlKind.DESCRIPTOR) {
          time.addAll(a, Subtype.TRANSFORMATION);
        }
        // The time column and a SESSION window's PARTITION BY keys decide the windows.
        out.condition(a, Subtype.WINDOW);
      }
      if (call instanceof RexSetSemanticsTableCall partitioned) {
        // SESSION(TABLE t PARTITION BY k, ...): the keys split the sessions.
        for (int key : partitioned.getPartitionKeys()) {
          out.condition(in.cols.get(key), Subtype.WINDOW);
        }
      }
      int extra = scan.getRowType().getFieldCount() - in.cols.size();
      List<String> names = scan.getRowType().getFieldNames();
      for (int i = 0; i < extra; i++) {
        Col c = time.copy();
        c.expr =
            names.get(in.cols.size() + i)
                + " of "
                + call.getOperator().getName()
                + "("
                + String.join(", ", args)
                + ")";
        out.cols.add(c);
      }
      return out;
    }
    if (scan.getInputs().isEmpty()) {
      // A table function in LATERAL TABLE: every output column is made from the arguments.
      Col args = new Col(null);
      List<String> texts = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        Col a = rex(operand, new Rows(List.of()));
        args.addAll(a, Subtype.TRANSFORMATION);
        texts.add(a.expr);
      }
      List<Col> cols = new ArrayList<>();
      for (String name : scan.getRowType().getFieldNames()) {
        Col c = args.copy();
        c.expr = call.getOperator().getName() + "(" + String.join(", ", texts) + ")." + name;
        c.fromRows = true;
        cols.add(c);
      }
      return new Rows(cols);
    }
    return unknown(
        scan, "lineage is not followed through the table function " + call.getOperator().getName());
  }

  private Rows match(Match match) {
    Rows in = visit(match.getInput());
    List<Col> cols = new ArrayList<>();
    Rows out = new Rows(cols).withConditionsOf(in);
    if (match.isAllRows()) {
      cols.addAll(copyCols(in));
    } else {
      for (int key : match.getPartitionKeys()) {
        cols.add(in.cols.get(key).copy());
      }
    }
    for (int key : match.getPartitionKeys()) {
      out.condition(in.cols.get(key), Subtype.GROUP_BY);
    }
    for (RelFieldCollation c : match.getOrderKeys().getFieldCollations()) {
      out.condition(in.cols.get(c.getFieldIndex()), Subtype.SORT);
    }
    for (RexNode definition : match.getPatternDefinitions().values()) {
      out.condition(rex(definition, in), Subtype.FILTER);
    }
    for (RexNode measure : match.getMeasures().values()) {
      cols.add(rex(measure, in));
    }
    if (cols.size() != match.getRowType().getFieldCount()) {
      // ALL ROWS PER MATCH lays out columns in an order this does not model: say so.
      return unknown(match, "MATCH_RECOGNIZE with this output layout is not followed");
    }
    return out;
  }

  /**
   * UNNEST: each array or multiset gives its elements (one column, or one per field of a row
   * element, whose origin is that field's path), each map its key and value, and {@code WITH
   * ORDINALITY} a position that comes from no column.
   */
  private Rows uncollect(Uncollect uncollect) {
    Rows in = visit(uncollect.getInput());
    List<Col> cols = new ArrayList<>();
    var inputs = uncollect.getInput().getRowType().getFieldList();
    for (int f = 0; f < inputs.size() && f < in.cols.size(); f++) {
      Col from = in.cols.get(f);
      var type = inputs.get(f).getType();
      var component = type.getComponentType();
      if (type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.MAP) {
        cols.add(element(from, "KEY", false));
        cols.add(element(from, "VALUE", false));
      } else if (component != null && component.isStruct()) {
        for (var field : component.getFieldList()) {
          cols.add(element(from, field.getName(), true));
        }
      } else {
        cols.add(element(from, null, false));
      }
    }
    if (uncollect.withOrdinality) {
      Col ordinal = new Col("ORDINALITY");
      ordinal.fromRows = true;
      cols.add(ordinal);
    }
    if (cols.size() != uncollect.getRowType().getFieldCount()) {
      // A form of UNNEST this walk does not know: say so rather than guess.
      cols.clear();
      for (int i = 0; i < uncollect.getRowType().getFieldCount(); i++) {
        Col c = new Col("UNNEST");
        c.unknown = "UNNEST of " + uncollect.getInput().getRowType();
        cols.add(c);
      }
    }
    return new Rows(cols).withConditionsOf(in);
  }

  /** One column of an unnested collection: an element, a map's key or value, or a row's field. */
  private static Col element(Col collection, String part, boolean field) {
    String text = "UNNEST(" + collection.expr + ")";
    if (field) {
      return nested(collection, text, part, Subtype.TRANSFORMATION);
    }
    Col c = new Col(part == null ? text : text + "." + part.toLowerCase(java.util.Locale.ROOT));
    c.addAll(collection, Subtype.TRANSFORMATION);
    c.unknown = collection.unknown;
    c.fromRows = collection.fromRows;
    return c;
  }

  /**
   * A field of a row-valued column: a field of a column copied as is has the nested path as its
   * origin ({@code payload.address.city}); of anything else, that thing's origins.
   */
  private static Col nested(Col base, String baseText, String field, Subtype subtype) {
    Col c = new Col(baseText + "." + field);
    if (base.origins.size() == 1 && base.origins.values().iterator().next() == Subtype.IDENTITY) {
      SourceColumn s = base.origins.keySet().iterator().next();
      c.add(new SourceColumn(s.table(), s.column() + "." + field), subtype);
    } else {
      c.addAll(base, subtype);
    }
    c.unknown = base.unknown;
    c.fromRows = base.fromRows;
    return c;
  }

  /** Origins and text of an expression over the given input columns. */
  Col rex(RexNode node, Rows in) {
    if (node instanceof RexInputRef ref) {
      return in.cols.get(ref.getIndex()).copy();
    }
    if (node instanceof RexLiteral literal) {
      return new Col(RexText.literal(literal));
    }
    if (node instanceof RexFieldAccess access) {
      String field = access.getField().getName();
      if (access.getReferenceExpr() instanceof RexCorrelVariable variable) {
        Rows outer = correlations.get(variable.id);
        if (outer == null) {
          Col c = new Col(variable.id + "." + field);
          c.unknown = "correlation variable " + variable.id + " is not bound";
          return c;
        }
        return outer.cols.get(access.getField().getIndex()).copy();
      }
      Col base = rex(access.getReferenceExpr(), in);
      return nested(base, base.expr, field, Subtype.IDENTITY);
    }
    if (node instanceof RexSubQuery sub) {
      Rows rows = visit(sub.rel);
      Col c = new Col(null);
      List<String> operands = new ArrayList<>();
      for (RexNode operand : sub.getOperands()) {
        Col o = rex(operand, in);
        c.addAll(o, Subtype.TRANSFORMATION);
        operands.add(o.expr);
      }
      rows.cols.forEach(col -> c.addIndirect(col, Subtype.FILTER));
      rows.conditions.forEach(o -> c.add(o.source(), Subtype.FILTER));
      c.expr = String.join(", ", operands) + " " + sub.getOperator().getName() + " (subquery)";
      return c;
    }
    if (node instanceof RexOver over) {
      functions.aggregate(over.getAggOperator());
      Col c = new Col(null);
      List<String> args = new ArrayList<>();
      for (RexNode operand : over.getOperands()) {
        Col a = rex(operand, in);
        c.addAll(a, Subtype.AGGREGATION);
        args.add(a.expr);
      }
      List<String> keys = new ArrayList<>();
      for (RexNode key : over.getWindow().partitionKeys) {
        Col k = rex(key, in);
        c.addIndirect(k, Subtype.WINDOW);
        keys.add(k.expr);
      }
      for (var key : over.getWindow().orderKeys) {
        c.addIndirect(rex(key.getKey(), in), Subtype.WINDOW);
      }
      c.fromRows = true;
      String name = over.getAggOperator().getName().replace("$SUM0", "SUM");
      c.expr =
          name
              + "("
              + String.join(", ", args)
              + ") OVER (PARTITION BY "
              + String.join(", ", keys)
              + ")";
      return c;
    }
    if (node instanceof RexCall call) {
      functions.call(call.getOperator());
      List<Col> operands = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        operands.add(rex(operand, in));
      }
      Col c = new Col(RexText.call(call, operands.stream().map(o -> o.expr).toList()));
      if (call.getKind() == SqlKind.CAST || NAVIGATION.contains(call.getKind())) {
        // A cast keeps the value's identity (the planner adds them to fit sink types), and so do
        // MATCH_RECOGNIZE's navigation functions (LAST(B.amount) is a row's amount).
        c.addAll(operands.get(0), Subtype.IDENTITY);
      } else if (call.getKind() == SqlKind.CASE) {
        for (int i = 0; i < operands.size(); i++) {
          boolean isCondition = i % 2 == 0 && i < operands.size() - 1;
          if (isCondition) {
            c.addIndirect(operands.get(i), Subtype.CONDITIONAL);
          } else {
            c.addAll(operands.get(i), Subtype.TRANSFORMATION);
          }
        }
      } else {
        Subtype least =
            call.getOperator() instanceof SqlAggFunction
                ? Subtype.AGGREGATION
                : Subtype.TRANSFORMATION;
        operands.forEach(o -> c.addAll(o, least));
        c.fromRows |= call.getOperator() instanceof SqlAggFunction;
      }
      return c;
    }
    Col c = new Col(node.toString());
    c.unknown = "lineage is not followed through the expression " + node.getKind();
    return c;
  }

  private static Rows merge(List<Rows> inputs, int width, String separator) {
    List<Col> cols = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      Col c = new Col(null);
      Set<String> texts = new LinkedHashSet<>();
      for (Rows rows : inputs) {
        Col from = rows.cols.get(i);
        c.addAll(from, Subtype.IDENTITY);
        texts.add(from.expr);
      }
      c.expr = String.join(separator, texts);
      cols.add(c);
    }
    return new Rows(cols);
  }

  private static Rows copy(Rows in) {
    return new Rows(new ArrayList<>(copyCols(in))).withConditionsOf(in);
  }

  private static List<Col> copyCols(Rows in) {
    return in.cols.stream().map(Col::copy).toList();
  }

  private static Rows unknown(RelNode node, String reason) {
    List<Col> cols = new ArrayList<>();
    for (String name : node.getRowType().getFieldNames()) {
      Col c = new Col(name);
      c.unknown = reason;
      cols.add(c);
    }
    return new Rows(cols);
  }

  private static boolean usesCorrelation(RexNode node) {
    if (node instanceof RexCorrelVariable) {
      return true;
    }
    if (node instanceof RexFieldAccess access) {
      return usesCorrelation(access.getReferenceExpr());
    }
    if (node instanceof RexCall call) {
      return call.getOperands().stream().anyMatch(ColumnOrigins::usesCorrelation);
    }
    return false;
  }

  private static boolean readsBothSides(RexNode conjunct, int leftWidth) {
    ImmutableBitSet fields = RelOptUtil.InputFinder.bits(conjunct);
    return !fields.isEmpty() && fields.nextSetBit(0) < leftWidth && fields.length() > leftWidth;
  }

  static boolean isDirect(Subtype subtype) {
    return subtype.ordinal() <= Subtype.AGGREGATION.ordinal();
  }

  private static Subtype stronger(Subtype a, Subtype b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}
