package dev.sluice.server.api;

import dev.sluice.engine.api.Engine;
import dev.sluice.server.local.LocalPlatform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HealthController {
  private final Engine engine;
  private final LocalPlatform platform;

  HealthController(Engine engine, LocalPlatform platform) {
    this.engine = engine;
    this.platform = platform;
  }

  @GetMapping("/api/v1/health")
  Map<String, Object> health() {
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", "UP");
    health.put("engine", engine.version());
    platform.kafkaBootstrapServers().ifPresent(k -> health.put("localKafka", k));
    return health;
  }
}
