package dev.sluice.server.ops.alerts;

import dev.sluice.server.errors.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tiers' default rules, created in a project on demand: for P0 and P1 jobs, {@code job_failed},
 * {@code job_restarting} for 2m and {@code sync_schema_changed} (a sync job's source tables changed
 * and the platform evolved, paused or widened it), with the tier as severity (P2 jobs have none).
 */
public final class DefaultRules {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DefaultRules() {}

  public static List<AlertRule.Definition> definitions(String project, List<String> channels) {
    List<AlertRule.Definition> rules = new ArrayList<>();
    for (int i = 0; channels != null && i < channels.size(); i++) {
      if (channels.get(i) == null || !RuleParser.NAME.matcher(channels.get(i)).matches()) {
        throw new InvalidFieldException("channels[" + i + "]", "a channel's name");
      }
    }
    for (Tier tier : List.of(Tier.P0, Tier.P1)) {
      for (String template : List.of("job_failed", "job_restarting", "sync_schema_changed")) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", tier.name().toLowerCase() + "-" + template.replace('_', '-'));
        body.put("template", template);
        body.put("tier", tier.name());
        body.put("severity", tier.name());
        if (template.equals("job_restarting")) {
          body.put("for", "2m");
        }
        if (channels != null) {
          ArrayNode list = body.putArray("channels");
          channels.forEach(list::add);
        }
        body.put("description", "Default rule of " + tier.name() + " jobs");
        rules.add(RuleParser.parse(body).withProject(project));
      }
    }
    return rules;
  }
}
