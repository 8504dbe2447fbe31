package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.TestDatabases;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.fakes.MutableClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Users, passwords and tokens on both databases the store supports. */
class AccountServiceTest {
  static Stream<Arguments> databases() {
    return TestDatabases.kinds();
  }

  private final MutableClock clock = new MutableClock();
  private Accounts accounts;
  private Projects projects;
  private AccountService service;

  private void open(String kind) {
    JdbcClient jdbc = TestDatabases.migratedClient(kind);
    accounts = new Accounts(jdbc);
    projects = new Projects(jdbc);
    service = new AccountService(accounts, projects, new Audit(jdbc, clock), clock);
    projects.insert("risk", "Risk control", OffsetDateTime.now(clock));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void passwordsAreCheckedAgainstTheirHashOnly(String kind) {
    open(kind);
    AccountService.UserView created = service.createUser("ana", "correct horse", false);
    assertThat(created.password()).isNull();
    assertThat(accounts.user("ana").orElseThrow().passwordHash())
        .startsWith("$2")
        .doesNotContain("correct horse");

    assertThat(service.checkPassword("ana", "correct horse")).contains("ana");
    assertThat(service.checkPassword("ana", "wrong horse")).isEmpty();
    assertThat(service.checkPassword("nobody", "correct horse")).isEmpty();
    assertThat(service.checkPassword("ana", null)).isEmpty();

    service.disable("ana");
    assertThat(service.checkPassword("ana", "correct horse")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aUserWithoutAPasswordGetsAGeneratedOneOnce(String kind) {
    open(kind);
    AccountService.UserView bo = service.createUser("bo", null, true);
    assertThat(bo.password()).hasSizeGreaterThanOrEqualTo(24);
    assertThat(service.checkPassword("bo", bo.password())).contains("bo");
    assertThat(service.users()).extracting(AccountService.UserView::password).containsOnlyNulls();
    assertThatThrownBy(() -> service.createUser("bo", "another pw", false))
        .hasMessage("A user named 'bo' already exists");
    assertThatThrownBy(() -> service.createUser("Bad Name", "another pw", false))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith("username: ");
    assertThatThrownBy(() -> service.createUser("cy", "short", false))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("password: must have at least 8 characters");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aScopedTokenCarriesAtMostItsRoleInItsProjectOnly(String kind) {
    open(kind);
    service.createUser("ana", "correct horse", false);
    projects.setMember("risk", "ana", Role.OPERATOR);
    projects.insert("marketing", null, OffsetDateTime.now(clock));
    projects.setMember("marketing", "ana", Role.OWNER);
    Caller ana = service.callerOfUser("ana").orElseThrow();

    AccountService.TokenView token = service.issue(ana, "ci", "risk", Role.VIEWER, 30);
    assertThat(token.token()).startsWith("slc_").hasSize(4 + 43);
    assertThat(accounts.tokenByDigest(AccountService.digest(token.token()))).isPresent();
    assertThat(service.tokens(ana, false))
        .extracting(AccountService.TokenView::token)
        .containsOnlyNulls();

    Caller viaToken = service.authenticate(token.token()).orElseThrow();
    assertThat(viaToken.roleIn("risk")).contains(Role.VIEWER);
    assertThat(viaToken.roleIn("marketing")).isEmpty();
    assertThat(viaToken.platformAdmin()).isFalse();

    // No more than the user holds, and a scoped token cannot mint an unscoped one.
    assertThatThrownBy(() -> service.issue(ana, "too much", "risk", Role.OWNER, 30))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("Your role in project 'risk' is operator; a token cannot carry more (owner)");
    assertThatThrownBy(() -> service.issue(viaToken, "wider", null, null, 30))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.issue(ana, "elsewhere", "hr", Role.VIEWER, 30))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.issue(ana, "forever", null, null, 5000))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("expiresInDays: must be between 1 and 3650 (got 5000)");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void expiredRevokedAndDisabledTokensStopWorkingAtOnce(String kind) {
    open(kind);
    service.createUser("ana", "correct horse", true);
    Caller ana = service.callerOfUser("ana").orElseThrow();
    String week = service.issue(ana, "week", null, null, 7).token();
    String other = service.issue(ana, "other", null, null, 7).token();
    String third = service.issue(ana, "third", null, null, 30).token();
    assertThat(service.authenticate(week).orElseThrow().platformAdmin()).isTrue();

    clock.advance(Duration.ofDays(7));
    assertThat(service.authenticate(week)).isEmpty();
    assertThat(service.authenticate(third)).isPresent();

    long otherId = accounts.tokenByDigest(AccountService.digest(other)).orElseThrow().id();
    clock.advance(Duration.ofDays(-7));
    service.revoke(ana, otherId);
    assertThat(service.authenticate(other)).isEmpty();

    service.disable("ana");
    assertThat(service.authenticate(third)).isEmpty();
    assertThat(service.authenticate("slc_not-a-token")).isEmpty();
    assertThat(service.authenticate("Bearer x")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void onlyOwnTokensCanBeRevokedExceptByAnAdmin(String kind) {
    open(kind);
    service.createUser("ana", "correct horse", false);
    service.createUser("bo", "correct horse", false);
    Caller ana = service.callerOfUser("ana").orElseThrow();
    Caller bo = service.callerOfUser("bo").orElseThrow();
    long anaToken = service.issue(ana, "mine", null, null, 7).id();
    assertThatThrownBy(() -> service.revoke(bo, anaToken))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Token " + anaToken + " does not exist");
    assertThatThrownBy(() -> service.tokens(bo, true)).isInstanceOf(ForbiddenException.class);
  }
}
