package dev.sluice.server.ops.quality;

import dev.sluice.server.ops.alerts.Durations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A monitor in the shape a request gives it, with everything resolved: the defaults filled in and
 * the source's columns as {@code schema}. This is what is stored and shown, and {@link
 * MonitorParser#stored} reads it back.
 */
public final class MonitorJson {
  private MonitorJson() {}

  public static ObjectNode write(QualityMonitor m, JsonMapper json) {
    ObjectNode o = json.createObjectNode();
    o.put("name", m.name());
    o.put("project", m.project());
    ObjectNode source = o.putObject("source");
    if (m.source().job() != null) {
      source.put("job", m.source().job());
      source.put("table", m.source().table());
    }
    ObjectNode kafka = source.putObject("kafka");
    kafka.put("topic", m.source().topic());
    kafka.put("bootstrapServers", m.source().bootstrapServers());
    kafka.put("format", m.source().format());
    kafka.put("startFrom", m.source().startFrom());
    ArrayNode schema = o.putArray("schema");
    for (QualityMonitor.Column c : m.columns()) {
      schema.addObject().put("name", c.name()).put("type", c.type());
    }
    ObjectNode et = o.putObject("eventTime");
    et.put("column", m.eventTime());
    et.put("lateness", Durations.format(m.lateness()));
    o.put("window", Durations.format(m.window()));
    ArrayNode checks = o.putArray("checks");
    for (QualityMonitor.Check c : m.checks()) {
      ObjectNode check = checks.addObject();
      check.put("type", c.type().json());
      if (c.column() != null) {
        check.put("column", c.column());
      }
      if (c.min() != null) {
        check.put("min", c.min());
      }
      if (c.max() != null) {
        check.put("max", c.max());
      }
      if (!c.key().isEmpty()) {
        ArrayNode key = check.putArray("key");
        c.key().forEach(key::add);
      }
    }
    return o;
  }
}
