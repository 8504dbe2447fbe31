package dev.sluice.server.security;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users, passwords and API tokens, and the caller a session or token stands for. A token's value is
 * shown once, when it is issued; the store keeps its SHA-256 digest. Every request resolves its
 * caller anew, so a revoked token, a disabled user or a changed role takes effect at once.
 */
@Service
public class AccountService {
  /** Every token starts with this, so that scanners and people can tell one when they see it. */
  public static final String TOKEN_PREFIX = "slc_";

  private static final int MIN_PASSWORD = 8;
  private static final int DEFAULT_TOKEN_DAYS = 90;
  private static final int MAX_TOKEN_DAYS = 3650;
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Accounts accounts;
  private final Projects projects;
  private final Audit audit;
  private final Clock clock;
  private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
  private final String missingUserHash;

  public AccountService(Accounts accounts, Projects projects, Audit audit, Clock clock) {
    this.accounts = accounts;
    this.projects = projects;
    this.audit = audit;
    this.clock = clock;
    this.missingUserHash = passwords.encode(randomSecret(16));
  }

  /** A token as its owner sees it; {@code token} (the value) only in the answer to issuing it. */
  public record TokenView(
      long id,
      String name,
      String username,
      String project,
      Role role,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      boolean revoked,
      String token) {
    static TokenView of(Accounts.Token t, String value) {
      return new TokenView(
          t.id(),
          t.name(),
          t.username(),
          t.project(),
          t.role() == null ? null : Role.valueOf(t.role()),
          t.createdAt(),
          t.expiresAt(),
          t.lastUsedAt(),
          t.revokedAt() != null,
          value);
    }
  }

  public record UserView(
      String username, boolean admin, boolean disabled, OffsetDateTime createdAt, String password) {
    static UserView of(Accounts.User u, String generatedPassword) {
      return new UserView(u.username(), u.admin(), u.disabled(), u.createdAt(), generatedPassword);
    }
  }

  public boolean anyUser() {
    return accounts.userCount() > 0;
  }

  /** Creates a user; without a password one is generated and returned once. */
  @Transactional
  public UserView createUser(String username, String password, boolean admin) {
    if (username == null || !username.matches("[a-z0-9][a-z0-9_.@-]{0,63}")) {
      throw new InvalidFieldException(
          "username",
          "1-64 lower-case letters, digits, '_', '.', '@' or '-', starting with a letter or digit");
    }
    if (accounts.user(username).isPresent()) {
      throw new ConflictException("A user named '" + username + "' already exists");
    }
    String generated = password == null ? randomSecret(18) : null;
    String chosen = password == null ? generated : checkedPassword(password);
    accounts.insertUser(username, passwords.encode(chosen), admin, now());
    return UserView.of(accounts.user(username).orElseThrow(), generated);
  }

  public List<UserView> users() {
    return accounts.users().stream().map(u -> UserView.of(u, null)).toList();
  }

  /** The user whose password this is, if it is (and the user is not disabled). */
  public Optional<String> checkPassword(String username, String password) {
    Optional<Accounts.User> user =
        username == null ? Optional.empty() : accounts.user(username.trim());
    // The same work whether or not the user exists: the time taken tells nothing.
    String hash = user.map(Accounts.User::passwordHash).orElse(missingUserHash);
    boolean matches = password != null && hash != null && passwords.matches(password, hash);
    return user.filter(u -> matches && !u.disabled()).map(Accounts.User::username);
  }

  @Transactional
  public void changePassword(Caller caller, String username, String current, String password) {
    Accounts.User user = existing(username);
    if (!caller.platformAdmin()) {
      if (!caller.username().equals(username)) {
        throw new ForbiddenException("Only an admin may change another user's password");
      }
      if (current == null || checkPassword(username, current).isEmpty()) {
        throw new InvalidFieldException("currentPassword", "is not the user's current password");
      }
    }
    accounts.setPassword(user.username(), passwords.encode(checkedPassword(password)));
  }

  @Transactional
  public void disable(String username) {
    existing(username);
    accounts.disable(username);
    accounts.revokeTokensOf(username, now());
  }

  /**
   * Issues a token for the caller's own user. Scoped to a project, it carries at most the role
   * given (never more than the user holds there); unscoped, it carries all of the user's rights. A
   * token cannot issue a token with more rights than itself.
   */
  @Transactional
  public TokenView issue(
      Caller caller, String name, String project, Role role, Integer expiresInDays) {
    return issue(caller, name, project, role, expiresInDays, null);
  }

