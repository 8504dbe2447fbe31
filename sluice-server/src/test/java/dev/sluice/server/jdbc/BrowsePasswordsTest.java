package dev.sluice.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowsePasswordsTest {
  @Test
  void aPasswordThatIsOneReferenceNamesItsSecret() {
    assertThat(BrowsePasswords.reference("${secret:crm_db.pw-1}")).isEqualTo("crm_db.pw-1");
    assertThat(BrowsePasswords.reference(" ${secret:pw} ")).isEqualTo("pw");
  }

  @Test
  void anyOtherPasswordIsThePasswordItself() {
    assertThat(BrowsePasswords.reference("hunter2")).isNull();
    assertThat(BrowsePasswords.reference("x${secret:pw}")).isNull();
    assertThat(BrowsePasswords.reference("${secret:}")).isNull();
    assertThat(BrowsePasswords.reference(null)).isNull();
  }
}
