package io.kmirror.replicator.failover;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.flow.OffsetTopics;
import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowClients;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What failback {@code B->A} needs of the forward flow {@code A->B} to carry groups' positions on
 * B's copies of A's topics back to A: its replication policy (to recognise {@code A.orders} on B)
 * and its offset index on B, read with B's client settings. Only B is contacted.
 *
 * <p>After a disaster the file may no longer name {@code A->B}. The index topic's name needs only
 * A's alias, and B's client settings come from cluster B, so only the policy is unknown; it is then
 * taken from {@code B->A}, where a top-level {@code replication.policy.class} lands as it would for
 * {@code A->B}, and the plan says so in a line.
 *
 * @param forward the forward flow bound to its clusters' addresses
 * @param notes lines for the plan saying what was assumed; empty when the file has the flow
 */
public record ReturnPath(FlowEndpoints forward, List<String> notes) {

  public ReturnPath {
    Objects.requireNonNull(forward, "forward");
    notes = List.copyOf(notes);
  }

  /** The return path of failback along {@code failback}, a flow of {@code topology}. */
  public static ReturnPath of(Topology topology, FlowEndpoints failback) {
    FlowId id = failback.flow().id().reverse();
    Optional<Flow> named = topology.flow(id);
    FlowEndpoints forward =
        new FlowEndpoints(
            named.orElseGet(() -> assumed(topology, failback.flow())),
            failback.targetBootstrap(),
            failback.sourceBootstrap());
    if (named.isPresent()) {
      return new ReturnPath(forward, List.of());
    }
    String note =
        "return path: "
            + topology.file()
            + " has no flow "
            + id
            + "; its offset index "
            + OffsetTopics.index(forward.flow())
            + " on "
            + id.target()
            + " is read with "
            + id.target()
            + "'s client settings, and "
            + id.source()
            + "'s topics on "
            + id.target()
            + " are recognised by "
            + failback.flow().id()
            + "'s replication policy ("
            + failback.flow().policy().kind().shortName()
            + ", separator \""
            + failback.flow().policy().separator()
            + "\")";
    return new ReturnPath(forward, List.of(note));
  }

  /**
   * {@code A->B} as far as failback needs it: the reverse flow's settings (only its policy is
   * used), and the clients of clusters A and B layered as the file would layer them for the flow.
   */
  private static Flow assumed(Topology topology, Flow failback) {
    Cluster source = topology.cluster(failback.target()).orElseThrow();
    Cluster target = topology.cluster(failback.source()).orElseThrow();
    FlowClients clients =
        new FlowClients(
            layered(source, source.consumer()),
            layered(source, source.admin()),
            layered(source, source.producer()),
            layered(target, target.producer()),
            layered(target, target.admin()),
            layered(target, target.consumer()));
    return new Flow(
        failback.id().reverse(),
        false,
        failback.policy(),
        failback.topics(),
        failback.groups(),
        failback.heartbeats(),
        clients,
        failback.tasksMax(),
        failback.loopPrevention());
  }

  private static ClientConfig layered(Cluster cluster, ClientConfig role) {
    return cluster.common().with(role);
  }
}
