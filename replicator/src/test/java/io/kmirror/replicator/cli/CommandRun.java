package io.kmirror.replicator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the command line, its exit status and what it printed. */
record CommandRun(int status, String out, String err) {

  static CommandRun of(String... args) {
    return of(Main::run, args);
  }

  /** Runs {@code args} on the command line {@code customise} may add test commands to. */
  static CommandRun with(java.util.function.Consumer<CommandLine> customise, String... args) {
    return of(
        (console, a) -> {
          CommandLine commandLine = Main.commandLine(console);
          customise.accept(commandLine);
          return commandLine.execute(a);
        },
        args);
  }

  private static CommandRun of(Runner runner, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
    int status = runner.run(console, args);
    console.flush();
    return new CommandRun(status, normalise(out), normalise(err));
  }

  List<String> outLines() {
    return Arrays.asList(out.split("\n", -1))
        .subList(0, Math.max(0, out.split("\n", -1).length - 1));
  }

  List<String> errLines() {
    return Arrays.asList(err.split("\n", -1))
        .subList(0, Math.max(0, err.split("\n", -1).length - 1));
  }

  private static String normalise(StringWriter writer) {
    return writer.toString().replace(System.lineSeparator(), "\n");
  }

  private interface Runner {
    int run(Console console, String... args);
  }
}
