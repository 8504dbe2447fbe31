package dev.sluice.server.api;

import dev.sluice.server.kafka.BrokerUnavailableException;
import dev.sluice.server.kafka.KafkaBrowser;
import dev.sluice.server.kafka.SampleLimit;
import dev.sluice.server.kafka.TopicNames;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.Role;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's Kafka broker as the metric builder browses it: its topics, and the latest events
 * of one. Only the platform's broker is ever connected to; a request cannot name another.
 */
@RestController
@RequestMapping("/api/v1/kafka")
class KafkaController {
  private final KafkaBrowser kafka;
  private final Access access;
  private final Audit audit;

  KafkaController(KafkaBrowser kafka, Access access, Audit audit) {
    this.kafka = kafka;
    this.access = access;
    this.audit = audit;
  }

  /**
   * Topic names and partition counts: needs the developer role (in the project named, or the
   * default one).
   */
  @GetMapping("/topics")
  List<KafkaBrowser.Topic> topics(@RequestParam(required = false) String project) {
    String in = access.defaultProject(project, Role.DEVELOPER);
    access.requireProject(in, Role.DEVELOPER);
    return reachable(kafka::topics);
  }

  /**
   * The latest events of a topic: production data, so it needs the operator role, like a debug run
   * on live input; every sample is audited.
   */
  @GetMapping("/topics/{topic}/events")
  KafkaBrowser.Sample events(
      @PathVariable String topic,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String project) {
    String in = access.defaultProject(project, Role.OPERATOR);
    access.requireProject(in, Role.OPERATOR);
    int n = SampleLimit.parse(limit);
    TopicNames.require(topic);
    KafkaBrowser.Sample sample = reachable(() -> kafka.sample(topic, n));
    audit.record(
        access.username(),
        "kafka.sample",
        in,
        "topic " + topic,
        "limit " + n + ", " + sample.events().size() + " events");
    return sample;
  }

  /** A broker that does not answer is told as the Flink cluster's is: 503, saying which broker. */
  private static <T> T reachable(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (BrokerUnavailableException e) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Broker unreachable", e.getMessage());
    }
  }
}
