package io.kmirror.replicator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code kmirror}: the top-level command, which only dispatches.
 *
 * <p>To add a command: write a class in this package annotated {@code @Command(name = "run",
 * description = ...)} (it inherits {@code --help} and {@code --version}) that implements {@code
 * Callable<Integer>} returning an {@link ExitCode}; take a {@link Console} in its constructor if it
 * prints; read the topology with {@code @Mixin TopologyFile file} and {@code file.parse()}; and add
 * the class to {@code subcommands} below. Throw {@link BadInputException} for bad input (exit 2);
 * an invalid topology throws {@code TopologyException} by itself (exit 2, every problem printed);
 * anything else is a runtime failure (exit 1, one line). Never call {@code System.exit}: {@link
 * Main} does.
 */
@Command(
    name = "kmirror",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Replicates Kafka data between clusters, from one MirrorMaker 2 properties file.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      ValidateCommand.class,
      FailoverCommand.class,
      FailbackCommand.class,
      DrillCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:runtime failure (a flow refused for good at start, a cluster validate --connect"
          + " cannot use, a drill or failover that failed)",
      "2:bad input or usage (an invalid topology file, an unknown option)"
    })
final class KmirrorCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      description =
          "how much kmirror logs to standard error: ${COMPLETION-CANDIDATES} (default: INFO;"
              + " Kafka's own clients log warnings and errors only)")
  void logLevel(LogLevel level) {
    level.apply();
  }

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "log errors only (results and problems are still printed)")
  void quiet(boolean quiet) {
    if (quiet) {
      LogLevel.quiet();
    }
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: give one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
