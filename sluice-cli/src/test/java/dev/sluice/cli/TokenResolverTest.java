package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenResolverTest {
  private static final String SERVER = "http://localhost:8080";

  @TempDir Path dir;
  private CredentialsFile credentials;
  private Path tokenFile;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void allFourSources() throws IOException {
    credentials = new CredentialsFile(dir.resolve("credentials"));
    credentials.save(SERVER, "slc_saved", "ann");
    tokenFile = dir.resolve("admin.token");
    Files.writeString(tokenFile, "slc_file\n");
    env.put("SLUICE_TOKEN", "slc_env");
    env.put("SLUICE_TOKEN_FILE", tokenFile.toString());
    env.put("SLUICE_TOKEN_FILE_URL", SERVER);
  }

  @Test
  void theOptionComesFirst() throws IOException {
    Token token = TokenResolver.resolve("slc_option", env, credentials, SERVER).orElseThrow();

    assertThat(token.value()).isEqualTo("slc_option");
    assertThat(token.source()).isEqualTo(Token.Source.OPTION);
  }

  @Test
  void thenTheEnvironment() throws IOException {
    Token token = TokenResolver.resolve(null, env, credentials, SERVER).orElseThrow();

    assertThat(token.value()).isEqualTo("slc_env");
    assertThat(token.source()).isEqualTo(Token.Source.ENV);
  }

  @Test
  void thenTheTokenSavedForThatServer() throws IOException {
    env.put("SLUICE_TOKEN", "");

    Token token = TokenResolver.resolve(null, env, credentials, SERVER + "/").orElseThrow();

    assertThat(token.value()).isEqualTo("slc_saved");
    assertThat(token.source()).isEqualTo(Token.Source.SAVED);
    assertThat(token.origin()).isEqualTo(credentials.path().toString());
  }

  @Test
  void thenTheTokenFileWhenNothingIsSavedForItsServer() throws IOException {
    env.remove("SLUICE_TOKEN");
    env.put("SLUICE_TOKEN_FILE_URL", "http://localhost:9090/");

    Token token =
        TokenResolver.resolve(null, env, credentials, "http://localhost:9090").orElseThrow();

    assertThat(token.value()).isEqualTo("slc_file");
    assertThat(token.source()).isEqualTo(Token.Source.FILE);
    assertThat(token.origin()).isEqualTo(tokenFile.toString());
    assertThat(TokenResolver.fileNotFor(env, "http://localhost:9090//")).isEmpty();
  }

  @Test
  void theTokenFileIsNeverSentToAnotherServer() throws IOException {
    env.remove("SLUICE_TOKEN");

    for (String other :
        List.of("https://other.example", "http://localhost:8081", "http://localhost:8080/api")) {
      assertThat(TokenResolver.resolve(null, env, credentials, other)).as(other).isEmpty();
      assertThat(TokenResolver.fileNotFor(env, other))
          .as(other)
          .contains("the token in " + tokenFile + " (SLUICE_TOKEN_FILE) is for " + SERVER);
    }
  }

  @Test
  void withoutItsServersUrlTheTokenFileIsNotUsed() throws IOException {
    env.remove("SLUICE_TOKEN");
    env.remove("SLUICE_TOKEN_FILE_URL");
    CredentialsFile none = new CredentialsFile(dir.resolve("none"));

    assertThat(TokenResolver.resolve(null, env, none, SERVER)).isEmpty();
    assertThat(TokenResolver.fileNotFor(env, SERVER))
        .contains("SLUICE_TOKEN_FILE is used only with SLUICE_TOKEN_FILE_URL naming its server");
  }

  @Test
  void noTokenAtAll() throws IOException {
    Optional<Token> token =
        TokenResolver.resolve(
            null, Map.of(), new CredentialsFile(dir.resolve("none")), "http://other:8080");

    assertThat(token).isEmpty();
  }

  @Test
  void anUnreadableTokenFileIsNamed() {
    Path missing = dir.resolve("missing.token");

    assertThatThrownBy(
            () ->
                TokenResolver.resolve(
                    null,
                    Map.of(
                        "SLUICE_TOKEN_FILE",
                        missing.toString(),
                        "SLUICE_TOKEN_FILE_URL",
                        "http://other:8080"),
                    credentials,
                    "http://other:8080"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "Cannot read the token file " + missing + " named by SLUICE_TOKEN_FILE");
  }

  @Test
  void anEmptyOptionIsRefused() {
    assertThatThrownBy(() -> TokenResolver.resolve(" ", env, credentials, SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--token is empty");
  }

  @Test
  void aTokenNeverShowsItsValue() {
    Token token = new Token("slc_secret", Token.Source.ENV, "SLUICE_TOKEN");

    assertThat(token.toString()).doesNotContain("slc_secret");
    assertThat(token.describe()).doesNotContain("slc_secret");
  }
}
