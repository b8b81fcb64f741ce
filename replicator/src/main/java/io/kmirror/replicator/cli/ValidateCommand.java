package io.kmirror.replicator.cli;

import io.kmirror.topology.ParsedTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmirror validate FILE [--json]}: checks a topology and shows how kmirror reads it. */
@Command(
    name = "validate",
    description = {
      "Checks a topology file and prints its clusters, flows and replication pattern.",
      "Every problem is printed, one line each, to standard error; then the exit status is 2."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the file is valid (warnings may be printed)", "2:the file is not valid"})
final class ValidateCommand implements Callable<Integer> {

  private final Console console;

  @Mixin private TopologyFile file;

  @Option(
      names = "--json",
      description = "print the resolved topology as JSON (secrets shown as [hidden])")
  private boolean json;

  ValidateCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    ParsedTopology parsed = file.parse();
    if (json) {
      console.println(TopologyJson.of(parsed).encodePrettily());
    } else {
      ValidateReport.lines(parsed).forEach(console::println);
    }
    return ExitCode.OK;
  }
}
