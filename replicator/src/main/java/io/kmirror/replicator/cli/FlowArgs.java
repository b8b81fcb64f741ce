package io.kmirror.replicator.cli;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves {@code --from A --to B} against a topology into the flow and both clusters' addresses,
 * or one line of bad input: a cluster the file does not name, a flow it lacks, an embedded cluster
 * (which only lives inside the {@code kmirror run} process that started it).
 */
final class FlowArgs {

  private FlowArgs() {}

  /**
   * @param missingFlow the message when the file has no such flow, given the flow asked for
   */
  static FlowEndpoints resolve(
      Topology topology, String from, String to, Function<FlowId, String> missingFlow) {
    Cluster source = cluster(topology, "--from", from);
    Cluster target = cluster(topology, "--to", to);
    if (from.equals(to)) {
      throw new BadInputException(
          "--from and --to both name cluster " + from + "; expected two clusters");
    }
    FlowId id = new FlowId(from, to);
    Optional<Flow> flow = topology.flow(id);
    if (flow.isEmpty()) {
      throw new BadInputException(missingFlow.apply(id));
    }
    return new FlowEndpoints(flow.get(), address(topology, source), address(topology, target));
  }

  static String flows(Topology topology) {
    return topology.flows().isEmpty()
        ? "none"
        : topology.flows().stream().map(f -> f.id().toString()).collect(Collectors.joining(", "));
  }

  private static Cluster cluster(Topology topology, String option, String name) {
    return topology
        .cluster(name)
        .orElseThrow(
            () ->
                new BadInputException(
                    option
                        + " "
                        + name
                        + " names no cluster in "
                        + topology.file()
                        + " (clusters: "
                        + topology.clusters().stream()
                            .map(Cluster::name)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  private static String address(Topology topology, Cluster cluster) {
    if (cluster.bootstrap() instanceof Bootstrap.External external) {
      return external.servers();
    }
    throw new BadInputException(
        "cluster "
            + cluster.name()
            + " is embedded in "
            + topology.file()
            + " (it lives only inside the process that started it); set "
            + cluster.name()
            + ".bootstrap.servers to its address");
  }
}
