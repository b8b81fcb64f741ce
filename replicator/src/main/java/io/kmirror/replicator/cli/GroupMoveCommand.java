package io.kmirror.replicator.cli;

import io.kmirror.replicator.failover.Failover;
import io.kmirror.replicator.failover.FailoverRequest;
import io.kmirror.replicator.failover.ReturnPath;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code kmirror failover} and {@code kmirror failback} share: both move consumer groups to
 * the target of one flow of the file; they differ only in which flow they expect and how they name
 * it when it is missing.
 */
abstract class GroupMoveCommand implements Callable<Integer> {

  private final Console console;

  @Mixin private TopologyFile file;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "CLUSTER",
      description = "the cluster the groups leave")
  private String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "CLUSTER",
      description = "the cluster the groups move to")
  private String to;

  @Option(
      names = "--group",
      paramLabel = "G",
      description = "a consumer group to move (repeatable)")
  private List<String> groups = new ArrayList<>();

  @Option(
      names = "--all-groups",
      description = "every group on the source that passes the flow's groups filter")
  private boolean allGroups;

  @Option(names = "--dry-run", description = "print the plan, commit nothing")
  private boolean dryRun;

  @Option(
      names = "--source-timeout",
      paramLabel = "S",
      defaultValue = "10",
      description =
          "seconds to wait for the source before using the checkpoints on the target (default: ${DEFAULT-VALUE})")
  private int sourceTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "30",
      description = "seconds each step on the target may take (default: ${DEFAULT-VALUE})")
  private int timeout;

  GroupMoveCommand(Console console) {
    this.console = console;
  }

  /** This command's name, as the user typed it. */
  abstract String name();

  /** The one line printed when the file lacks {@code flow}. */
  abstract String missingFlow(Topology topology, FlowId flow);

  /** Failback's way to carry positions on copies back; none for a failover. */
  Optional<ReturnPath> returnPath(Topology topology, FlowEndpoints endpoints) {
    return Optional.empty();
  }

  @Override
  public Integer call() throws Exception {
    ParsedTopology parsed = file.parse();
    parsed.warnings().stream().map(Problem::line).forEach(console::error);
    Topology topology = parsed.topology();
    FlowEndpoints endpoints = FlowArgs.resolve(topology, from, to, id -> missingFlow(topology, id));
    FailoverRequest request = request(endpoints);
    console.println(
        name()
            + " "
            + endpoints.flow().id()
            + (dryRun ? " (dry run)" : "")
            + ": "
            + (allGroups
                ? "every group matching the flow's groups filter"
                : String.join(", ", groups)));
    Failover.Result result;
    try {
      result = Failover.run(request, returnPath(topology, endpoints), dryRun, console::println);
    } catch (Failover.UnknownGroupsException e) {
      throw new BadInputException(e.getMessage());
    }
    return result.complete() ? ExitCode.OK : ExitCode.FAILURE;
  }

  private FailoverRequest request(FlowEndpoints endpoints) {
    if (groups.isEmpty() && !allGroups) {
      throw new BadInputException("give --group G (repeatable) or --all-groups");
    }
    if (!groups.isEmpty() && allGroups) {
      throw new BadInputException("--group and --all-groups exclude each other; give one");
    }
    if (sourceTimeout < 1 || timeout < 1) {
      throw new BadInputException("--source-timeout and --timeout must be at least 1 second");
    }
    return new FailoverRequest(
        endpoints,
        groups,
        allGroups,
        Duration.ofSeconds(sourceTimeout),
        Duration.ofSeconds(timeout));
  }
}
