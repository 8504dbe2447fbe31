package dev.sluice.server.lineage;

import dev.sluice.engine.api.lineage.ColumnLineage;
import dev.sluice.engine.api.lineage.ColumnOrigin;
import dev.sluice.engine.api.lineage.Dataset;
import dev.sluice.engine.api.lineage.Lineage;
import dev.sluice.engine.api.lineage.StatementLineage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job version's lineage as an OpenLineage 2 {@code JobEvent} (design-time lineage, no run): the
 * job with its SQL, input datasets with their schema, output datasets with the column lineage facet
 * (DIRECT and INDIRECT transformations per field, statement-wide dependencies in {@code dataset}).
 * Marquez, DataHub and other OpenLineage consumers read this shape.
 */
final class OpenLineage {
  static final String PRODUCER = "urn:sluice";
  private static final String SPEC = "https://openlineage.io/spec/";

  private OpenLineage() {}

  static Map<String, Object> jobEvent(
      String jobName, int version, String script, Lineage lineage, OffsetDateTime time) {
    Map<String, Dataset> byId = new LinkedHashMap<>();
    lineage.datasets().forEach(d -> byId.put(d.id(), d));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventTime", time.toString());
    event.put("producer", PRODUCER);
    event.put("schemaURL", SPEC + "2-0-2/OpenLineage.json#/$defs/JobEvent");
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("namespace", "sluice");
    job.put("name", jobName);
    job.put(
        "facets",
        Map.of(
            "sql", facet("facets/1-1-0/SQLJobFacet.json", Map.of("query", script)),
            "jobType",
                facet(
                    "facets/2-0-3/JobTypeJobFacet.json",
                    Map.of(
                        "processingType",
                        "STREAMING",
                        "integration",
                        "FLINK",
                        "jobType",
                        "SQL_JOB")),
            "documentation",
                facet(
                    "facets/1-0-1/DocumentationJobFacet.json",
                    Map.of("description", "Sluice job " + jobName + ", version " + version))));
    event.put("job", job);
    List<Map<String, Object>> inputs = new ArrayList<>();
    lineage.statements().stream()
        .flatMap(s -> s.sources().stream())
        .distinct()
        .forEach(id -> inputs.add(dataset(byId.get(id), Map.of())));
    event.put("inputs", inputs);
    Map<String, Map<String, Object>> fieldsBySink = new LinkedHashMap<>();
    Map<String, List<Map<String, Object>>> conditionsBySink = new LinkedHashMap<>();
    for (StatementLineage s : lineage.statements()) {
      Map<String, Object> fields =
          fieldsBySink.computeIfAbsent(s.sink(), k -> new LinkedHashMap<>());
      for (ColumnLineage c : s.columns()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> field =
            (Map<String, Object>)
                fields.computeIfAbsent(
                    c.column(), k -> new LinkedHashMap<>(Map.of("inputFields", new ArrayList<>())));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inputFields =
            (List<Map<String, Object>>) field.get("inputFields");
        boolean masking = c.expression() != null && c.expression().contains("MASK_");
        for (ColumnOrigin o : c.origins()) {
          inputFields.add(inputField(byId.get(o.dataset()), o, c.expression(), masking));
        }
      }
      List<Map<String, Object>> conditions =
          conditionsBySink.computeIfAbsent(s.sink(), k -> new ArrayList<>());
      for (ColumnOrigin o : s.conditions()) {
        conditions.add(inputField(byId.get(o.dataset()), o, null, false));
      }
    }
    List<Map<String, Object>> outputs = new ArrayList<>();
    fieldsBySink.forEach(
        (sink, fields) -> {
          Map<String, Object> columnLineage = new LinkedHashMap<>();
          columnLineage.put("fields", fields);
          columnLineage.put("dataset", conditionsBySink.get(sink));
          outputs.add(
              dataset(
                  byId.get(sink),
                  Map.of(
                      "columnLineage",
                      facet("facets/1-2-0/ColumnLineageDatasetFacet.json", columnLineage))));
        });
    event.put("outputs", outputs);
    return event;
  }

  private static Map<String, Object> dataset(Dataset d, Map<String, Object> extraFacets) {
    Map<String, Object> facets = new LinkedHashMap<>();
    List<Map<String, Object>> fields = new ArrayList<>();
    d.fields().forEach(f -> fields.add(Map.of("name", f.name(), "type", f.type())));
    facets.put("schema", facet("facets/1-1-1/SchemaDatasetFacet.json", Map.of("fields", fields)));
    facets.put(
        "dataSource",
        facet(
            "facets/1-0-1/DatasourceDatasetFacet.json",
            Map.of("name", d.namespace(), "uri", d.namespace())));
    facets.putAll(extraFacets);
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("namespace", d.namespace());
    dataset.put("name", d.name());
    dataset.put("facets", facets);
    return dataset;
  }

  private static Map<String, Object> inputField(
      Dataset d, ColumnOrigin o, String description, boolean masking) {
    Map<String, Object> transformation = new LinkedHashMap<>();
    transformation.put("type", o.type().name());
    transformation.put("subtype", o.subtype().name());
    if (description != null && o.type() == ColumnOrigin.Type.DIRECT) {
      transformation.put("description", description);
    }
    transformation.put("masking", masking);
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("namespace", d == null ? "unknown" : d.namespace());
    field.put("name", d == null ? o.dataset() : d.name());
    field.put("field", o.column());
    field.put("transformations", List.of(transformation));
    return field;
  }

  private static Map<String, Object> facet(String schema, Map<String, Object> body) {
    Map<String, Object> facet = new LinkedHashMap<>();
    facet.put("_producer", PRODUCER);
    facet.put("_schemaURL", SPEC + schema);
    facet.putAll(body);
    return facet;
  }
}
