package dev.sluice.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the real CLI with a given environment and stdin, its exit code and output. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SluiceCli.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun of(Map<String, String> env, String... args) {
    return of(env, "", args);
  }

  /** A run against the server at {@code url} (given with --server before the command). */
  static CliRun against(String url, Map<String, String> env, String stdin, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--server";
    all[1] = url;
    System.arraycopy(args, 0, all, 2, args.length);
    return of(env, stdin, all);
  }

  /**
   * A run against the server at {@code url} as the caller of {@code token} (given with --token),
   * with its saved logins in {@code configHome} so that none of the machine's count.
   */
  static CliRun withToken(String url, java.nio.file.Path configHome, String token, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--token";
    all[1] = token;
    System.arraycopy(args, 0, all, 2, args.length);
    return against(url, Map.of("XDG_CONFIG_HOME", configHome.toString()), "", all);
  }
}
