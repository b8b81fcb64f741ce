package io.kmirror.replicator.demo;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Whether the replicator mirrors the demo's sample topics on every flow: topic sync made them
 * ready, and the flow's consumer group owns every partition of them. The demo starts its traffic
 * only then (or after a bounded wait), so the first records do not wait for the replicator's
 * start-up and the latency figures show the steady state. Runs on the demo's scheduler thread,
 * which owns {@code counts}.
 */
final class MirroringCheck {

  private final Topology topology;
  private final DemoPlan plan;
  private final int partitions;
  private final ReplicatorProcess process;
  private final Map<String, String> addresses;
  private final SampleCounts counts;

  /**
   * @param partitions partitions of each sample topic
   * @param addresses bootstrap servers per cluster
   */
  MirroringCheck(
      Topology topology,
      DemoPlan plan,
      int partitions,
      ReplicatorProcess process,
      Map<String, String> addresses,
      SampleCounts counts) {
    this.topology = topology;
    this.plan = plan;
    this.partitions = partitions;
    this.process = process;
    this.addresses = addresses;
    this.counts = counts;
  }

  boolean everyFlow() throws Exception {
    for (FlowId flow : plan.flows()) {
      if (!mirroring(flow)) {
        return false;
      }
    }
    return true;
  }

  /** Topic sync made the flow's sample topics ready, and its group owns all their partitions. */
  private boolean mirroring(FlowId id) throws Exception {
    List<DemoPlan.Route> routes = plan.routes(id);
    if (process.replicator().counters(id).topicsMirrored() < routes.size()) {
      return false;
    }
    Flow flow = topology.flow(id).orElseThrow();
    String group =
        new FlowEndpoints(flow, addresses.get(flow.source()), addresses.get(flow.target()))
            .groupId();
    ConsumerGroupDescription description =
        counts
            .admin(flow.source())
            .describeConsumerGroups(List.of(group))
            .describedGroups()
            .get(group)
            .get(5, TimeUnit.SECONDS);
    Set<String> topics =
        routes.stream().map(DemoPlan.Route::sourceTopic).collect(Collectors.toSet());
    long owned =
        description.members().stream()
            .flatMap(m -> m.assignment().topicPartitions().stream())
            .filter(tp -> topics.contains(tp.topic()))
            .count();
    return owned >= (long) topics.size() * partitions;
  }
}
