package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command below a group (such as {@code artifacts upload}) that reaches the root's options. */
abstract class Subcommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The root command: the server, the token and the output format. */
  SluiceCli root() {
    CommandLine c = spec.commandLine();
    while (c.getParent() != null) {
      c = c.getParent();
    }
    return (SluiceCli) c.getCommand();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
