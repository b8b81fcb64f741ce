package io.kmirror.replicator.cli;

import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import picocli.CommandLine.Command;

/**
 * {@code kmirror failover FILE --from A --to B (--group G ... | --all-groups) [--dry-run]}: commits
 * on B the translated offsets of groups that consumed on A, so their consumers can start on B where
 * they stopped on A. Runbook: docs/failover.md.
 */
@Command(
    name = "failover",
    description = {
      "Moves consumer groups to the target of a flow, at their translated offsets.",
      "Prints the plan (committed on the source, translated on the target, what the",
      "target lacks at the cut), refuses groups with active members on the target,",
      "then commits. If the source does not answer within --source-timeout, the last",
      "checkpoints on the target are used instead."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every planned commit succeeded (dry run: would succeed), every partition exact",
      "1:a commit failed, a group was refused, or a partition is not exact (each named)",
      "2:bad input: invalid file, unknown cluster or flow, no --group/--all-groups, unknown group"
    })
final class FailoverCommand extends GroupMoveCommand {

  FailoverCommand(Console console) {
    super(console);
  }

  @Override
  String name() {
    return "failover";
  }

  @Override
  String missingFlow(Topology topology, FlowId flow) {
    return topology.file() + " has no flow " + flow + " (flows: " + FlowArgs.flows(topology) + ")";
  }
}
