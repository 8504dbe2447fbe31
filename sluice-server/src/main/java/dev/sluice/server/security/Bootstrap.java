package dev.sluice.server.security;

import dev.sluice.server.config.OwnerOnlyFiles;
import dev.sluice.server.config.SluiceProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first start of an empty store: a user {@code admin} with a generated password and an admin
 * API token. Both are printed once to the console (never to the log); the token is also written to
 * {@code <data-dir>/admin.token}, readable by its owner only, for the CLI of the same install.
 */
@Component
public class Bootstrap {
  static final String ADMIN = "admin";
  private final AccountService accounts;
  private final SluiceProperties properties;
  private final Environment environment;
  private final Audit audit;

  public Bootstrap(
      AccountService accounts, SluiceProperties properties, Environment environment, Audit audit) {
    this.accounts = accounts;
    this.properties = properties;
    this.environment = environment;
    this.audit = audit;
  }

  /** Creates the admin if there is no user yet; returns whether it did. */
  public synchronized boolean createAdminIfNone(PrintStream console) {
    if (accounts.anyUser()) {
      return false;
    }
    AccountService.UserView admin = accounts.createUser(ADMIN, null, true);
    Caller caller = accounts.callerOfUser(ADMIN).orElseThrow();
    AccountService.TokenView token =
        accounts.issue(caller, "admin (first start)", null, null, 3650);
    writeTokenFile(token.token());
    audit.record("sluice", "user.create", null, "user " + ADMIN, "first start");
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    console.println();
    console.println("==================================================================");
    console.println(" Sluice: first start. These are shown once; keep them.");
    console.println("   user:      " + ADMIN);
    console.println("   password:  " + admin.password());
    console.println("   API token: " + token.token());
    console.println("   (the token is in " + tokenFile() + " for the CLI of this install)");
    console.println("   open:      http://localhost:" + port + "/?token=" + token.token());
    console.println("==================================================================");
    console.println();
    console.flush();
    return true;
  }

  Path tokenFile() {
    return properties.dataDir().resolve("admin.token");
  }

  private void writeTokenFile(String token) {
    Path file = tokenFile();
    try {
      OwnerOnlyFiles.write(file, token + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
