package io.kmirror.replicator.cli;

import io.kmirror.replicator.failover.ReturnPath;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code kmirror failback FILE --from B --to A ...}: the way home after a failover, through the
 * reverse flow B->A, which must be in the file and must have mirrored B's new data to A. Groups'
 * positions on B's copies of A's topics ({@code A.orders}), which B->A never sends back, return to
 * A's originals through the forward flow A->B's offset index on B. The same plan, refusals and exit
 * statuses as failover. Runbook: docs/failover.md.
 */
@Command(
    name = "failback",
    description = {
      "Moves consumer groups back after a failover, through the reverse flow.",
      "After a failover A->B, run it --from B --to A once B->A has mirrored B's new",
      "data to A. Positions on B's copies of A's topics (A.orders) return to A's",
      "originals through A->B's offset index on B. Otherwise exactly as failover."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every planned commit succeeded (dry run: would succeed), every partition exact",
      "1:a commit failed, a group was refused, or a partition is not exact (each named)",
      "2:bad input: invalid file, unknown cluster, no reverse flow, no --group/--all-groups"
    })
final class FailbackCommand extends GroupMoveCommand {

  FailbackCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "failback";
  }

  /**
   * The forward flow A->B wrote B's copies of A's topics ({@code A.orders}); groups that consumed
   * them after the failover get their positions on A's originals from its index.
   */
  @Override
  Optional<ReturnPath> returnPath(Topology topology, FlowEndpoints endpoints) {
    return Optional.of(ReturnPath.of(topology, endpoints));
  }

  @Override
  String missingFlow(Topology topology, FlowId flow) {
    return topology.file()
        + " has no flow "
        + flow
        + ": failback needs the reverse flow of the failover (add "
        + flow
        + ".enabled = true and run it until "
        + flow.target()
        + " has "
        + flow.source()
        + "'s data; flows: "
        + FlowArgs.flows(topology)
        + ")";
  }
}
