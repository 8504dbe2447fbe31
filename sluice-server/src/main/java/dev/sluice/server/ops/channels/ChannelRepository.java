package dev.sluice.server.ops.channels;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Channels on the server's database. */
@Repository
public class ChannelRepository {
  private static final String COLUMNS =
      "name, project, type, settings, author, created_at, updated_at";
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
    jdbc.sql("INSERT INTO channels (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            c.name(),
            c.project(),
            c.type().name(),
            json.writeValueAsString(c.settings()),
            c.author(),
            c.createdAt(),
            c.updatedAt())
        .update();
  }

  /** Replaces the type and settings; false if there is no such channel. */
  public boolean update(
      String name, ChannelType type, ChannelSettings settings, String author, OffsetDateTime at) {
    return jdbc.sql(
                "UPDATE channels SET type = ?, settings = ?, author = ?, updated_at = ?"
                    + " WHERE name = ?")
            .params(type.name(), json.writeValueAsString(settings), author, at, name)
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

  private Channel channel(ResultSet rs, int row) throws SQLException {
    return new Channel(
        rs.getString("name"),
        rs.getString("project"),
        ChannelType.valueOf(rs.getString("type")),
        json.readValue(rs.getString("settings"), ChannelSettings.class),
        rs.getString("author"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
