package io.kmirror.replicator.cli;

import io.kmirror.replicator.runtime.ClientClassWarmup;
import java.util.Set;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar kmirror.jar}. Exit status: 0 success, 1 runtime failure, 2 bad
 * input or usage (see {@link ExitCode}).
 */
public final class Main {

  /**
   * Command lines that open no Kafka client. Every other command does, and gains from loading the
   * clients' classes early; listing the exceptions means a new or renamed client command keeps the
   * warm-up without anyone remembering to add it here.
   */
  private static final Set<String> NO_CLIENT_COMMANDS =
      Set.of("validate", "help", "-h", "--help", "-V", "--version");

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && !NO_CLIENT_COMMANDS.contains(args[0])) {
      ClientClassWarmup.start();
    }
    int status = run(Console.system(), args);
    System.exit(status);
  }

  /** Runs one command line against {@code console} and returns its exit status; never exits. */
  public static int run(Console console, String... args) {
    int status = commandLine(console).execute(args);
    console.flush();
    return status;
  }

  /** The {@code kmirror} command with every subcommand, writing to {@code console}. */
  static CommandLine commandLine(Console console) {
    CommandLine commandLine = new CommandLine(KmirrorCommand.class, new CommandFactory(console));
    commandLine.setOut(console.out());
    commandLine.setErr(console.err());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler(console));
    commandLine.setExecutionExceptionHandler(new FailureHandler(console));
    commandLine.setExitCodeExceptionMapper(e -> ExitCode.FAILURE);
    return commandLine;
  }
}
