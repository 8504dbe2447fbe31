package dev.sluice.server.ops.channels;

import dev.sluice.server.ops.alerts.Tier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Channels on the server's database. */
@Repository
public class ChannelRepository {
  private static final String COLUMNS =
      "name, project, type, settings, tiers, author, created_at, updated_at";
  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ChannelRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public boolean exists(String name) {
    return jdbc.sql("SELECT COUNT(*) FROM channels WHERE name = ?")
            .param(name)
            .query(Integer.class)
            .single()
        > 0;
  }

  public void insert(Channel c) {
    jdbc.sql("INSERT INTO channels (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            c.name(),
            c.project(),
            c.type().name(),
            json.writeValueAsString(c.settings()),
            tiers(c.tiers()),
            c.author(),
            c.createdAt(),
            c.updatedAt())
        .update();
  }

  /** Replaces the type, settings and tiers; false if there is no such channel. */
  public boolean update(
      String name,
      ChannelType type,
      ChannelSettings settings,
      Set<Tier> tiers,
      String author,
      OffsetDateTime at) {
    return jdbc.sql(
                "UPDATE channels SET type = ?, settings = ?, tiers = ?, author = ?, updated_at = ?"
                    + " WHERE name = ?")
            .params(type.name(), json.writeValueAsString(settings), tiers(tiers), author, at, name)
            .update()
        > 0;
  }

  public boolean delete(String name) {
    return jdbc.sql("DELETE FROM channels WHERE name = ?").param(name).update() > 0;
  }

  public Optional<Channel> find(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM channels WHERE name = ?")
        .param(name)
        .query(this::channel)
        .optional();
  }

  public List<Channel> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM channels ORDER BY name")
        .query(this::channel)
        .list();
  }

  private static String tiers(Set<Tier> tiers) {
    return EnumSet.copyOf(tiers.isEmpty() ? EnumSet.noneOf(Tier.class) : tiers).stream()
        .map(Tier::name)
        .collect(Collectors.joining(","));
  }

  private static Set<Tier> tiers(String stored) {
    Set<Tier> tiers = EnumSet.noneOf(Tier.class);
    for (String t : stored.split(",")) {
      if (!t.isBlank()) {
        tiers.add(Tier.valueOf(t.trim()));
      }
    }
    return tiers;
  }

  private Channel channel(ResultSet rs, int row) throws SQLException {
    return new Channel(
        rs.getString("name"),
        rs.getString("project"),
        ChannelType.valueOf(rs.getString("type")),
        json.readValue(rs.getString("settings"), ChannelSettings.class),
        tiers(rs.getString("tiers")),
        rs.getString("author"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
