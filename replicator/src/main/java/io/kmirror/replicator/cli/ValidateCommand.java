package io.kmirror.replicator.cli;

import io.kmirror.replicator.preflight.Preflight;
import io.kmirror.topology.ParsedTopology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmirror validate FILE [--json] [--connect]}: checks a topology and shows how kmirror reads
 * it; with {@code --connect}, also asks its clusters (see {@link Preflight}).
 */
@Command(
    name = "validate",
    description = {
      "Checks a topology file and prints its clusters, flows and replication pattern.",
      "Every problem is printed, one line each, to standard error; then the exit status is 2."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the file is valid (warnings may be printed); with --connect, every cluster was usable",
      "1:with --connect: a cluster could not be reached or a permission is missing",
      "2:the file is not valid"
    })
final class ValidateCommand implements Callable<Integer> {

  private final Console console;

  @Mixin private TopologyFile file;

  @Option(
      names = "--json",
      description = "print the resolved topology as JSON (secrets shown as [hidden])")
  private boolean json;

  @Option(
      names = "--connect",
      description =
          "also reach every cluster of every enabled flow with its admin settings and check"
              + " every ACL the flow needs, as that principal (one line per missing one)")
  private boolean connect;

  @Option(
      names = "--connect-timeout",
      paramLabel = "S",
      defaultValue = "10",
      description = "bound of each --connect call, in seconds (default: ${DEFAULT-VALUE})")
  private int connectTimeout;

  @Option(
      names = "--no-resolve",
      description =
          "do not follow ${env:...}, ${file:...} and ${dir:...} references (their syntax and"
              + " providers are still checked): for a file checked away from the machine that"
              + " holds its secrets")
  private boolean noResolve;

  ValidateCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    if (noResolve && connect) {
      throw new BadInputException("--no-resolve and --connect exclude each other");
    }
    ParsedTopology parsed = noResolve ? file.parseWithoutFollowingReferences() : file.parse();
    if (json) {
      console.println(TopologyJson.of(parsed).encodePrettily());
    } else {
      ValidateReport.lines(parsed).forEach(console::println);
    }
    return connect ? preflight(parsed) : ExitCode.OK;
  }

  /** One line per check: facts on standard output, problems on standard error; 1 if any. */
  private int preflight(ParsedTopology parsed) {
    if (connectTimeout < 1) {
      throw new BadInputException("--connect-timeout must be at least 1 second");
    }
    List<Preflight.Line> lines =
        Preflight.check(parsed.topology(), Duration.ofSeconds(connectTimeout));
    if (!json) {
      console.println("");
      console.println("Preflight (--connect)");
    }
    for (Preflight.Line line : lines) {
      if (line.problem()) {
        console.error("kmirror validate: " + line.text());
      } else if (!json) {
        console.println("  " + line.text());
      }
    }
    return lines.stream().anyMatch(Preflight.Line::problem) ? ExitCode.FAILURE : ExitCode.OK;
  }
}
