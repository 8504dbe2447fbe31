package dev.sluice.server.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their API tokens, on the server's database. Tokens are stored as digests only. */
@Repository
public class Accounts {
  private final JdbcClient jdbc;

  public Accounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A user as stored; the password only as its bcrypt hash. */
  public record User(
      String username,
      String passwordHash,
      boolean admin,
      boolean disabled,
      OffsetDateTime createdAt) {}

  /** A token as stored; {@code digest} is the SHA-256 of its value. */
  public record Token(
      long id,
      String digest,
      String name,
      String username,
      String project,
      String role,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt) {}

  public long userCount() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }

  public void insertUser(String username, String passwordHash, boolean admin, OffsetDateTime at) {
    jdbc.sql(
            "INSERT INTO users (username, password_hash, admin, disabled, created_at)"
                + " VALUES (?, ?, ?, FALSE, ?)")
        .params(username, passwordHash, admin, at)
        .update();
  }

  public Optional<User> user(String username) {
    return jdbc.sql("SELECT * FROM users WHERE username = ?")
        .param(username)
        .query(User.class)
        .optional();
  }

  public List<User> users() {
    return jdbc.sql("SELECT * FROM users ORDER BY username").query(User.class).list();
  }

  public void setPassword(String username, String passwordHash) {
    jdbc.sql("UPDATE users SET password_hash = ? WHERE username = ?")
        .params(passwordHash, username)
        .update();
  }

  public void disable(String username) {
    jdbc.sql("UPDATE users SET disabled = TRUE WHERE username = ?").param(username).update();
  }

  public long insertToken(
      String digest,
      String name,
      String username,
      String project,
      Role role,
      OffsetDateTime at,
      OffsetDateTime expiresAt) {
    jdbc.sql(
            "INSERT INTO api_tokens (digest, name, username, project, role, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(digest, name, username, project, role == null ? null : role.name(), at, expiresAt)
        .update();
    return tokenByDigest(digest).orElseThrow().id();
  }

  public Optional<Token> tokenByDigest(String digest) {
    return jdbc.sql("SELECT * FROM api_tokens WHERE digest = ?")
        .param(digest)
        .query(Token.class)
        .optional();
  }

  public Optional<Token> token(long id) {
    return jdbc.sql("SELECT * FROM api_tokens WHERE id = ?")
        .param(id)
        .query(Token.class)
        .optional();
  }

  /** The tokens of one user, or of everyone when {@code username} is null; newest first. */
  public List<Token> tokens(String username) {
    return username == null
        ? jdbc.sql("SELECT * FROM api_tokens ORDER BY id DESC").query(Token.class).list()
        : jdbc.sql("SELECT * FROM api_tokens WHERE username = ? ORDER BY id DESC")
            .param(username)
            .query(Token.class)
            .list();
  }

  public void revokeToken(long id, OffsetDateTime at) {
    jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .params(at, id)
        .update();
  }

  public void revokeTokensOf(String username, OffsetDateTime at) {
    jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL")
        .params(at, username)
        .update();
  }

  public void touchToken(long id, OffsetDateTime at) {
    jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").params(at, id).update();
  }
}
