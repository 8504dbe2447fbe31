package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {
  @Test
  void rolesIncludeTheRolesBelowThem() {
    assertThat(Role.OWNER.includes(Role.OPERATOR)).isTrue();
    assertThat(Role.OPERATOR.includes(Role.DEVELOPER)).isTrue();
    assertThat(Role.DEVELOPER.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.DEVELOPER)).isFalse();
    assertThat(Role.parse("Operator")).isEqualTo(Role.OPERATOR);
  }

  @Test
  void aUserHasTheRolesOfItsProjectsAndAnAdminIsOwnerEverywhere() {
    Caller ana = new Caller("ana", false, Map.of("risk", Role.DEVELOPER), null);
    assertThat(ana.may("risk", Role.DEVELOPER)).isTrue();
    assertThat(ana.may("risk", Role.OPERATOR)).isFalse();
    assertThat(ana.roleIn("marketing")).isEmpty();

    Caller admin = new Caller("root", true, Map.of(), null);
    assertThat(admin.roleIn("marketing")).contains(Role.OWNER);
    assertThat(admin.platformAdmin()).isTrue();
  }

  @Test
  void aScopedTokenOfAnAdminIsNeitherAdminNorWiderThanItsScope() {
    Caller scoped =
        new Caller("root", true, Map.of(), new Caller.TokenScope(7, "risk", Role.VIEWER));
    assertThat(scoped.platformAdmin()).isFalse();
    assertThat(scoped.roleIn("risk")).contains(Role.VIEWER);
    assertThat(scoped.roleIn("marketing")).isEmpty();
  }

  @Test
  void aTokenNeverRaisesTheUsersRole() {
    Caller lowered =
        new Caller(
            "ana",
            false,
            Map.of("risk", Role.VIEWER),
            new Caller.TokenScope(7, "risk", Role.OWNER));
    assertThat(lowered.roleIn("risk")).contains(Role.VIEWER);
  }
}
