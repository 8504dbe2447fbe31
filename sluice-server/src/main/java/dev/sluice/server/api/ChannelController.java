package dev.sluice.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.ops.alerts.Tier;
import dev.sluice.server.ops.channels.Channel;
import dev.sluice.server.ops.channels.ChannelService;
import dev.sluice.server.ops.channels.ChannelSettings;
import dev.sluice.server.ops.channels.ChannelType;
import dev.sluice.server.ops.channels.Delivery;
import dev.sluice.server.security.Access;
import dev.sluice.server.security.Audit;
import dev.sluice.server.security.ProjectService;
import dev.sluice.server.security.Role;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notification channels of a project: webhook, email, DingTalk, Feishu/Lark and WeCom robots.
 * Credentials are {@code ${secret:name}} references to secrets of the channel's project; a
 * credential written literally is refused, so what is shown is what was given.
 */
@RestController
@RequestMapping("/api/v1/channels")
class ChannelController {
  private static final int MAX_DELIVERIES = 500;
  private final ChannelService channels;
  private final Access access;
  private final ProjectService projects;
  private final Audit audit;

  ChannelController(ChannelService channels, Access access, ProjectService projects, Audit audit) {
    this.channels = channels;
    this.access = access;
    this.projects = projects;
    this.audit = audit;
  }

  /** A channel as created or replaced; which fields count depends on its type. */
  record ChannelRequest(
      String name,
      String type,
      String project,
      String url,
      Map<String, String> headers,
      String secret,
      String format,
      String host,
      Integer port,
      String from,
      List<String> to,
      String username,
      String password,
      Boolean starttls,
      List<String> tiers) {
    /** The severities it takes from rules that name no channels; null: the default. */
    Set<Tier> tierSet() {
      if (tiers == null) {
        return null;
      }
      Set<Tier> set = EnumSet.noneOf(Tier.class);
      for (int i = 0; i < tiers.size(); i++) {
        set.add(Tier.parse("tiers[" + i + "]", tiers.get(i)));
      }
      return set;
    }

    ChannelSettings settings() {
      return new ChannelSettings(
          url, headers, secret, format, host, port, from, to, username, password, starttls);
    }
  }

  /** A channel as shown: what was given (references, never values), and who saved it when. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record ChannelView(
      String name,
      String project,
      String type,
      String url,
      Map<String, String> headers,
      String secret,
      String format,
      String host,
      Integer port,
      String from,
      List<String> to,
      String username,
      String password,
      Boolean starttls,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<Tier> tiers,
      String author,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    static ChannelView of(Channel c) {
      ChannelSettings s = c.settings();
      return new ChannelView(
          c.name(),
          c.project(),
          c.type().json(),
          s.url(),
          s.headers(),
          s.secret(),
          s.format(),
          s.host(),
          s.port(),
          s.from(),
          s.to(),
          s.username(),
          s.password(),
          s.starttls(),
          c.tierList(),
          c.author(),
          c.createdAt(),
          c.updatedAt());
    }
  }

  /** A channel's project, if the caller holds the role there (else as if it did not exist). */
  private Channel channel(String name, Role needed) {
    Channel channel = channels.get(name);
    access.require(channel.project(), needed, "Channel '" + name + "'");
    return channel;
  }

  @PostMapping
  ResponseEntity<ChannelView> create(@RequestBody ChannelRequest body) {
    if (body == null) {
      throw new InvalidFieldException("name", "required: a channel's name and type");
    }
    String project = access.defaultProject(body.project(), Role.OPERATOR);
    access.requireProject(project, Role.OPERATOR);
    projects.requireExists(project);
    String author = access.username();
    ChannelType type = ChannelType.parse(body.type());
    Channel created =
        channels.create(body.name(), project, type, body.settings(), body.tierSet(), author);
    audit.record(author, "channel.create", project, "channel " + created.name(), type.json());
    return ResponseEntity.created(URI.create("/api/v1/channels/" + created.name()))
        .body(ChannelView.of(created));
  }

  /** Replaces a channel's type, settings and tiers; its name and project stay. */
  @PutMapping("/{name}")
  ChannelView update(@PathVariable String name, @RequestBody ChannelRequest body) {
    Channel old = channel(name, Role.OPERATOR);
    if (body == null) {
      throw new InvalidFieldException("type", "required: the channel's type and settings");
    }
    if (body.name() != null && !body.name().equals(name)) {
      throw new InvalidFieldException(
          "name", "a channel is not renamed: create '" + body.name() + "' and delete this one");
    }
    if (body.project() != null && !body.project().equals(old.project())) {
      throw new InvalidFieldException(
          "project", "a channel stays in its project '" + old.project() + "'");
    }
    String author = access.username();
    ChannelType type = body.type() == null ? old.type() : ChannelType.parse(body.type());
    Channel updated = channels.update(name, type, body.settings(), body.tierSet(), author);
    audit.record(author, "channel.update", old.project(), "channel " + name, type.json());
    return ChannelView.of(updated);
  }

  /** The channels of the projects the caller may read. */
  @GetMapping
  List<ChannelView> list(@RequestParam Optional<String> project) {
    return access.readable(channels.list(), Channel::project).stream()
        .filter(c -> project.map(p -> p.equals(c.project())).orElse(true))
        .map(ChannelView::of)
        .toList();
  }

  @GetMapping("/{name}")
  ChannelView get(@PathVariable String name) {
    return ChannelView.of(channel(name, Role.VIEWER));
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    Channel channel = channel(name, Role.OPERATOR);
    channels.delete(name);
    audit.record(access.username(), "channel.delete", channel.project(), "channel " + name, null);
    return ResponseEntity.noContent().build();
  }

  /** Sends a sample notification now and answers with what became of it. */
  @PostMapping("/{name}/test")
  Delivery test(@PathVariable String name) {
    Channel channel = channel(name, Role.OPERATOR);
    String author = access.username();
    Delivery delivery = channels.test(name, author);
    audit.record(
        author,
        "channel.test",
        channel.project(),
        "channel " + name,
        delivery.state().json()
            + (delivery.lastError() == null ? "" : ": " + delivery.lastError()));
    return delivery;
  }

  /** What was sent through the channel, newest first: to whom, when, delivered or why not. */
  @GetMapping("/{name}/deliveries")
  List<Delivery> deliveries(
      @PathVariable String name, @RequestParam(defaultValue = "100") int limit) {
    channel(name, Role.VIEWER);
    if (limit < 1 || limit > MAX_DELIVERIES) {
      throw new InvalidFieldException("limit", "1-" + MAX_DELIVERIES + " (got " + limit + ")");
    }
    return channels.deliveries(name, limit);
  }
}