  /**
   * @param expiresAt when the token expires, instead of {@code expiresInDays}: in the future, at
   *     most 3650 days ahead
   */
  @Transactional
  public TokenView issue(
      Caller caller,
      String name,
      String project,
      Role role,
      Integer expiresInDays,
      OffsetDateTime expiresAt) {
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new InvalidFieldException("name", "a name of 1-128 characters is required");
    }
    OffsetDateTime now = now();
    OffsetDateTime expires;
    if (expiresAt != null) {
      if (expiresInDays != null) {
        throw new InvalidFieldException("expiresAt", "give expiresAt or expiresInDays, not both");
      }
      if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plusDays(MAX_TOKEN_DAYS))) {
        throw new InvalidFieldException(
            "expiresAt", "must be in the future and at most " + MAX_TOKEN_DAYS + " days ahead");
      }
      expires = expiresAt;
    } else {
      int days = expiresInDays == null ? DEFAULT_TOKEN_DAYS : expiresInDays;
      if (days < 1 || days > MAX_TOKEN_DAYS) {
        throw new InvalidFieldException(
            "expiresInDays", "must be between 1 and " + MAX_TOKEN_DAYS + " (got " + days + ")");
      }
      expires = now.plusDays(days);
    }
    if (project == null && role != null) {
      throw new InvalidFieldException("project", "a token with a role needs its project");
    }
    if (project != null) {
      if (role == null) {
        throw new InvalidFieldException("role", "a token scoped to a project needs a role");
      }
      Role held =
          caller
              .roleIn(project)
              .orElseThrow(() -> new NotFoundException("Project '" + project + "'"));
      if (!held.includes(role)) {
        throw new ForbiddenException(
            "Your role in project '"
                + project
                + "' is "
                + held.json()
                + "; a token cannot carry more ("
                + role.json()
                + ")");
      }
    } else if (caller.token() != null && caller.token().project() != null) {
      throw new ForbiddenException(
          "A token scoped to project '"
              + caller.token().project()
              + "' can only issue tokens scoped to it");
    }
    String value = TOKEN_PREFIX + randomSecret(32);
    long id =
        accounts.insertToken(
            digest(value), name.trim(), caller.username(), project, role, now, expires);
    audit.record(caller.username(), "token.create", project, "token " + id, name.trim());
    return TokenView.of(accounts.token(id).orElseThrow(), value);
  }

  /** A token as its owner sees it (without its value). */
  public Optional<TokenView> token(long id) {
    return accounts.token(id).map(t -> TokenView.of(t, null));
  }

  /** The caller's tokens, or everyone's for an admin asking for all. */
  public List<TokenView> tokens(Caller caller, boolean all) {
    if (all && !caller.platformAdmin()) {
      throw new ForbiddenException("Only an admin may list every user's tokens");
    }
    return accounts.tokens(all ? null : caller.username()).stream()
        .map(t -> TokenView.of(t, null))
        .toList();
  }

  @Transactional
  public void revoke(Caller caller, long id) {
    Accounts.Token token =
        accounts
            .token(id)
            .filter(t -> caller.platformAdmin() || t.username().equals(caller.username()))
            .orElseThrow(() -> new NotFoundException("Token " + id));
    accounts.revokeToken(token.id(), now());
    audit.record(caller.username(), "token.revoke", token.project(), "token " + id, token.name());
  }

  /** The caller a token's value stands for, if it is valid now. */
  public Optional<Caller> authenticate(String value) {
    if (value == null || !value.startsWith(TOKEN_PREFIX)) {
      return Optional.empty();
    }
    return accounts.tokenByDigest(digest(value)).flatMap(this::callerOf);
  }

  /** The caller of a token remembered by id (a browser logged in with {@code ?token=}). */
  public Optional<Caller> callerOfToken(long id) {
    return accounts.token(id).flatMap(this::callerOf);
  }

  /** The caller of a user logged in with a password. */
  public Optional<Caller> callerOfUser(String username) {
    return accounts
        .user(username)
        .filter(u -> !u.disabled())
        .map(u -> new Caller(u.username(), u.admin(), projects.rolesOf(u.username()), null));
  }

  private Optional<Caller> callerOf(Accounts.Token t) {
    OffsetDateTime now = now();
    if (t.revokedAt() != null || !t.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    if (t.lastUsedAt() == null || t.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
      accounts.touchToken(t.id(), now);
    }
    return callerOfUser(t.username())
        .map(
            c ->
                new Caller(
                    c.username(),
                    c.admin(),
                    c.roles(),
                    new Caller.TokenScope(
                        t.id(), t.project(), t.role() == null ? null : Role.valueOf(t.role()))));
  }

  private Accounts.User existing(String username) {
    return accounts
        .user(username)
        .orElseThrow(() -> new NotFoundException("User '" + username + "'"));
  }

  private static String checkedPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidFieldException(
          "password", "must have at least " + MIN_PASSWORD + " characters");
    }
    if (password.length() > 72) {
      // bcrypt reads 72 bytes; longer passwords would be silently cut.
      throw new InvalidFieldException("password", "must have at most 72 characters");
    }
    return password;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  static String digest(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String randomSecret(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
